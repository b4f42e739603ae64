import { PendingRequests } from './pending';

describe('PendingRequests', () => {
  it('delivers a reply once and drops a duplicate', async () => {
    const pending = new PendingRequests<string>();
    const reply = pending.wait('a', 1000, () => new Error('timeout'));
    expect(pending.settle('a', 'first')).toBe(true);
    expect(pending.settle('a', 'again')).toBe(false);
    await expect(reply).resolves.toBe('first');
    expect(pending.size).toBe(0);
  });

  it('rejects with the timeout error and forgets the request', async () => {
    const pending = new PendingRequests<string>();
    await expect(pending.wait('a', 5, () => new Error('too late'))).rejects.toThrow('too late');
    expect(pending.settle('a', 'late')).toBe(false);
  });

  it('fails everything still waiting', async () => {
    const pending = new PendingRequests<string>();
    const all = [pending.wait('a', 1000, () => null), pending.wait('b', 1000, () => null)];
    pending.failAll((id) => new Error(`closed ${id}`));
    await expect(Promise.all(all)).rejects.toThrow('closed a');
    await expect(all[1]).rejects.toThrow('closed b');
  });
});
