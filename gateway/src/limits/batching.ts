import { LIMIT_CODES } from './codes';

export interface BatchingOptions {
  /** Several operations in one HTTP request (a JSON array). Default off, as Apollo Server's `allowBatchedHttpRequests`. */
  enabled: boolean;
  /** Operations in one batch when enabled. */
  maxSize: number;
}

export interface Rejection {
  status: number;
  code: string;
  message: string;
}

/** A JSON array body is a batch: refused when batching is off or the batch is larger than allowed. */
export function checkBatch(body: unknown, options: BatchingOptions): Rejection | undefined {
  if (!Array.isArray(body)) return undefined;
  if (!options.enabled) return { status: 400, code: LIMIT_CODES.batching, message: 'batched requests are not accepted; send one operation per request' };
  if (body.length > options.maxSize) return { status: 400, code: LIMIT_CODES.batchSize, message: `a batch may hold at most ${options.maxSize} operations` };
  return undefined;
}
