/**
 * One GraphQL request to one gateway with a deadline, classified: data, a typed error (`extensions.code`), no answer
 * within the deadline, or a failed connection. Every request is recorded as an `Attempt`.
 */
import type { Attempt, Outcome } from './history';

export interface GraphQLAnswer {
  outcome: Outcome;
  data?: Record<string, unknown>;
  code?: string;
  retriable: boolean;
  message?: string;
}

export const RETRIABLE_CODES = new Set(['SERVICE_UNAVAILABLE', 'SERVICE_TIMEOUT']);

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { code?: string; retriable?: boolean } }[];
}

export interface RequestSpec {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  token?: string;
  idempotencyKey?: string;
  deadlineMs: number;
}

export async function graphql(spec: RequestSpec): Promise<GraphQLAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${spec.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: spec.query, variables: spec.variables ?? {} }),
      signal: AbortSignal.timeout(Math.max(1, Math.round(spec.deadlineMs))),
    });
    text = await res.text();
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { outcome: 'timeout', retriable: true, message: 'no answer within the deadline' };
    // undici fails a request it could not send or read with a TypeError whose cause says why; anything else is ours.
    if (!(error instanceof TypeError)) throw error;
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? 'FETCH_FAILED';
    return { outcome: 'transport', code: cause, retriable: true, message: String(error) };
  }
  let body: GraphQLBody;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    // A gateway answers HTTP errors (a 502 from a dying process, say) with some other body: not a typed answer.
    return { outcome: 'error', code: `HTTP_${res.status}`, retriable: res.status >= 500, message: text.slice(0, 200) };
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'UNTYPED';
    return { outcome: 'error', code, retriable: first.extensions?.retriable === true || RETRIABLE_CODES.has(code), message: first.message ?? '', ...(body.data ? { data: body.data } : {}) };
  }
  if (!body.data) return { outcome: 'error', code: `HTTP_${res.status}`, retriable: res.status >= 500, message: text.slice(0, 200) };
  return { outcome: 'data', data: body.data, retriable: false };
}

/** Runs `graphql` and records the attempt (times relative to `epoch`, a `performance.now()` value). */
export async function recordedRequest(spec: RequestSpec, meta: { op: string; learner: string; gateway: number }, record: (a: Attempt) => void, now: () => number): Promise<GraphQLAnswer> {
  const start = now();
  const answer = await graphql(spec);
  record({ ...meta, start, end: now(), outcome: answer.outcome, deadlineMs: spec.deadlineMs, ...(answer.code ? { code: answer.code } : {}) });
  return answer;
}
