/**
 * A request topic with its payload and reply types, declared once (next to the domain's message
 * contracts) and imported by both caller and responder, so the two cannot disagree silently.
 */
export interface Route<TRequest, TReply> {
  readonly name: string;
  /** Type carrier only; never set at run time. */
  readonly __types?: (request: TRequest) => TReply;
}

export function route<TRequest, TReply>(name: string): Route<TRequest, TReply> {
  return { name };
}

export type RequestOf<R> = R extends Route<infer Q, unknown> ? Q : never;
export type ReplyOf<R> = R extends Route<unknown, infer P> ? P : never;
