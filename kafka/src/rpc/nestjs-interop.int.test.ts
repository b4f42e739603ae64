import 'reflect-metadata';
import { Controller, Logger as NestLogger, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientKafka, Ctx, KafkaContext, MessagePattern, Payload, RpcException, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { brokersFromEnv } from '../client';
import { RemoteError } from '../errors';
import { uniqueName } from '../testing/names';
import { createTestTopics, testBus } from '../transport/testing';
import { RpcClient } from './client';
import { Responder } from './responder';

jest.setTimeout(60_000);

/**
 * Wire compatibility both ways, with the real `@nestjs/microservices` Kafka transport: a NestJS
 * `@MessagePattern` service answers our client, and our responder answers a NestJS `ClientKafka`.
 */
const nestTopic = uniqueName('nest-served');
const ourTopic = uniqueName('puchi-served');

@Controller()
class LessonController {
  @MessagePattern(nestTopic)
  getLesson(@Payload() data: { id: string; fail?: boolean }, @Ctx() ctx: KafkaContext) {
    if (data.fail) throw new RpcException({ code: 'LESSON_NOT_FOUND', message: `no lesson ${data.id}` });
    return { id: data.id, title: `Lesson ${data.id}`, partition: ctx.getPartition() };
  }
}

@Module({ controllers: [LessonController] })
class LessonModule {}

const bus = testBus();
let dropTopics: () => Promise<void>;
let nestService: INestMicroservice;
let nestClient: ClientKafka;
let client: RpcClient;
let responder: Responder;

beforeAll(async () => {
  NestLogger.overrideLogger(false);
  dropTopics = await createTestTopics(bus, [
    { name: nestTopic, partitions: 2 },
    { name: ourTopic, partitions: 2 },
    // NestJS's ClientKafka reads replies from `<pattern>.reply`, shared through its consumer group.
    { name: `${ourTopic}.reply`, partitions: 1 },
  ]);
  const brokers = brokersFromEnv(process.env);
  nestService = await NestFactory.createMicroservice<MicroserviceOptions>(LessonModule, {
    logger: false,
    transport: Transport.KAFKA,
    options: {
      client: { clientId: uniqueName('nest-service'), brokers },
      consumer: { groupId: uniqueName('nest-service-group') },
      subscribe: { fromBeginning: true },
    },
  });
  nestClient = new ClientKafka({
    client: { clientId: uniqueName('nest-client'), brokers },
    consumer: { groupId: uniqueName('nest-client-group') },
    subscribe: { fromBeginning: true },
  });
  nestClient.subscribeToResponseOf(ourTopic);

  responder = new Responder({ bus, groupId: uniqueName('puchi-service-group') }).handle(ourTopic, (data: { id: string; fail?: boolean }) => {
    if (data.fail) throw Object.assign(new Error(`no lesson ${data.id}`), { code: 'LESSON_NOT_FOUND' });
    return { id: data.id, title: `Lesson ${data.id}` };
  });
  client = new RpcClient({ bus, replyTopicPrefix: uniqueName('nest-interop') });
  await Promise.all([nestService.listen(), nestClient.connect(), responder.start(), client.start()]);
});

afterAll(async () => {
  await Promise.allSettled([client?.close(), responder?.close(), nestClient?.close(), nestService?.close()]);
  await dropTopics();
});

describe('NestJS wire compatibility', () => {
  it('a NestJS @MessagePattern service answers our client', async () => {
    const reply = await client.request<{ id: string; title: string }>(nestTopic, { id: 'L1' }, { timeoutMs: 10_000 });
    expect(reply).toMatchObject({ id: 'L1', title: 'Lesson L1' });
  });

  it("a NestJS RpcException reaches our client as RemoteError with the service's code and message", async () => {
    const error = await client.request(nestTopic, { id: 'L9', fail: true }, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ code: 'LESSON_NOT_FOUND', remoteMessage: 'no lesson L9' });
  });

  it('our responder answers NestJS ClientKafka.send', async () => {
    const reply = await lastValueFrom(nestClient.send(ourTopic, { id: 'L2' }));
    expect(reply).toEqual({ id: 'L2', title: 'Lesson L2' });
  });

  it('our error reply reaches ClientKafka as its error object', async () => {
    const error = await lastValueFrom(nestClient.send(ourTopic, { id: 'L3', fail: true })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 'error', code: 'LESSON_NOT_FOUND', message: 'no lesson L3' });
  });
});
