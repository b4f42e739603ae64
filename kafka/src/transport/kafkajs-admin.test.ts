import type { Kafka } from 'kafkajs';
import { BrokerUnavailableError, UnknownTopicError } from '../errors';
import { adminPort } from './kafkajs-admin';

/** A kafkajs admin whose `fetchTopicOffsets` fails with `errors` in turn, then answers; counts its calls. */
function kafkaFailing(...errors: unknown[]) {
  let calls = 0;
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    fetchTopicOffsets: async () => {
      calls++;
      if (calls <= errors.length) throw errors[calls - 1];
      return [{ partition: 0, offset: '5', high: '5', low: '0' }];
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, calls: () => calls };
}

const kafkaJsError = (name: string, message: string, type?: string) => Object.assign(new Error(message), { name, type });

describe('kafkajs admin reads', () => {
  afterEach(() => jest.useRealTimers());

  it('retry a retriable failure, such as a topic the broker does not know yet', async () => {
    const { kafka, calls } = kafkaFailing(kafkaJsError('KafkaJSProtocolError', 'This server does not host this topic-partition', 'UNKNOWN_TOPIC_OR_PARTITION'));
    const admin = await adminPort(kafka);
    await expect(admin.boundaryOffsets('lesson-events', 'high')).resolves.toEqual([{ partition: 0, offset: '5' }]);
    expect(calls()).toBe(2);
  });

  it('do not retry a programming error', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'map')");
    const { kafka, calls } = kafkaFailing(bug);
    const admin = await adminPort(kafka);
    await expect(admin.boundaryOffsets('lesson-events', 'high')).rejects.toBe(bug);
    expect(calls()).toBe(1);
  });

  it('give up after 6 attempts with the last failure as the port promises it, not wrapped', async () => {
    jest.useFakeTimers();
    const { kafka, calls } = kafkaFailing(...Array.from({ length: 6 }, () => kafkaJsError('KafkaJSConnectionError', 'Connection refused')));
    const admin = await adminPort(kafka);
    const read = admin.boundaryOffsets('lesson-events', 'high').catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 1600);
    const error = await read;
    expect(calls()).toBe(6);
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect(error).toMatchObject({ retriable: true, topic: 'lesson-events' });
    expect(error).not.toBeInstanceOf(UnknownTopicError);
  });
});
