import { CONSUMER_GROUPS, DOMAINS } from '@puchi/domains';
import { envelope, SYSTEM_TOPICS, type GroupStatus } from '@puchi/kafka';
import { inMemoryBus } from '@puchi/kafka/testing';
import { HEARTBEAT_TYPE, type ServiceHeartbeat } from '@puchi/subgraph-kit';
import { createAuthenticator, signDevToken } from './auth';
import { loadConfig } from './config';
import { startServiceStatusBoard, statusViewer, withoutHosts, type StatusBody } from './service-status';
import { SharedAdmin } from './shared-admin';

const group = (groupId: string): GroupStatus => ({ groupId, state: 'Stable', members: [{ clientId: 'lesson-service', host: '/10.0.3.7' }], lag: 0 });

/** `payload` as its instance publishes it on `service-heartbeats`. */
const heartbeatRecord = (payload: ServiceHeartbeat, offset: string) => ({
  topic: SYSTEM_TOPICS.heartbeats,
  partition: 0,
  offset,
  key: payload.instanceId,
  value: Buffer.from(JSON.stringify(envelope({ type: HEARTBEAT_TYPE, subject: payload.instanceId, payload }, 'lesson-service'))),
  headers: {},
  timestamp: Date.now(),
});

const beat: ServiceHeartbeat = {
  domain: 'lesson',
  instanceId: 'lesson-1a2b3c4d',
  host: 'prod-lesson-7f9c',
  pid: 4242,
  startedAt: '2025-01-01T00:00:00.000Z',
  stats: { handled: 1, failed: 0, expired: 0, deadLettered: 0 } as ServiceHeartbeat['stats'],
};

