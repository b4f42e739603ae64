import { oneSendAtATime } from './one-send-at-a-time';

describe('oneSendAtATime', () => {
  it('starts a send only after the previous one settled, and goes on after one fails', async () => {
    const log: string[] = [];
    let running = 0;
    const send = oneSendAtATime(async (records) => {
      const name = String(records[0]!.value);
      running++;
      log.push(`start ${name} (${running} running)`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      log.push(`end ${name}`);
      if (name === 'b') throw new Error('b failed');
    });
    const record = (value: string) => [{ topic: 't', key: null, value }];
    const results = await Promise.allSettled([send(record('a')), send(record('b')), send(record('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a (1 running)', 'end a', 'start b (1 running)', 'end b', 'start c (1 running)', 'end c']);
  });
});
