import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** One GraphQL POST: its JSON body and headers (a bearer token); or, with `method: 'GET'`, a GET of `path` (REST peers). */
export interface BenchRequest {
  body: string;
  headers: Record<string, string>;
  method?: 'GET' | 'POST';
  /** Path and query on the load's URL host; default the URL's own path. */
  path?: string;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  mode: 'rate' | 'closed';
  /** Queries/s asked for (fixed rate). */
  targetRate?: number;
  /** Concurrent connections (closed loop). */
  connections?: number;
  durationS: number;
  /** Responses received per second (errors included). */
  qps: number;
  responses: number;
  /** Non-2xx, GraphQL `errors` in a 2xx body, network errors and timeouts, and requests not sent (rate mode, too many in flight). */
  errors: { http: number; graphql: number; network: number; timeouts: number; dropped: number; total: number };
  /** First few error bodies or messages, to see what failed. */
  errorSamples: string[];
  /** Milliseconds from writing the request to the full response. */
  latencyMs: LatencySummary;
  /** Mean of the summed `extensions.kafkaRequests` over sampled responses; null when none carried it. */
  kafkaRequestsPerQuery: number | null;
  /** Fixed rate: how late the generator sent, p99 ms (large means the load generator itself was starved). */
  sendLagP99Ms?: number;
}

/** Every response's status and body go through this: counts errors and samples `extensions.kafkaRequests`. */
class ResponseChecker {
  http = 0;
  graphql = 0;
  readonly samples: string[] = [];
  private seen = 0;
  private kafkaTotal = 0;
  private kafkaSamples = 0;

  constructor(private readonly sampleEvery: number) {}

  check(status: number, body: string): void {
    this.seen++;
    if (status < 200 || status >= 300) {
      this.http++;
      this.keep(`HTTP ${status}: ${body.slice(0, 300)}`);
      return;
    }
    // Cheap test first: a body without "errors" needs no parsing.
    const hasErrors = body.includes('"errors"');
    if (!hasErrors && this.seen % this.sampleEvery !== 0) return;
    let parsed: { errors?: unknown[]; extensions?: { kafkaRequests?: Record<string, number> } };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      this.graphql++;
      this.keep(`unparsable body: ${body.slice(0, 300)}`);
      return;
    }
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
      this.graphql++;
      this.keep(JSON.stringify(parsed.errors).slice(0, 300));
    }
    const counts = parsed.extensions?.kafkaRequests;
    if (counts) {
      this.kafkaTotal += Object.values(counts).reduce((a, b) => a + b, 0);
      this.kafkaSamples++;
    }
  }

  keep(sample: string): void {
    if (this.samples.length < 3) this.samples.push(sample);
  }

  get kafkaRequestsPerQuery(): number | null {
    return this.kafkaSamples === 0 ? null : this.kafkaTotal / this.kafkaSamples;
  }
}

export function summarize(latencies: number[]): LatencySummary {
  if (latencies.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1]!, mean: latencies.reduce((a, b) => a + b, 0) / latencies.length };
}

/**
 * Open loop at a fixed rate: request i is due at start + i/rate whatever happened to the earlier ones (no
 * coordinated omission from a slow server), on keep-alive connections. Latency runs from writing the request;
 * the generator's own lateness is reported apart (`sendLagP99Ms`).
 */
export async function runFixedRate(url: string, rate: number, durationMs: number, next: () => BenchRequest, options: { maxInFlight?: number; timeoutMs?: number } = {}): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxInFlight ?? 512 });
  const checker = new ResponseChecker(5);
  const latencies: number[] = [];
  const lags: number[] = [];
  let network = 0;
  let timeouts = 0;
  let dropped = 0;
  let inFlight = 0;
  let responses = 0;
  const interval = 1000 / rate;
  const total = Math.round((durationMs / 1000) * rate);
  const start = performance.now();
  let sent = 0;
  let settle: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (settle = resolve));
  const finishOne = () => {
    inFlight--;
    if (sent === total && inFlight === 0) settle();
  };

  const fire = (due: number) => {
    if (inFlight >= (options.maxInFlight ?? 512)) {
      dropped++;
      return;
    }
    const { body, headers } = next();
    inFlight++;
    const sentAt = performance.now();
    lags.push(sentAt - due);
    const req = http.request(
      { agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          latencies.push(performance.now() - sentAt);
          responses++;
          checker.check(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
          finishOne();
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () => {
      timeouts++;
      req.destroy(new Error('timeout'));
    });
    req.on('error', (error) => {
      if (error.message !== 'timeout') network++;
      checker.keep(`network: ${error.message}`);
      finishOne();
    });
    req.end(body);
  };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        fire(start + sent * interval);
        sent++;
      }
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    tick();
  });
  if (inFlight > 0) await Promise.race([allDone, new Promise((r) => setTimeout(r, (options.timeoutMs ?? 10_000) + 1000))]);
  const durationS = (performance.now() - start) / 1000;
  agent.destroy();
  const errors = { http: checker.http, graphql: checker.graphql, network, timeouts, dropped, total: checker.http + checker.graphql + network + timeouts + dropped };
  return {
    mode: 'rate',
    targetRate: rate,
    durationS,
    qps: responses / durationS,
    responses,
    errors,
    errorSamples: checker.samples,
    latencyMs: summarize(latencies),
    kafkaRequestsPerQuery: checker.kafkaRequestsPerQuery,
    sendLagP99Ms: summarize(lags).p99,
  };
}

/** Closed loop: `connections` keep-alive connections, each sending its next request when the last is answered. */
export async function runClosedLoop(url: string, connections: number, durationMs: number, next: () => BenchRequest): Promise<LoadResult> {
  const checker = new ResponseChecker(20);
  const latencies: number[] = [];
  let responses = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options: autocannon.Options = {
      url,
      connections,
      duration: durationMs / 1000,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const r = next();
            if (r.method === 'GET') return { ...req, method: 'GET', path: r.path ?? req.path, body: undefined, headers: { ...r.headers } };
            return { ...req, ...(r.path ? { path: r.path } : {}), body: r.body, headers: { ...req.headers, 'content-type': 'application/json', ...r.headers } };
          },
          onResponse: (status, body) => checker.check(status, body),
        },
      ],
    };
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      responses++;
      latencies.push(responseTime);
    });
  });
  const network = result.errors - result.timeouts;
  const errors = { http: checker.http, graphql: checker.graphql, network, timeouts: result.timeouts, dropped: 0, total: checker.http + checker.graphql + network + result.timeouts };
  return {
    mode: 'closed',
    connections,
    durationS: result.duration,
    qps: responses / result.duration,
    responses,
    errors,
    errorSamples: checker.samples,
    latencyMs: summarize(latencies),
    kafkaRequestsPerQuery: checker.kafkaRequestsPerQuery,
  };
}
