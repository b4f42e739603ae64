/**
 * The request/reply wire format, in one place. It is NestJS's Kafka transport format (the seed system's
 * services are NestJS `@MessagePattern` handlers), plus a deadline header NestJS ignores.
 */
export const RPC_HEADERS = {
  correlationId: 'kafka_correlationId',
  replyTopic: 'kafka_replyTopic',
  /** A decimal string; NestJS's server `parseFloat`s it into the reply's partition. */
  replyPartition: 'kafka_replyPartition',
  /** On an error reply: JSON `{ code, message, retriable? }` from us; NestJS sends `{ status, message }` or a string. */
  error: 'kafka_nest-err',
  /** On the last reply of a stream. We send one reply per request, so always. */
  isDisposed: 'kafka_nest-is-disposed',
  /** Epoch ms after which the caller no longer waits: responders skip such requests. */
  deadline: 'x-deadline',
  /**
   * On a read sent to a partition other than its key's (a hedge, while the key's owner does not answer): that key's
   * partition. The instance answering first brings its store up to that partition's end of the event topic, so the
   * read still sees every acknowledged write of the key.
   */
  readBarrier: 'x-read-barrier',
} as const;

/**
 * The codes this layer itself puts in (or reads into) an error reply: the only error codes of the Kafka layer.
 * A handler's own error passes its `code` through as it is (the domains' codes are the kit's `ERROR_CODES`).
 */
export const RPC_ERROR_CODES = {
  /** The handler's error had no code, or the responder (NestJS) sent none. */
  internal: 'INTERNAL',
} as const;

/** What our responder sends in `kafka_nest-err`. NestJS's `ClientKafka` surfaces the parsed object as the error. */
export interface ErrorReply {
  /** Kept for NestJS clients, whose RPC exception filter convention is `{ status: 'error', message }`. */
  status: 'error';
  code: string;
  message: string;
  retriable?: boolean;
}

/** NestJS writes `Buffer.alloc(1)` as the disposed marker; any value means "last reply". */
export const IS_DISPOSED_VALUE = '\u0000';

/** Reads an error reply in any shape a responder may send (ours, NestJS's RPC exception filter, a bare string). */
export function parseErrorReply(raw: string): { code: string; message: string; retriable: boolean } {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>;
      const code = typeof o.code === 'string' ? o.code : typeof o.status === 'string' && o.status !== 'error' ? o.status : RPC_ERROR_CODES.internal;
      const message = typeof o.message === 'string' ? o.message : raw;
      return { code, message, retriable: o.retriable === true };
    }
    if (typeof parsed === 'string') return { code: RPC_ERROR_CODES.internal, message: parsed, retriable: false };
  } catch {
    // Not JSON: NestJS sends a thrown string as it is.
  }
  return { code: RPC_ERROR_CODES.internal, message: raw, retriable: false };
}

/** The error reply for something a handler threw. Only `code`, `message` and `retriable` cross the wire, never a stack. */
export function toErrorReply(error: unknown): ErrorReply {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; retriable?: unknown };
    return {
      status: 'error',
      code: typeof e.code === 'string' ? e.code : RPC_ERROR_CODES.internal,
      message: typeof e.message === 'string' ? e.message : 'handler failed',
      ...(typeof e.retriable === 'boolean' ? { retriable: e.retriable } : {}),
    };
  }
  return { status: 'error', code: RPC_ERROR_CODES.internal, message: String(error) };
}

/** Decodes a reply value: JSON, or the raw text when a NestJS service replied with a bare string. */
export function decodeReplyValue(value: Buffer | null): unknown {
  if (value === null || value.length === 0) return undefined;
  const text = value.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
