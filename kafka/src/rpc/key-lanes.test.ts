import { runInKeyLanes } from './key-lanes';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('runInKeyLanes', () => {
  it('keeps the order of records with the same key while other keys run alongside', async () => {
    const items = [
      { key: 'a', n: 1 },
      { key: 'b', n: 2 },
      { key: 'a', n: 3 },
      { key: null, n: 4 },
      { key: 'a', n: 5 },
    ];
    const running = new Set<string>();
    const doneA: number[] = [];
    let maxParallel = 0;
    await runInKeyLanes(items, (i) => i.key, 8, async (i) => {
      const lane = i.key ?? `null-${i.n}`;
      expect(running.has(lane)).toBe(false);
      running.add(lane);
      maxParallel = Math.max(maxParallel, running.size);
      await tick();
      running.delete(lane);
      if (i.key === 'a') doneA.push(i.n);
    });
    expect(doneA).toEqual([1, 3, 5]);
    expect(maxParallel).toBe(3);
  });

  it('runs at most `concurrency` lanes at once', async () => {
    let running = 0;
    let max = 0;
    await runInKeyLanes([1, 2, 3, 4, 5, 6], () => null, 2, async () => {
      running++;
      max = Math.max(max, running);
      await tick();
      running--;
    });
    expect(max).toBe(2);
  });

  it('stops starting records once the batch is stale', async () => {
    const seen: number[] = [];
    await runInKeyLanes([1, 2, 3], () => 'k', 4, async (n) => void seen.push(n), () => seen.length >= 2);
    expect(seen).toEqual([1, 2]);
  });
});
