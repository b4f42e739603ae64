import type { IncomingMessage } from 'node:http';
import type { Logger } from '@puchi/kafka';
import type { WebSocketServer } from 'ws';
import { createRateLimiter } from '../limits';

/** Open connections per key (a client IP). A key with none open is forgotten: memory follows the open sockets. */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();

  /** `max` connections per key; 0 or less counts without limiting. */
  constructor(private readonly max: number) {}

  /** Whether one more connection from `key` stays within the limit. */
  allows(key: string): boolean {
    return this.max <= 0 || this.count(key) < this.max;
  }

  opened(key: string): void {
    this.open.set(key, this.count(key) + 1);
  }

  closed(key: string): void {
    const left = this.count(key) - 1;
    if (left > 0) this.open.set(key, left);
    else this.open.delete(key);
  }

  count(key: string): number {
    return this.open.get(key) ?? 0;
  }

  /** Keys with a connection open. */
  get keys(): number {
    return this.open.size;
  }
}

/** One connection's messages as a token bucket: `take()` is false once it sends faster than allowed. */
export function messageRate(perSecond: number, burst: number, now?: () => number): { take(): boolean } {
  // The HTTP rate limiter's bucket, written once, with the one key a connection needs.
  const bucket = createRateLimiter({ perMinute: perSecond * 60, burst, maxKeys: 1, now });
  return { take: () => bucket.take('messages').allowed };
}

export interface ConnectionGuardOptions {
  /** Open connections one client IP may hold; one more is refused with HTTP 429. 0 turns the limit off. */
  maxPerIp: number;
  /** Messages (and pings) a connection may send per second on average; 0 turns the limit off. */
  messagesPerSecond: number;
  /** Messages a connection may send at once. */
  messageBurst: number;
  /** The client's address, read as for HTTP requests (`TRUST_PROXY`). */
  clientIp(req: IncomingMessage): string;
  /** How a connection that sends too fast is closed. */
  tooFast: { code: number; reason: string };
  logger: Logger;
}

/**
 * Limits what one client can hold and send on `wss`, before graphql-ws sees anything: connections per IP (an
 * upgrade over the limit is answered 429 and never becomes a WebSocket, so it costs no graphql-ws state and a
 * proxy or its logs see a plain HTTP status) and messages per connection (a token bucket; over it the socket
 * is closed with `tooFast.code`, and a client that keeps sending while it closes is cut off). Call it before
 * `useServer`, so each message is counted before graphql-ws handles it.
 */
export function guardConnections(wss: WebSocketServer, options: ConnectionGuardOptions): { connections: ConnectionCounter } {
  const connections = new ConnectionCounter(options.maxPerIp);
  // ws completes the handshake and emits 'connection' synchronously inside `done(true)`, so no other upgrade
  // from the same address can pass the check before this one is counted.
  wss.options.verifyClient = (info: { req: IncomingMessage }, done: (verified: boolean, code?: number, message?: string) => void) => {
    const ip = options.clientIp(info.req);
    if (connections.allows(ip)) return done(true);
    // Debug only: a client over its limit would otherwise write a log line per attempt.
    options.logger.debug('refusing a WebSocket upgrade: too many connections from one address', { ip, open: connections.count(ip) });
    done(false, 429, 'Too Many Requests');
  };
  wss.on('connection', (socket, req) => {
    const ip = options.clientIp(req);
    connections.opened(ip);
    socket.once('close', () => connections.closed(ip));
    if (options.messagesPerSecond <= 0) return;
    const rate = messageRate(options.messagesPerSecond, options.messageBurst);
    const count = () => {
      if (rate.take()) return;
      if (socket.readyState !== socket.OPEN) {
        // Still sending after we asked to close: stop reading it at all.
        socket.terminate();
        return;
      }
      options.logger.warn('closing a WebSocket that sends too fast', { ip, perSecond: options.messagesPerSecond, burst: options.messageBurst });
      socket.close(options.tooFast.code, options.tooFast.reason);
    };
    socket.on('message', count);
    socket.on('ping', count);
  });
  return { connections };
}
