import fs from 'node:fs';
import path from 'node:path';
import {
  AuthenticationError,
  AuthorizationError,
  BrokerUnavailableError,
  RpcClient,
  Responder,
  applyAcls,
  applyDeclaredTopology,
  consumerGroup,
  createKafka,
  kafkaJsBus,
  silentLogger,
  type MessageBus,
} from '@puchi/kafka';
import { ADMIN_USER, credentialsFile, readBrokerCredentials, startKafka, stopKafka, userSasl, type BrokerCredentials } from '@puchi/kafka/launcher';
import { ownBrokerConfig } from '@puchi/kafka/testing';
import type { Admin } from 'kafkajs';
import { aclDeclaration, brokerPrincipals, GATEWAY_PRINCIPAL, REPO_ROOT, servicePrincipal, topologyDeclaration } from './index';

// Its own port pair (29592/29593) and folder: never the integration suites' broker, nor another cluster test's.
const config = ownBrokerConfig({ port: 29592, dataDir: path.join(REPO_ROOT, '.kafka', 'secure-test'), secure: true, users: brokerPrincipals() });
const brokers = ['127.0.0.1:29592'];

let credentials: BrokerCredentials;
let admin: Admin;
const closers: (() => Promise<unknown>)[] = [];

/** A bus on the secure broker; `sasl` undefined is a client with no credentials at all. */
function bus(clientId: string, sasl?: { mechanism: 'scram-sha-512'; username: string; password: string }): MessageBus {
  return kafkaJsBus(createKafka({ clientId, brokers, sasl, logger: silentLogger, retry: { retries: 2 } }));
}
const as = (user: string) => bus(user, userSasl(credentials, user));

/** Sends one record with a principal's own producer (none: no credentials), and says how the broker answered. */
async function produce(user: string | undefined, topic: string): Promise<unknown> {
  const producer = (user ? as(user) : bus('anonymous')).producer({ acks: -1 });
  await producer.connect();
  try {
    await producer.send([{ topic, key: null, value: '{}' }]);
    return 'written';
  } catch (error) {
    return error;
  } finally {
    await producer.disconnect();
  }
}

beforeAll(async () => {
  await startKafka({ ...config, fresh: true });
  credentials = readBrokerCredentials(config.dataDir!)!;
  admin = createKafka({ clientId: 'secure-test-admin', brokers, sasl: userSasl(credentials, ADMIN_USER), logger: silentLogger }).admin();
  await admin.connect();
  // The topics of two domains are enough to show one principal kept out of the other's.
  const domains = topologyDeclaration().filter((d) => d.domain === 'user' || d.domain === 'lesson');
  await applyDeclaredTopology(admin, domains, { partitions: 1 });
  await applyAcls(admin, aclDeclaration());
});

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await admin?.disconnect();
  await stopKafka({ ...config, graceMs: 10_000 });
});

describe('a secure broker', () => {
  it('formats one SCRAM user per service, one for the gateways and the admin, their passwords readable by the owner only', () => {
    expect(Object.keys(credentials.users).sort()).toEqual([ADMIN_USER, ...brokerPrincipals()].sort());
    expect(fs.statSync(credentialsFile(config.dataDir!)).mode & 0o777).toBe(0o600);
  });

  it('refuses a client without credentials, saying that it may lack them', async () => {
    // kafkajs's connect only asks for API versions, which a SASL listener answers to anyone: the first real request is refused.
    const anonymous = await bus('anonymous').admin();
    closers.push(() => anonymous.disconnect());
    const refused = anonymous.listTopics();
    await expect(refused).rejects.toBeInstanceOf(BrokerUnavailableError);
    await expect(refused).rejects.toThrow(/requires authentication[\s\S]*KAFKA_SASL_MECHANISM/);
    expect(await produce(undefined, 'user-events')).toBeInstanceOf(BrokerUnavailableError);
  });

  it('refuses a wrong password for good (not retriable)', async () => {
    const refused = bus('impostor', { mechanism: 'scram-sha-512', username: servicePrincipal('user'), password: 'not-the-password' }).admin();
    await expect(refused).rejects.toBeInstanceOf(AuthenticationError);
    await expect(refused).rejects.toMatchObject({ retriable: false });
  });

  it('lets the user service write its own events and refuses it another domain’s', async () => {
    expect(await produce(servicePrincipal('user'), 'user-events')).toBe('written');
    const refused = await produce(servicePrincipal('user'), 'lesson-events');
    expect(refused).toBeInstanceOf(AuthorizationError);
    expect(refused).toMatchObject({ resource: 'topic', topic: 'lesson-events', retriable: false });
    // Nor may a gateway write any domain's history.
    expect(await produce(GATEWAY_PRINCIPAL, 'user-events')).toBeInstanceOf(AuthorizationError);
  });

  it('carries a gateway’s request to the service and its reply back, each as its own principal', async () => {
    const responder = new Responder({ bus: as(servicePrincipal('user')), groupId: consumerGroup('user'), consumer: { maxWaitTimeMs: 50 } });
    responder.handle('get-user-profile', (payload) => ({ id: (payload as { id: string }).id, displayName: 'Ana' }));
    await responder.start();
    closers.push(() => responder.close());
    const rpc = new RpcClient({ bus: as(GATEWAY_PRINCIPAL), defaultTimeoutMs: 15_000, maxWaitTimeMs: 50 });
    await rpc.start();
    closers.push(() => rpc.close());
    await expect(rpc.request('get-user-profile', { id: 'learner-ana' })).resolves.toEqual({ id: 'learner-ana', displayName: 'Ana' });
  });

  it('lets the admin do anything: write any topic, create and delete topics', async () => {
    expect(await produce(ADMIN_USER, 'lesson-events')).toBe('written');
    await admin.createTopics({ topics: [{ topic: 'ops-scratch', numPartitions: 1 }] });
    await admin.deleteTopics({ topics: ['ops-scratch'] });
  });
});
