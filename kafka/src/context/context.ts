import { randomBytes } from 'node:crypto';
import type { RecordHeaders } from '../transport/port';
import { IDENTITY_HEADER } from './identity-token';

/** A signed-in caller. */
export interface Identity {
  userId: string;
  roles: readonly string[];
}

/**
 * Who is calling and which trace the work belongs to. The trace travels in plain headers; the caller travels
 * only as a gateway-signed token (`identity-token.ts`), which a `Responder` verifies: an identity in plain
 * headers would be anyone's to set, since Kafka is not a trust boundary.
 */
export interface CallContext {
  /** The caller, in this process. Never sent as such: on the wire only `identityToken` speaks for it. */
  identity?: Identity;
  /** The gateway-signed token for the request's target domain, sent as `x-puchi-identity`. */
  identityToken?: string;
  /** W3C Trace Context `traceparent` (`00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`). */
  traceparent?: string;
  /** W3C `tracestate`, passed through untouched. */
  tracestate?: string;
  /**
   * The key under which a write is done at most once (the client's `Idempotency-Key`, one per mutation field),
   * sent as `idempotency-key`; the service answering remembers it with its first result (see the kit's
   * `idempotency.ts`). Never read back into a context: events do not carry it this way.
   */
  idempotencyKey?: string;
}

export const CONTEXT_HEADERS = {
  identity: IDENTITY_HEADER,
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  idempotencyKey: 'idempotency-key',
} as const;

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Valid per W3C: version ff and all-zero ids are invalid, and a receiver must then ignore the header. */
export function isValidTraceparent(value: string): boolean {
  const m = TRACEPARENT.exec(value);
  if (!m) return false;
  const [, version, traceId, parentId] = m;
  return version !== 'ff' && !/^0+$/.test(traceId ?? '') && !/^0+$/.test(parentId ?? '');
}

/**
 * Random bytes for ids, drawn from a pool refilled 4 KiB at a time: `randomBytes(8)` per id cost the gateway
 * about 0.1 ms of CPU per request (two or three ids each; profiled at 50 q/s). Same source, fewer calls.
 */
const ID_POOL_BYTES = 4096;
let idPool = Buffer.alloc(0);
let idPoolOffset = 0;
function randomHex(bytes: number): string {
  if (idPoolOffset + bytes > idPool.length) {
    idPool = randomBytes(ID_POOL_BYTES);
    idPoolOffset = 0;
  }
  const hex = idPool.toString('hex', idPoolOffset, idPoolOffset + bytes);
  idPoolOffset += bytes;
  return hex;
}

/** A traceparent for a new trace (sampled). */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/** The traceparent to send downstream: same trace id and flags, a new span id for this hop. */
export function childTraceparent(parent: string | undefined): string {
  if (!parent || !isValidTraceparent(parent)) return newTraceparent();
  const [version, traceId, , flags] = parent.split('-');
  return `${version}-${traceId}-${randomHex(8)}-${flags}`;
}

export function contextToHeaders(context: CallContext | undefined): RecordHeaders {
  const headers: RecordHeaders = {};
  if (!context) return headers;
  if (context.identityToken) headers[CONTEXT_HEADERS.identity] = context.identityToken;
  if (context.idempotencyKey) headers[CONTEXT_HEADERS.idempotencyKey] = context.idempotencyKey;
  if (context.traceparent && isValidTraceparent(context.traceparent)) {
    headers[CONTEXT_HEADERS.traceparent] = context.traceparent;
    if (context.tracestate) headers[CONTEXT_HEADERS.tracestate] = context.tracestate;
  }
  return headers;
}

/** The trace of a received record. Identity is not read here: only a verified token gives one (see `Responder`). */
export function contextFromHeaders(headers: RecordHeaders): CallContext {
  const context: CallContext = {};
  const traceparent = headers[CONTEXT_HEADERS.traceparent];
  if (traceparent && isValidTraceparent(traceparent)) {
    context.traceparent = traceparent;
    const tracestate = headers[CONTEXT_HEADERS.tracestate];
    if (tracestate) context.tracestate = tracestate;
  }
  return context;
}
