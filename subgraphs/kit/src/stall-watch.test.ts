import { startStallWatch } from './stall-watch';

describe('StallWatch', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('voids what was produced before a stall as long as the session, not what came after', () => {
    const watch = startStallWatch(2000, { tickMs: 100 });
    jest.advanceTimersByTime(1000);
    const before = Date.now();
    // Frozen: the clock moves 5 s with no tick (what SIGSTOP or a starved host does to the timer).
    jest.setSystemTime(Date.now() + 5000);
    expect(watch.stalledAfter(before)).toBe(true); // before the watch's own timer noticed
    jest.advanceTimersByTime(100);
    expect(watch.stalledAfter(before)).toBe(true);
    const after = Date.now();
    jest.advanceTimersByTime(500);
    expect(watch.stalledAfter(after)).toBe(false);
    watch.stop();
  });

  it('ignores pauses shorter than the threshold', () => {
    const watch = startStallWatch(2000, { tickMs: 100 });
    const before = Date.now();
    jest.setSystemTime(Date.now() + 1500);
    jest.advanceTimersByTime(100);
    expect(watch.stalledAfter(before)).toBe(false);
    watch.stop();
  });
});
