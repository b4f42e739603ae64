import type { BusAdmin, MessageBus } from '@puchi/kafka';
import { SharedAdmin } from './shared-admin';

describe('SharedAdmin.close', () => {
  it('lets a call running on the connection finish before it disconnects', async () => {
    const log: string[] = [];
    const bus = { admin: async () => ({ disconnect: async () => void log.push('disconnected') }) as unknown as BusAdmin } as unknown as MessageBus;
    const admin = new SharedAdmin(bus);
    const call = admin.use(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      log.push('call done');
      return 'answer';
    });
    await new Promise((resolve) => setImmediate(resolve));
    await admin.close();
    await expect(call).resolves.toBe('answer');
    expect(log).toEqual(['call done', 'disconnected']);
    await expect(admin.use(async () => 'again')).rejects.toThrow(/closing/);
  });
});
