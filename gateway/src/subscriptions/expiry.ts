/** The longest delay `setTimeout` keeps (2^31 − 1 ms, about 24.8 days): a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** What `closeAtExpiry` needs of a socket (`ws`'s WebSocket has it). */
export interface ExpiringSocket {
  readonly readyState: number;
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** `WebSocket.OPEN`. */
const OPEN = 1;

/**
 * Closes `socket` with `code` at `expiresAt` (epoch ms, the token's `exp`): a connection lives no longer than the
 * token that opened it. One timer per socket, unref'd (it never keeps a process alive: issue 16, processes exit
 * by themselves once closed) and cleared when the socket closes (it never outlives the socket, nor holds it).
 * Longer than `setTimeout` allows, it re-arms. Nothing is armed for a socket that is no longer open.
 */
export function closeAtExpiry(socket: ExpiringSocket, expiresAt: number, code: number, reason: string, now: () => number = Date.now): void {
  if (socket.readyState !== OPEN) return;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - now();
    if (left <= 0) {
      timer = undefined;
      socket.close(code, reason);
      return;
    }
    // Timers may fire a millisecond early; the next round closes it.
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  socket.once('close', () => clearTimeout(timer));
  arm();
}
