import { describePartitions, PartitionMetadataCache, summarize, unacknowledged } from './delivery';

const rec = (topic: string, partition: number, value: string) => ({ topic, partition, value });

describe('unacknowledged', () => {
  const sent = [rec('orders', 0, 'a'), rec('orders', 1, 'b'), rec('orders', 2, 'c'), rec('orders', 1, 'd'), rec('audit', 1, 'e')];

  it('is empty when every (topic, partition) sent was acknowledged', () => {
    const acked = [
      { topicName: 'orders', partition: 0 },
      { topicName: 'orders', partition: 1 },
      { topicName: 'orders', partition: 2 },
      { topicName: 'audit', partition: 1 },
    ];
    expect(unacknowledged(sent, acked)).toEqual([]);
  });

  it('returns the records of the partitions kafkajs left out, in their original order (kafkajs#1303)', () => {
    // Partition 1's leader died; its partitions moved to the broker that had already answered for 0 and 2.
    const acked = [
      { topicName: 'orders', partition: 0 },
      { topicName: 'orders', partition: 2 },
      { topicName: 'audit', partition: 1 },
    ];
    expect(unacknowledged(sent, acked).map((r) => r.value)).toEqual(['b', 'd']);
  });

  it('matches topic and partition together, not either alone', () => {
    const acked = [
      { topicName: 'audit', partition: 0 },
      { topicName: 'orders', partition: 1 },
    ];
    expect(unacknowledged([rec('orders', 0, 'x'), rec('audit', 1, 'y')], acked).map((r) => r.value)).toEqual(['x', 'y']);
  });

  it('returns everything when nothing was acknowledged, and tolerates duplicate acknowledgements', () => {
    expect(unacknowledged(sent, [])).toHaveLength(sent.length);
    const twice = [{ topicName: 'orders', partition: 0 }, { topicName: 'orders', partition: 0 }];
    expect(unacknowledged([rec('orders', 0, 'a')], twice)).toEqual([]);
  });
});

describe('summarize and describePartitions', () => {
  it('groups missing records per topic with sorted partitions and counts', () => {
    const summary = summarize([rec('orders', 2, 'a'), rec('orders', 0, 'b'), rec('orders', 2, 'c'), rec('audit', 1, 'd')]);
    expect(summary).toEqual([
      { topic: 'orders', partitions: [0, 2], records: 3 },
      { topic: 'audit', partitions: [1], records: 1 },
    ]);
    expect(describePartitions(summary)).toBe('orders[0,2] (3 records), audit[1] (1 record)');
  });
});

describe('PartitionMetadataCache', () => {
  it('loads a topic once for concurrent callers, then answers from the cache', async () => {
    const load = jest.fn(async (topic: string) => [{ topic, partitionId: 0 }]);
    const cache = new PartitionMetadataCache(load);
    expect(cache.peek('orders')).toBeUndefined();
    const [a, b] = await Promise.all([cache.get('orders'), cache.get('orders')]);
    expect(a).toBe(b);
    await cache.get('orders');
    expect(load).toHaveBeenCalledTimes(1);
    expect(cache.peek('orders')).toEqual([{ topic: 'orders', partitionId: 0 }]);
  });

  it('reloads after invalidate, and takes newer metadata observed from the client', async () => {
    let partitions = 1;
    const load = jest.fn(async () => Array.from({ length: partitions }, (_, partitionId) => ({ partitionId })));
    const cache = new PartitionMetadataCache(load);
    expect(await cache.get('orders')).toHaveLength(1);
    partitions = 3;
    cache.invalidate('orders');
    expect(await cache.get('orders')).toHaveLength(3);
    cache.observe('orders', [{ partitionId: 0 }, { partitionId: 1 }, { partitionId: 2 }, { partitionId: 3 }]);
    expect(cache.peek('orders')).toHaveLength(4);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps neither empty metadata nor a failed load, so the next call tries again', async () => {
    const load = jest
      .fn<Promise<{ partitionId: number }[]>, [string]>()
      .mockRejectedValueOnce(new Error('broker down'))
      .mockResolvedValueOnce([])
      .mockResolvedValueOnce([{ partitionId: 0 }]);
    const cache = new PartitionMetadataCache(load);
    await expect(cache.get('orders')).rejects.toThrow('broker down');
    expect(await cache.get('orders')).toEqual([]);
    cache.observe('orders', []);
    expect(cache.peek('orders')).toBeUndefined();
    expect(await cache.get('orders')).toEqual([{ partitionId: 0 }]);
    expect(load).toHaveBeenCalledTimes(3);
  });
});
