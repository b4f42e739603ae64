import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@puchi/kafka';
import { register } from 'prom-client';

/**
 * `GET /metrics`: prom-client's global registry in Prometheus's text format (every family of this process: the
 * gateway's, the Kafka ones, Node's defaults, the circuits'). A page handler of the gateway's HTTP front: `true`
 * when it answered.
 */
export function metricsRoute(logger: Logger): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  return async (req, res, url) => {
    if (url.pathname !== '/metrics') return false;
    res.setHeader('cache-control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET, HEAD');
      res.end();
      return true;
    }
    try {
      const text = await register.metrics();
      res.statusCode = 200;
      res.setHeader('content-type', register.contentType);
      res.end(text);
    } catch (error) {
      logger.error('metrics collection failed', { error });
      res.statusCode = 500;
      res.end();
    }
    return true;
  };
}
