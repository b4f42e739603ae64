import { EventEmitter } from 'node:events';
import { closeAtExpiry } from './expiry';

const T0 = Date.UTC(2030, 0, 1);
const FORBIDDEN = 4403;

/** A socket that records how it was closed and says so as `ws` does. */
function fakeSocket() {
  const events = new EventEmitter();
  const socket = {
    readyState: 1,
    closedWith: undefined as { code: number; reason: string } | undefined,
    close(code: number, reason: string) {
      socket.readyState = 3;
      socket.closedWith = { code, reason };
      events.emit('close');
    },
    once: (event: 'close', listener: () => void) => events.once(event, listener),
  };
  return socket;
}

describe('closing a connection when its token expires', () => {
  afterEach(() => jest.useRealTimers());

  it('closes with 4403 at exp, not before', () => {
    jest.useFakeTimers({ now: T0 });
    const socket = fakeSocket();
    closeAtExpiry(socket, T0 + 5000, FORBIDDEN, 'Forbidden: the token has expired');
    jest.advanceTimersByTime(4999);
    expect(socket.closedWith).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(socket.closedWith).toEqual({ code: FORBIDDEN, reason: 'Forbidden: the token has expired' });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('clears its timer when the socket closes first', () => {
    jest.useFakeTimers({ now: T0 });
    const socket = fakeSocket();
    closeAtExpiry(socket, T0 + 60_000, FORBIDDEN, 'expired');
    expect(jest.getTimerCount()).toBe(1);
    socket.close(1000, 'bye');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('waits out an expiry past what one setTimeout can hold', () => {
    jest.useFakeTimers({ now: T0 });
    const socket = fakeSocket();
    const thirtyDays = 30 * 24 * 60 * 60 * 1000;
    closeAtExpiry(socket, T0 + thirtyDays, FORBIDDEN, 'expired');
    jest.advanceTimersByTime(thirtyDays - 1);
    expect(socket.closedWith).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(socket.closedWith?.code).toBe(FORBIDDEN);
  });

  it('arms nothing for a socket that already closed (it closed while its token was being verified)', () => {
    jest.useFakeTimers({ now: T0 });
    const socket = fakeSocket();
    socket.close(1001, 'gone');
    closeAtExpiry(socket, T0 + 60_000, FORBIDDEN, 'expired');
    expect(jest.getTimerCount()).toBe(0);
    expect(socket.closedWith?.code).toBe(1001);
  });

  it('never keeps the process alive', () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const socket = fakeSocket();
    closeAtExpiry(socket, Date.now() + 60_000, FORBIDDEN, 'expired');
    expect(timers()).toBe(before);
    socket.close(1000, 'done');
  });
});
