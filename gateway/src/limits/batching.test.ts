import { checkBatch } from './batching';

describe('checkBatch', () => {
  it('passes single operations, refuses batches when off, and big batches when on', () => {
    expect(checkBatch({ query: '{ a }' }, { enabled: false, maxSize: 10 })).toBeUndefined();
    expect(checkBatch([{ query: '{ a }' }], { enabled: false, maxSize: 10 })?.code).toBe('BATCHING_DISABLED');
    expect(checkBatch([{ query: '{ a }' }], { enabled: true, maxSize: 10 })).toBeUndefined();
    expect(checkBatch(Array(11).fill({ query: '{ a }' }), { enabled: true, maxSize: 10 })?.code).toBe('BATCH_TOO_LARGE');
  });
});
