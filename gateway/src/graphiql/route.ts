import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@puchi/kafka';
import type { PageHandler } from '../http/handler';
import { ASSETS_PATH, loadGraphiqlAssets, type Asset, type GraphiqlAssets } from './assets';
import { GRAPHIQL_CSP, GRAPHIQL_HTML } from './page';

/** Where GraphiQL is served. */
export const GRAPHIQL_PATH = '/graphiql';

function send(req: IncomingMessage, res: ServerResponse, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.statusCode = 200;
  res.setHeader('content-type', contentType);
  res.setHeader('x-content-type-options', 'nosniff');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  // Names carry no hash (the page and Monaco ask for fixed ones): a reload revalidates and gets 304.
  const headers: Record<string, string> = { etag: asset.etag, 'cache-control': 'no-cache', vary: 'accept-encoding' };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (gzip) headers['content-encoding'] = 'gzip';
  send(req, res, asset.contentType, gzip ? asset.gzipped : asset.body, headers);
}

/**
 * GraphiQL at `/graphiql`, its assets at `/graphiql/assets/*`, all from this process (`./assets`). The page
 * answers at once and starts the build; its assets wait for it.
 */
export function graphiqlRoute(options: {
  logger: Logger;
  /** Default `loadGraphiqlAssets`: the bundle, built once per process. */
  load?: () => Promise<GraphiqlAssets>;
}): PageHandler {
  const load = options.load ?? loadGraphiqlAssets;
  let ready: Promise<GraphiqlAssets> | undefined;
  const assets = () =>
    (ready ??= load().then(
      (built) => {
        options.logger.info('graphiql assets ready', { buildMs: built.buildMs, bytes: built.bytes, files: built.files.size });
        return built;
      },
      (error: unknown) => {
        ready = undefined;
        throw error;
      },
    ));
  return async (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (url.pathname === GRAPHIQL_PATH || url.pathname === `${GRAPHIQL_PATH}/`) {
      // Warmed now so the script is (nearly) ready when the browser asks for it; a failure shows there.
      assets().catch(() => undefined);
      send(req, res, 'text/html; charset=utf-8', GRAPHIQL_HTML, { 'content-security-policy': GRAPHIQL_CSP, 'cache-control': 'no-cache', 'referrer-policy': 'no-referrer' });
      return true;
    }
    if (!url.pathname.startsWith(`${ASSETS_PATH}/`)) return false;
    const asset = (await assets()).files.get(url.pathname.slice(ASSETS_PATH.length + 1));
    if (!asset) return false;
    sendAsset(req, res, asset);
    return true;
  };
}
