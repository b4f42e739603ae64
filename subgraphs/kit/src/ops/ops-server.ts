import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@puchi/kafka';
import { register } from 'prom-client';

/** Where a process serves its operations endpoints. */
export interface OpsListen {
  /** 0 takes any free port (tests); the process's entry turns `OPS_PORT=0` into no server at all. */
  port: number;
  host: string;
}

/** The ops port could not be bound (taken by another process, most often): the service does not start. */
export class OpsServerError extends Error {
  override readonly name = 'OpsServerError';
  readonly fix = 'set OPS_PORT to a free port, or OPS_PORT=0 for no ops endpoints';

  constructor(listen: OpsListen, cause: NodeJS.ErrnoException) {
    super(`cannot serve the ops endpoints on ${listen.host}:${listen.port}: ${cause.code ?? cause.message}`, { cause });
  }
}

/** `starting` until the process can do its work, `ready` while it can, `stopping` once it drains. */
export type Readiness = 'starting' | 'ready' | 'stopping';

export interface OpsServer {
  /** `http://<host>:<port>`, with the port actually bound. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The operations endpoints of a process that serves no HTTP otherwise (a domain service is Kafka-only):
 * `GET /metrics` (prom-client's global registry, Prometheus text format), `GET /health/live` (200 while the
 * process runs: a supervisor restarts it when this stops answering) and `GET /health/ready` (200 once it does its
 * work, 503 while `starting` or `stopping`: a load balancer or orchestrator waits for it). Liveness never depends
 * on readiness, so a store catching up for minutes is not killed for being slow.
 */
export async function startOpsServer(listen: OpsListen, readiness: () => Readiness, logger: Logger): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const json = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      json(405, { error: 'only GET' });
      return;
    }
    if (path === '/health/live') return json(200, { status: 'live' });
    if (path === '/health/ready') {
      const state = readiness();
      return json(state === 'ready' ? 200 : 503, { status: state });
    }
    if (path === '/metrics') {
      register.metrics().then(
        (text) => {
          res.statusCode = 200;
          res.setHeader('content-type', register.contentType);
          res.end(text);
        },
        (error: unknown) => {
          logger.error('metrics collection failed', { error });
          json(500, { error: 'metrics collection failed' });
        },
      );
      return;
    }
    json(404, { error: `nothing at ${path}; try /metrics, /health/live or /health/ready` });
  });
  // Scrapes and probes are small: a stuck client must not hold a socket for long.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new OpsServerError(listen, error)));
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}`;
  logger.info('ops endpoints listening', { url, paths: ['/metrics', '/health/live', '/health/ready'] });
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