describe('GET /api/services/status', () => {
  it('shows hosts and pids to an admin only', async () => {
    const { bus, deliver } = inMemoryBus({
      admin: { offsetsForTimestamp: async () => [], groupStatus: async (groupId) => group(groupId), deleteGroups: async () => undefined },
    });
    const admin = new SharedAdmin(bus);
    const board = await startServiceStatusBoard(bus, admin);
    await deliver(heartbeatRecord(beat, '0'));

    const anyone = (await board.status({ admin: false })).body;
    const lesson = anyone.services.find((s) => s.domain === 'lesson')!;
    // A heartbeat from before `state` existed was sent once ready.
    expect(lesson.instances).toEqual([{ instanceId: beat.instanceId, startedAt: beat.startedAt, state: 'ready', lastHeartbeat: expect.any(String), stats: beat.stats }]);
    expect(lesson.consumerGroup).toEqual({ groupId: CONSUMER_GROUPS.lesson, state: 'Stable', members: [{ clientId: 'lesson-service' }], lag: 0 });
    expect(JSON.stringify(anyone)).not.toMatch(/prod-lesson|4242|10\.0\.3\.7/);

    const admins = (await board.status({ admin: true })).body;
    expect(admins.services.find((s) => s.domain === 'lesson')!.instances[0]).toMatchObject({ host: 'prod-lesson-7f9c', pid: 4242 });
    expect(admins.services.find((s) => s.domain === 'lesson')!.consumerGroup.members).toEqual([{ clientId: 'lesson-service', host: '/10.0.3.7' }]);

    await board.close();
    await admin.close();
  });

  it('shows an instance restoring its store, and its domain as restoring until one instance is ready', async () => {
    const { bus, deliver } = inMemoryBus({
      admin: { offsetsForTimestamp: async () => [], groupStatus: async (groupId) => group(groupId), deleteGroups: async () => undefined },
    });
    const admin = new SharedAdmin(bus);
    const board = await startServiceStatusBoard(bus, admin);
    let offset = 0;
    const send = (payload: ServiceHeartbeat) => deliver(heartbeatRecord(payload, String(offset++)));
    const lesson = async () => (await board.status({ admin: false })).body.services.find((s) => s.domain === 'lesson')!;

    await send({ ...beat, state: 'restoring' });
    expect(await lesson()).toMatchObject({ status: 'restoring', instances: [{ instanceId: beat.instanceId, state: 'restoring' }] });
    expect((await board.status({ admin: false })).body.status).toBe('degraded');
    await send({ ...beat, state: 'ready' });
    expect(await lesson()).toMatchObject({ status: 'up', instances: [{ instanceId: beat.instanceId, state: 'ready' }] });

    await board.close();
    await admin.close();
  });

  it('shows an instance whose store halted, with where and why, and its domain as halted', async () => {
    const { bus, deliver } = inMemoryBus({
      admin: { offsetsForTimestamp: async () => [], groupStatus: async (groupId) => group(groupId), deleteGroups: async () => undefined },
    });
    const admin = new SharedAdmin(bus);
    const board = await startServiceStatusBoard(bus, admin);
    const halt = { topic: 'lesson-events', partition: 2, offset: '41', eventId: 'evt-1', type: 'lesson.renamed', error: 'lesson l-9 does not exist' };
    const payload: ServiceHeartbeat = { ...beat, state: 'halted', halt };
    await deliver(heartbeatRecord(payload, '0'));

    const { body } = await board.status({ admin: false });
    expect(body.services.find((s) => s.domain === 'lesson')).toMatchObject({ status: 'halted', instances: [{ instanceId: beat.instanceId, state: 'halted', halt }] });
    expect(body.status).toBe('degraded');

    await board.close();
    await admin.close();
  });

  it('shows a domain as down while its consumer group has no members, whatever its heartbeats say', async () => {
    let members: GroupStatus['members'] = [];
    const { bus, deliver } = inMemoryBus({
      admin: { offsetsForTimestamp: async () => [], groupStatus: async (groupId) => ({ ...group(groupId), state: members.length ? 'Stable' : 'Empty', members }), deleteGroups: async () => undefined },
    });
    const admin = new SharedAdmin(bus);
    const board = await startServiceStatusBoard(bus, admin);
    const payload: ServiceHeartbeat = { ...beat, state: 'ready' };
    await deliver(heartbeatRecord(payload, '0'));
    const lesson = async () => (await board.status({ admin: false })).body.services.find((s) => s.domain === 'lesson')!;

    expect(await lesson()).toMatchObject({ status: 'down', instances: [{ instanceId: beat.instanceId, state: 'ready' }], consumerGroup: { members: [] } });
    members = [{ clientId: 'lesson-service', host: '/10.0.3.7' }];
    expect(await lesson()).toMatchObject({ status: 'up' });

    await board.close();
    await admin.close();
  });

  it("shows each domain's circuit, and an open one as degraded", async () => {
    const { bus, deliver } = inMemoryBus({
      admin: { offsetsForTimestamp: async () => [], groupStatus: async (groupId) => group(groupId), deleteGroups: async () => undefined },
    });
    const admin = new SharedAdmin(bus);
    let media: 'open' | 'closed' = 'closed';
    const board = await startServiceStatusBoard(bus, admin, { state: (domain) => (domain === 'media' ? media : 'closed') });
    // Every domain up by its heartbeats.
    for (const [i, domain] of DOMAINS.entries()) {
      const payload = { ...beat, domain, instanceId: `${domain}-1` };
      const value = Buffer.from(JSON.stringify(envelope({ type: HEARTBEAT_TYPE, subject: payload.instanceId, payload }, `${domain}-service`)));
      await deliver({ topic: SYSTEM_TOPICS.heartbeats, partition: 0, offset: String(i), key: payload.instanceId, value, headers: {}, timestamp: Date.now() });
    }
    expect((await board.status({ admin: false })).body.status).toBe('ok');

    media = 'open';
    const { body } = await board.status({ admin: false });
    expect(body.services.find((s) => s.domain === 'media')).toMatchObject({ status: 'up', circuit: 'open' });
    expect(body.services.find((s) => s.domain === 'lesson')!.circuit).toBe('closed');
    expect(body.status).toBe('degraded');
    await board.close();
    await admin.close();
  });

  it('takes an admin from a valid admin token only', async () => {
    const { auth } = loadConfig({});
    const authenticator = createAuthenticator(auth);
    expect(await statusViewer(authenticator, `Bearer ${await signDevToken(auth, 'admin-max', ['admin'])}`)).toEqual({ admin: true });
    expect(await statusViewer(authenticator, `Bearer ${await signDevToken(auth, 'analyst-ida', ['analyst'])}`)).toEqual({ admin: false });
    expect(await statusViewer(authenticator, undefined)).toEqual({ admin: false });
    // A forged or broken token is not an error here: it sees what anyone sees.
    expect(await statusViewer(authenticator, 'Bearer not.a.token')).toEqual({ admin: false });
    const forged = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","roles":["admin"]}').toString('base64url')}.`;
    expect(await statusViewer(authenticator, `Bearer ${forged}`)).toEqual({ admin: false });
  });

  it('withoutHosts leaves everything else as it is', () => {
    const body: StatusBody = {
      status: 'ok',
      services: [{ domain: 'lesson', status: 'up', instances: [{ instanceId: 'i', host: 'h', pid: 1, startedAt: 's', state: 'ready', lastHeartbeat: 'l', stats: beat.stats }], lastHeartbeat: 'l', consumerGroup: group('g') }],
    };
    expect(withoutHosts(body)).toEqual({
      status: 'ok',
      services: [{ domain: 'lesson', status: 'up', instances: [{ instanceId: 'i', startedAt: 's', state: 'ready', lastHeartbeat: 'l', stats: beat.stats }], lastHeartbeat: 'l', consumerGroup: { groupId: 'g', state: 'Stable', members: [{ clientId: 'lesson-service' }], lag: 0 } }],
    });
    expect(body.services[0]!.instances[0]!.host).toBe('h'); // not changed in place
  });
});
