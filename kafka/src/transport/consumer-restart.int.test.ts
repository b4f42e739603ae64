import { logLevel } from 'kafkajs';
import { createKafka } from '../client';
import { silentLogger, type Logger } from '../log';
import { uniqueName, waitFor } from '../testing';
import { kafkaJsBus } from './kafkajs';

// Issue 16: a consumer disconnected while kafkajs crashed or restarted it kept fetching, unowned; once the broker
// was gone it crashed and restarted forever on a timer, and the process never exited.

type Moment = 'crash' | 'restart';

/**
 * A consumer whose every batch fails (kafkajs gives up retrying, crashes and restarts it), disconnected at
 * `moment`: as kafkajs logs the crash, or as it starts the consumer again. Returns what happened after.
 */
async function disconnectAt(moment: Moment) {
  const topic = uniqueName('restart-race');
  const groupId = uniqueName('restart-race-group');
  let starts = 0;
  let reached!: () => void;
  const momentReached = new Promise<void>((resolve) => (reached = resolve));
  // kafkajs logs "Starting" at INFO (createKafka passes that on as debug) and "Crash: …" as an error.
  const logger: Logger = {
    ...silentLogger,
    debug: (msg) => {
      if (msg === 'Starting' && ++starts === 2 && moment === 'restart') reached();
    },
    error: (msg) => {
      if (msg.startsWith('Crash:') && moment === 'crash') reached();
    },
    child: () => logger,
  };
  const kafka = createKafka({ clientId: 'restart-race', logger, logLevel: logLevel.INFO, retry: { initialRetryTime: 50, retries: 5 } });
  const bus = kafkaJsBus(kafka, silentLogger);
  const admin = await bus.admin();
  await admin.createTopic(topic, 1);
  const producer = bus.producer();
  await producer.connect();
  await producer.send([{ topic, key: 'k', value: 'v' }]);
  await producer.disconnect();

  let disconnected = false;
  const after = { joins: 0, batches: 0, starts: 0 };
  const consumer = bus.consumer({ groupId, commit: false, maxWaitTimeMs: 100 });
  consumer.onAssignment(() => void (disconnected && after.joins++));
  await consumer.connect();
  await consumer.subscribe([topic], true);
  await consumer.run({
    onBatch: () => {
      if (disconnected) after.batches++;
      return Promise.reject(new Error('handler fails'));
    },
  });
  await momentReached;
  await consumer.disconnect();
  disconnected = true;
  const startsAtDisconnect = starts;

  // A consumer left running joins again and fetches the failing record within a second or two.
  await new Promise((r) => setTimeout(r, 4000));
  after.starts = starts - startsAtDisconnect;
  const emptyGroup = await waitFor('an empty group', async () => (await admin.groupStatus(groupId)).members.length === 0, 10_000).catch(() => false);
  await admin.deleteTopics([topic]);
  await admin.disconnect();
  return { ...after, emptyGroup };
}

describe('a consumer that crashes', () => {
  it('is not restarted when disconnected as it crashes', async () => {
    expect(await disconnectAt('crash')).toEqual({ joins: 0, batches: 0, starts: 0, emptyGroup: true });
  });

  it('stays stopped when disconnected while its restart joins the group', async () => {
    expect(await disconnectAt('restart')).toEqual({ joins: 0, batches: 0, starts: 0, emptyGroup: true });
  });
});
