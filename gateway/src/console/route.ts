import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_LIST_LIMIT, type DeadLetters, type Identity, type Logger } from '@puchi/kafka';
import { ROLES } from '@puchi/subgraph-kit';
import type { Authenticator } from '../auth';
import { GATEWAY_CODES } from '../errors';
import { HttpError, parseJsonBody, readBody } from '../http/body';
import type { PageHandler } from '../http/handler';
import type { SharedAdmin } from '../shared-admin';
import { consoleGroups, consoleTopics, deadLetterCall, parseRedrive } from './api';
import { loadConsoleAssets, type ConsoleAssets } from './assets';

/** Where the page is; its data is under `/api/console/`. */
export const CONSOLE_PATH = '/console';
export const CONSOLE_API_PATH = '/api/console';

/**
 * Only what the page itself serves: its script and style sheet from this gateway, data from this gateway (fetch and
 * the graphql-ws socket are same-origin). Nothing inline, nothing from elsewhere.
 */
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface ConsoleOptions {
  auth: Pick<Authenticator, 'identify'>;
  admin: SharedAdmin;
  deadLetters: DeadLetters;
  logger: Logger;
}

function send(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(req.method === 'HEAD' ? undefined : body);
}

const sendJson = (req: IncomingMessage, res: ServerResponse, body: unknown) => send(req, res, 200, 'application/json; charset=utf-8', JSON.stringify(body));

/**
 * Who may look: a bearer token of an analyst or an admin (re-drive: admin). Only the Authorization header counts,
 * never a cookie, so another site cannot make a visitor's browser act here (CSRF): it cannot set that header.
 */
async function authorize(auth: ConsoleOptions['auth'], req: IncomingMessage, role: 'viewer' | 'admin'): Promise<Identity> {
  const header = req.headers.authorization;
  const identity = header ? await auth.identify(header).catch(() => undefined) : undefined;
  if (!identity) throw new HttpError(401, GATEWAY_CODES.unauthenticated, 'the console needs an analyst or admin token: Authorization: Bearer <token>');
  const admin = identity.roles.includes(ROLES.admin);
  if (role === 'admin' && !admin) throw new HttpError(403, GATEWAY_CODES.forbidden, 're-driving a dead letter needs the admin role');
  if (!admin && !identity.roles.includes(ROLES.analyst)) throw new HttpError(403, GATEWAY_CODES.forbidden, 'the console needs the analyst or admin role');
  return identity;
}

/**
 * The console: its page and assets under `/console` (built from `./page` by esbuild in this process, no CDN) and its
 * data under `/api/console/` (groups, topics, dead letters, re-drive). Services and their circuits come from
 * `/api/services/status` and the live tail from the `events` subscription, as any client would read them.
 */
export function consoleRoute(options: ConsoleOptions): PageHandler {
  const { auth, admin, deadLetters } = options;
  let assets: Promise<ConsoleAssets> | undefined;
  const load = () =>
    (assets ??= loadConsoleAssets().then(
      (built) => {
        options.logger.info('console assets ready', { buildMs: built.buildMs, bytes: built.script.length });
        return built;
      },
      (error: unknown) => {
        assets = undefined;
        throw error;
      },
    ));

  const api: Record<string, (req: IncomingMessage, url: URL) => Promise<unknown>> = {
    'GET /whoami': async (req) => {
      const identity = await authorize(auth, req, 'viewer');
      return { userId: identity.userId, roles: identity.roles, canRedrive: identity.roles.includes(ROLES.admin) };
    },
    'GET /groups': async (req) => (await authorize(auth, req, 'viewer'), consoleGroups(admin)),
    'GET /topics': async (req) => (await authorize(auth, req, 'viewer'), consoleTopics(admin)),
    'GET /dead-letters': async (req) => (await authorize(auth, req, 'viewer'), deadLetters.topics()),
    'GET /dead-letters/records': async (req, url) => {
      await authorize(auth, req, 'viewer');
      const topic = url.searchParams.get('topic');
      if (!topic) throw new HttpError(400, GATEWAY_CODES.badUserInput, 'topic: the .DLT to read');
      const limit = Number(url.searchParams.get('limit') ?? DEFAULT_LIST_LIMIT);
      return deadLetterCall((d) => d.list(topic, { limit }), deadLetters);
    },
    'POST /dead-letters/redrive': async (req) => {
      const identity = await authorize(auth, req, 'admin');
      // JSON only (parseJsonBody refuses other types with 415): a cross-site form cannot send it without a preflight.
      const target = parseRedrive(parseJsonBody(req, await readBody(req, 16 * 1024)) ?? {});
      const result = await deadLetterCall((d) => d.redrive(target.topic, target.partition, target.offset, { by: identity.userId }), deadLetters);
      options.logger.info('dead letter re-driven', { ...target, to: result.topic, by: identity.userId });
      return result;
    },
  };

  return async (req, res, url) => {
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    if (url.pathname.startsWith(`${CONSOLE_API_PATH}/`)) {
      const handler = api[`${method} ${url.pathname.slice(CONSOLE_API_PATH.length)}`];
      if (!handler) throw new HttpError(404, GATEWAY_CODES.notFound, `nothing at ${method} ${url.pathname}`);
      sendJson(req, res, await handler(req, url));
      return true;
    }
    if (method !== 'GET') return false;
    if (url.pathname === CONSOLE_PATH || url.pathname === `${CONSOLE_PATH}/`) {
      send(req, res, 200, 'text/html; charset=utf-8', (await load()).html, { 'content-security-policy': CONSOLE_CSP, 'referrer-policy': 'no-referrer' });
      return true;
    }
    if (url.pathname === `${CONSOLE_PATH}/console.js`) {
      send(req, res, 200, 'text/javascript; charset=utf-8', (await load()).script);
      return true;
    }
    if (url.pathname === `${CONSOLE_PATH}/console.css`) {
      send(req, res, 200, 'text/css; charset=utf-8', (await load()).css);
      return true;
    }
    return false;
  };
}
