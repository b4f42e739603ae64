/**
 * The seed system's shape, for `npm run bench:peers`: a NestJS REST gateway (`@nestjs/core` on Express, a
 * controller `GET /users/:id` calling `ClientKafka.send`) and a NestJS Kafka microservice (`@MessagePattern`)
 * answering from a SQLite table (better-sqlite3, one prepared statement). Both with NestJS's defaults, as the
 * seed ran them. One process per role, as ours runs a gateway and a user service:
 *
 *   node --import tsx bench/peers/nest-seed.ts service   (NEST_TOPIC, NEST_DB, KAFKA_BROKERS)
 *   node --import tsx bench/peers/nest-seed.ts gateway   (NEST_TOPIC, KAFKA_BROKERS; prints its URL over IPC)
 *
 * esbuild (tsx) emits no decorator metadata, so every injection names its token (`@Inject`).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { Controller, Get, Inject, Logger, Module, NotFoundException, Param, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientKafka, ClientsModule, MessagePattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { brokersFromEnv } from '@puchi/kafka';

const TOPIC = process.env.NEST_TOPIC ?? 'nest.get-user-profile';
const USERS = 'USER_SERVICE';
const DB = 'USER_DB';

/** What the REST route answers: the fields our benchmark's `userProfile` query selects. */
interface Profile {
  id: string;
  displayName: string;
  nativeLanguage: string;
  targetLanguage: string;
  level: string;
}

async function service(): Promise<void> {
  const db = new Database(process.env.NEST_DB ?? '', { readonly: true, fileMustExist: true });
  const byId = db.prepare<[string], Profile>('SELECT id, display_name AS displayName, native_language AS nativeLanguage, target_language AS targetLanguage, level FROM users WHERE id = ?');

  @Controller()
  class UserProfileController {
    constructor(@Inject(DB) private readonly users: typeof byId) {}

    @MessagePattern(TOPIC)
    userProfile(@Payload() data: { id: string }): Profile | null {
      return this.users.get(data.id) ?? null;
    }
  }
  @Module({ controllers: [UserProfileController], providers: [{ provide: DB, useValue: byId }] })
  class UserServiceModule {}

  const app = await NestFactory.createMicroservice<MicroserviceOptions>(UserServiceModule, {
    logger: false,
    transport: Transport.KAFKA,
    options: { client: { clientId: 'nest-user-service', brokers: brokersFromEnv(process.env) }, consumer: { groupId: `nest-user-service-${TOPIC}` } },
  });
  await app.listen();
  process.send?.({ ready: 'service' });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function gateway(): Promise<void> {
  @Controller('users')
  class UsersController implements OnModuleInit, OnModuleDestroy {
    constructor(@Inject(USERS) private readonly client: ClientKafka) {}

    async onModuleInit(): Promise<void> {
      this.client.subscribeToResponseOf(TOPIC);
      await this.client.connect();
    }

    async onModuleDestroy(): Promise<void> {
      await this.client.close();
    }

    @Get(':id')
    async profile(@Param('id') id: string): Promise<Profile> {
      const user = await lastValueFrom(this.client.send<Profile | null>(TOPIC, { id }));
      if (!user) throw new NotFoundException(`no user ${id}`);
      return user;
    }
  }
  @Module({
    imports: [
      ClientsModule.register([
        {
          name: USERS,
          transport: Transport.KAFKA,
          options: { client: { clientId: 'nest-gateway', brokers: brokersFromEnv(process.env) }, consumer: { groupId: `nest-gateway-${randomUUID().slice(0, 8)}` } },
        },
      ]),
    ],
    controllers: [UsersController],
  })
  class GatewayModule {}

  const app = await NestFactory.create(GatewayModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.send?.({ ready: `http://127.0.0.1:${port}` });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

Logger.overrideLogger(false);
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const role = process.argv[2];
(role === 'service' ? service() : role === 'gateway' ? gateway() : Promise.reject(new Error(`usage: nest-seed.ts service|gateway, got ${role}`))).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
