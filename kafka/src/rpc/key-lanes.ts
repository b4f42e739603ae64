/**
 * Runs a partition's batch concurrently without breaking per-key order: records with the same key form a
 * lane worked through in offset order; different lanes (and keyless records, one lane each) run side by
 * side, at most `concurrency` at once. A lane stops early when `shouldStop()` says the batch went stale.
 */
export async function runInKeyLanes<T>(
  items: readonly T[],
  keyOf: (item: T) => string | null,
  concurrency: number,
  work: (item: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const lanes: T[][] = [];
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) {
      lanes.push([item]);
      continue;
    }
    const lane = byKey.get(key);
    if (lane) lane.push(item);
    else {
      const fresh = [item];
      byKey.set(key, fresh);
      lanes.push(fresh);
    }
  }

  let next = 0;
  const worker = async () => {
    while (next < lanes.length) {
      const lane = lanes[next++] ?? [];
      for (const item of lane) {
        if (shouldStop()) return;
        await work(item);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), lanes.length) }, worker));
}
