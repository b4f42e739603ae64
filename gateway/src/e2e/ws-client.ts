import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client for tests, with the token in `connection_init` as browsers send it. */
export function wsClient(httpUrl: string, token?: string): Client & { closedWith: Promise<{ code: number; reason: string }> } {
  let closed!: (c: { code: number; reason: string }) => void;
  const closedWith = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    // Refusals are what some tests expect; they read them from `closedWith`.
    onNonLazyError: () => undefined,
    lazy: false,
    on: { closed: (event) => closed({ code: (event as { code: number }).code, reason: String((event as { reason: string }).reason) }) },
  });
  return Object.assign(client, { closedWith });
}

export interface Collected<T> {
  results: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] }[];
  error?: unknown;
  done: Promise<void>;
  stop(): void;
}

/** Subscribes and collects every result until completed, failed or stopped. */
export function collect<T>(client: Client, query: string, variables?: Record<string, unknown>): Collected<T> {
  const collected = { results: [] } as unknown as Collected<T>;
  collected.done = new Promise<void>((resolve) => {
    collected.stop = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => void collected.results.push(result as Collected<T>['results'][number]),
        error: (error) => {
          collected.error = error;
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return collected;
}
