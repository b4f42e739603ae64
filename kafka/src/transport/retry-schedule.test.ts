import { retriesWithin, retryWaitMs } from './retry-schedule';

describe('the produce retry schedule', () => {
  it('waits from 100 ms, doubling, at most 500 ms', () => {
    expect([1, 2, 3, 4, 5, 12].map(retryWaitMs)).toEqual([100, 200, 400, 500, 500, 500]);
  });

  it('tries as often as the waits fit in the budget, at least once', () => {
    expect(retriesWithin(1000)).toBe(3); // 100 + 200 + 400
    expect(retriesWithin(4000)).toBe(9); // 700 + 6 × 500 = 3700
    expect(retriesWithin(10_000)).toBe(21); // 700 + 18 × 500 = 9700
    expect(retriesWithin(50)).toBe(1);
  });
});
