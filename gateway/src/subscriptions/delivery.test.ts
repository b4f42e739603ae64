import { Delivery } from './delivery';

// The lag clock on a fake clock: which subscriber counts as stuck depends on time, and a loaded machine must not decide it.

const result = (i: number) => ({ data: { i } });

function delivery(paced: boolean) {
  const overflows: number[] = [];
  let taken = 0;
  const d = new Delivery({ maxBuffered: 3, maxLagMs: 1000 }, (buffered) => void overflows.push(buffered), () => undefined, paced ? { taken: () => void taken++ } : undefined);
  return { d, overflows, taken: () => taken };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('a live subscriber', () => {
  it('is cut off once its oldest result waited maxLagMs, though it keeps taking results', async () => {
    const { d, overflows } = delivery(false);
    for (let i = 0; i < 3; i++) d.push(result(i));
    jest.advanceTimersByTime(600);
    await d.next();
    d.push(result(3));
    jest.advanceTimersByTime(600);
    expect(overflows).toEqual([3]);
  });

  it('is cut off with more than maxBuffered results waiting', () => {
    const { d, overflows } = delivery(false);
    for (let i = 0; i < 4; i++) d.push(result(i));
    expect(overflows).toEqual([4]);
  });
});

describe('a paced (replay) subscriber', () => {
  it('is kept while it takes results, however long the oldest one waited, and whatever the number waiting', async () => {
    const { d, overflows, taken } = delivery(true);
    for (let i = 0; i < 10; i++) d.push(result(i));
    const got: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      jest.advanceTimersByTime(600);
      got.push((await d.next()).value);
    }
    expect(overflows).toEqual([]);
    expect(got).toEqual([0, 1, 2, 3, 4].map(result));
    expect(taken()).toBe(5);
  });

  it('is cut off once it took nothing for maxLagMs while results waited', async () => {
    const { d, overflows } = delivery(true);
    for (let i = 0; i < 3; i++) d.push(result(i));
    jest.advanceTimersByTime(600);
    await d.next();
    jest.advanceTimersByTime(999);
    expect(overflows).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(overflows).toEqual([2]);
  });

  it('tells its pacing of a result handed straight to a waiting client', async () => {
    const { d, taken } = delivery(true);
    const next = d.next();
    d.push(result(0));
    expect((await next).value).toEqual(result(0));
    expect(taken()).toBe(1);
  });
});
