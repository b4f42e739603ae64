import type { IncomingMessage } from 'node:http';
import { GATEWAY_CODES } from '../errors';
import { LIMIT_CODES } from '../limits/codes';

/** A request the HTTP layer refuses before GraphQL sees it; `code` goes into the error body like a GraphQL error's. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * Reads the whole body, refusing more than `limitBytes` as soon as it is exceeded (never buffering it all).
 * The rest of a refused body is read and dropped, so the 413 reaches the client (destroying the request would
 * reset the connection before it is sent); the handler then closes the connection.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, LIMIT_CODES.payload, `the body is over ${limitBytes} bytes`);
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      reject(tooLarge());
      req.resume();
      return;
    }
    let chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limitBytes) {
        refused = true;
        chunks = [];
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON bodies only (Apollo Server's CSRF prevention relies on that for POST); undefined for an empty body. */
export function parseJsonBody(req: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/graphql-response+json') {
    throw new HttpError(415, GATEWAY_CODES.unsupportedMediaType, 'send the GraphQL request as application/json');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, GATEWAY_CODES.badRequest, 'the body is not valid JSON');
  }
}
