import { patchKafkaJsRequestQueue } from './kafkajs-request-queue-patch';

// kafkajs's real RequestQueue (its internals, as the patch reaches them).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as new (options: object) => Queue;

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  maybeThrottle(clientSideThrottleTime: number): void;
  push(request: { entry: Entry; expectResponse: boolean; sendRequest: () => void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer | null; size: number }): void;
  destroy(): void;
}

type Entry = { correlationId: number; resolve: (v: unknown) => void; reject: (e: unknown) => void };
const entry = (correlationId: number): Entry => ({ correlationId, resolve: () => undefined, reject: () => undefined });
const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
function queue(): Queue {
  return new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30_000, enforceRequestTimeout: false, clientId: 'test', broker: 'b:9092', logger: quietLogger });
}
/** A request that is sent and answered at once (as a produce with acks would be, minus the socket). */
function roundTrip(q: Queue, correlationId: number): void {
  q.push({ entry: entry(correlationId), expectResponse: true, sendRequest: () => undefined });
  q.fulfillRequest({ correlationId, payload: Buffer.alloc(0), size: 0 });
}

describe('kafkajs RequestQueue patch (kafkajs#1556)', () => {
  afterEach(() => jest.useRealTimers());

  it('as shipped, one answered request leaves a 1 ms timer loop running forever', () => {
    jest.useFakeTimers();
    const q = queue();
    roundTrip(q, 1);
    jest.advanceTimersByTime(100);
    // Still armed after 100 ms with nothing pending: the loop re-arms itself on every tick.
    expect(q.pending).toHaveLength(0);
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(q.throttleCheckTimeoutId!);
  });

  it('once patched, an idle queue arms no timer', () => {
    patchKafkaJsRequestQueue();
    jest.useFakeTimers();
    const q = queue();
    roundTrip(q, 1);
    roundTrip(q, 2);
    expect(q.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('once patched, a request queued behind a broker throttle is still sent when the throttle ends', () => {
    patchKafkaJsRequestQueue();
    jest.useFakeTimers();
    const q = queue();
    q.maybeThrottle(50); // the broker asked for 50 ms of client-side throttling
    const sent: number[] = [];
    q.push({ entry: entry(7), expectResponse: true, sendRequest: () => sent.push(7) });
    expect(sent).toEqual([]);
    expect(q.pending).toHaveLength(1);
    jest.advanceTimersByTime(60);
    expect(sent).toEqual([7]);
    q.fulfillRequest({ correlationId: 7, payload: Buffer.alloc(0), size: 0 });
    expect(q.throttleCheckTimeoutId).toBeNull();
  });
});
