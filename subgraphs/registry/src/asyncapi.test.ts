import { Parser, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { defineDomain, previousVersion, projection, versionedEvent } from '@puchi/subgraph-kit';
import { USER_EVENTS } from '@puchi/subgraph-user';
import { z } from 'zod';
import { asyncApiDocument, asyncApiYaml } from './asyncapi';
import { topologyDeclaration } from './index';

let document: AsyncAPIDocumentInterface;
let diagnostics: { severity: number; code: string | number; message: string; path: (string | number)[] }[];

beforeAll(async () => {
  const parsed = await new Parser().parse(asyncApiYaml());
  diagnostics = parsed.diagnostics;
  if (!parsed.document) throw new Error(`docs/asyncapi.yaml does not parse: ${JSON.stringify(diagnostics.slice(0, 5))}`);
  document = parsed.document;
}, 30_000);

const channel = (id: string) => document.channels().get(id);
const operation = (id: string) => document.operations().get(id);
const groupId = (id: string) => operation(id)?.bindings().get('kafka')?.value<{ groupId?: { enum?: string[]; pattern?: string } }>().groupId;

describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3 document, without errors or warnings', () => {
    expect(document.version()).toMatch(/^3\./);
    expect(diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
  });

  it('has a channel for every declared topic, and the gateway’s reply topics as one parameterized channel', () => {
    const declared = topologyDeclaration().flatMap((d) => [...d.requestTopics.flatMap((t) => [t, `${t}.reply`, `${t}.DLT`]), `${d.domain}-events`, `${d.domain}-events.DLT`]);
    const addresses = document.channels().all().map((c) => c.address());
    expect(addresses).toEqual(expect.arrayContaining([...declared, 'service-heartbeats']));
    expect(channel('gateway-replies')?.address()).toBe('puchi.replies.{instanceId}');
    expect(channel('gateway-replies')?.parameters().get('instanceId')).toBeDefined();
  });

  it('describes get-user-profile: its request, who answers it in which group, and where the reply goes', () => {
    const request = channel('get-user-profile')?.messages().get('get-user-profile.request');
    expect(request?.payload()?.properties()?.keys?.type()).toBe('array');
    expect(request?.headers()?.required()).toEqual(['kafka_correlationId', 'kafka_replyTopic', 'kafka_replyPartition']);
    expect(Object.keys(request?.headers()?.properties() ?? {})).toEqual(expect.arrayContaining(['x-deadline', 'x-puchi-identity', 'traceparent']));

    const answer = operation('user-service.receive.get-user-profile');
    expect(answer?.action()).toBe('receive');
    expect(groupId('user-service.receive.get-user-profile')?.enum).toEqual(['user-service-group']);
    expect(answer?.reply()?.address()?.location()).toBe('$message.header#/kafka_replyTopic');
    expect(answer?.reply()?.messages().all().map((m) => m.id())).toEqual(['get-user-profile.reply']);

    const send = operation('gateway.send.get-user-profile');
    expect(send?.action()).toBe('send');
    expect(send?.reply()?.channel()?.address()).toBe('puchi.replies.{instanceId}');
    const reply = channel('get-user-profile.reply')?.messages().get('get-user-profile.reply');
    expect(reply?.payload()?.properties()?.values?.items()).toBeDefined();
    expect(Object.keys(reply?.headers()?.properties() ?? {})).toEqual(expect.arrayContaining(['kafka_correlationId', 'kafka_nest-err', 'kafka_nest-is-disposed']));
    expect(channel('get-user-profile.DLT')?.messages().get('dead-letter')?.headers()?.required()).toEqual(expect.arrayContaining(['kafka_dlt-original-topic', 'x-dlt-reason']));
  });

  it('has one message per user event type on user-events, each its envelope with the payload and schemaVersion', () => {
    const messages = channel('user-events')?.messages();
    expect(messages?.all().map((m) => m.id()).sort()).toEqual(Object.values(USER_EVENTS).sort());
    const registered = messages?.get(USER_EVENTS.registered)?.payload();
    expect(registered?.properties()?.type?.const()).toBe(USER_EVENTS.registered);
    expect(registered?.properties()?.schemaVersion?.const()).toBe(1);
    expect(registered?.properties()?.payload?.required()).toEqual(expect.arrayContaining(['userId', 'level']));
    expect(registered?.properties()?.payload?.properties()?.level?.enum()).toEqual(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
    expect(messages?.get(USER_EVENTS.registered)?.bindings().get('kafka')?.value<{ key: { type: string } }>().key.type).toBe('string');
  });

  it('names the group of each consumer: services in theirs, reactions in their reaction groups, the gateway in its own', () => {
    expect(groupId('notification-service.receive.user-events')?.enum).toEqual(['notification-service-group.user-events']);
    expect(groupId('progress-service.receive.quiz-events')?.enum).toEqual(['progress-service-group.quiz-events']);
    expect(groupId('analytics-service.receive.lesson-events')?.enum).toEqual(['analytics-service-group.lesson-events']);
    expect(groupId('gateway.receive.replies')?.pattern).toMatch(/^\^puchi/);
    // Every receive operation says its group.
    const receives = document.operations().all().filter((o) => o.action() === 'receive');
    expect(receives.filter((o) => !o.bindings().get('kafka')).map((o) => o.id())).toEqual([]);
  });

  it('is the same text every time', () => {
    expect(asyncApiYaml()).toBe(asyncApiYaml());
    expect(JSON.stringify(asyncApiDocument())).not.toContain('"$ref":"#/definitions');
  });

  it('lists each older version of an event type the domain still reads as a message of its own, read but no longer sent', async () => {
    const CardAddedV1 = z.object({ text: z.string() });
    const cardAdded = versionedEvent(z.object({ front: z.string() }), { version: 2, previousVersions: { 1: previousVersion(CardAddedV1, (old) => ({ front: old.text })) } });
    const service = { domain: 'cards', migrations: [], projections: { 'card.added': projection(cardAdded, () => undefined) }, handlers: () => [] };
    const manifest = defineDomain({ name: 'cards', contracts: {}, packageDir: __dirname, resolvers: {}, service });
    const parsed = await new Parser().parse(asyncApiYaml([manifest]));
    expect(parsed.diagnostics.map((d) => d.message)).toEqual([]);
    const messages = parsed.document?.channels().get('cards-events')?.messages();
    expect(messages?.all().map((m) => [m.id(), m.payload()?.properties()?.schemaVersion?.const()])).toEqual([
      ['card.added', 2],
      ['card.added.v1', 1],
    ]);
    expect(messages?.get('card.added.v1')?.payload()?.properties()?.payload?.required()).toEqual(['text']);
    const ids = (operation: string) => parsed.document?.operations().get(operation)?.messages().all().map((m) => m.id());
    expect(ids('cards-service.send.cards-events')).toEqual(['card.added']);
    expect(ids('cards-service.receive.cards-events')).toEqual(['card.added', 'card.added.v1']);
  }, 30_000);
});
