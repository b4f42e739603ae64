import { requestTopic } from '@puchi/kafka';
import { defineCall, defineDomain, previousVersion, projection, versionedEvent, type DomainServiceDefinition, type EventSchema } from '@puchi/subgraph-kit';
import { z } from 'zod';
import { asyncApiDocument, asyncApiYaml, type Json } from './asyncapi';
import { evolution, parseAsyncApi } from './evolution';

// A fixture domain at two releases: `card.added` goes from version 1 to 2, and its call gains a field.
const CardAddedV1 = z.object({ cardId: z.string(), text: z.string() });
const CardAddedV2 = z.object({ cardId: z.string(), front: z.string(), back: z.string() });
const upgrade = (old: z.infer<typeof CardAddedV1>) => ({ cardId: old.cardId, front: old.text, back: '' });

function cards(cardAdded: z.ZodType | EventSchema, reply: z.ZodType = z.object({ cardId: z.string() })) {
  const service: DomainServiceDefinition = { domain: 'cards', migrations: [], projections: { 'card.added': projection(cardAdded, () => undefined) }, handlers: () => [] };
  const contracts = { addCard: defineCall(requestTopic('add-card', 'cards'), z.object({ text: z.string() }), reply) };
  return asyncApiDocument([defineDomain({ name: 'cards', contracts, packageDir: __dirname, resolvers: {}, service })]);
}

const release1 = cards(CardAddedV1);
const breaks = (before: Json, after: Json) => evolution(before, after).breaking.map(({ contract, path, change }) => `${contract} ${path}: ${change}`);

describe('the evolution check between two documents', () => {
  it('passes when nothing a reader reads changed, and counts what it compared', () => {
    // The request, the reply, card.added and the service heartbeat.
    expect(evolution(release1, cards(CardAddedV1, z.object({ cardId: z.string(), createdAt: z.string().optional() })))).toEqual({ compared: 4, breaking: [], notes: [] });
  });

  it('refuses a breaking change to a reply, naming the contract and the field', () => {
    expect(breaks(release1, cards(CardAddedV1, z.object({ id: z.string() })))).toEqual([
      'add-card reply $.cardId: field removed: a running reader would not find it',
      'add-card reply $.id: new required field: records written before it would not read',
    ]);
  });

  it('refuses a breaking change to an event left at the same schemaVersion', () => {
    expect(breaks(release1, cards(CardAddedV2))).toEqual([
      'card.added (schemaVersion 1) $.text: field removed: a running reader would not find it',
      'card.added (schemaVersion 1) $.front: new required field: records written before it would not read',
      'card.added (schemaVersion 1) $.back: new required field: records written before it would not read',
    ]);
  });

  it('refuses a raised schemaVersion without a reader of the committed version', () => {
    const release2 = cards(versionedEvent(CardAddedV2, { version: 2, previousVersions: {} }));
    expect(breaks(release1, release2)).toEqual([
      'card.added (schemaVersion 1) $: schemaVersion raised to 2 without a reader of version 1, which the topic holds: declare previousVersions[1] with its schema and an upgrade (versionedEvent)',
    ]);
  });

  it('accepts a raised schemaVersion whose reader of the old version keeps the committed schema', () => {
    const release2 = cards(versionedEvent(CardAddedV2, { version: 2, previousVersions: { 1: previousVersion(CardAddedV1, upgrade) } }));
    expect(evolution(release1, release2)).toEqual({ compared: 4, breaking: [], notes: [] });
    // A release that changes nothing compares both versions of card.added.
    expect(evolution(release2, release2)).toEqual({ compared: 5, breaking: [], notes: [] });
  });

  it('refuses a reader of the old version whose schema is not the committed one', () => {
    const edited = CardAddedV1.extend({ box: z.number() });
    const release2 = cards(versionedEvent(CardAddedV2, { version: 2, previousVersions: { 1: previousVersion(edited, upgrade) } }));
    expect(breaks(release1, release2)).toEqual([
      'card.added (schemaVersion 1) $: the schema kept to read version 1 is not the committed one (at $.box): records of version 1 were written with the committed one',
    ]);
  });

  it('refuses dropping the reader of a version the topic still holds, and a lowered version', () => {
    const release2 = cards(versionedEvent(CardAddedV2, { version: 2, previousVersions: { 1: previousVersion(CardAddedV1, upgrade) } }));
    const release3 = cards(versionedEvent(CardAddedV2, { version: 3, previousVersions: { 2: previousVersion(CardAddedV2, (v2) => v2) } }));
    expect(breaks(release2, release3)).toEqual(['card.added (schemaVersion 1) $: no longer read: the topic’s history may still hold records of version 1']);
    expect(breaks(release2, release1)).toEqual(['card.added (schemaVersion 2) $: schemaVersion lowered from 2 to 1: readers of version 2 would take older records for theirs']);
  });

  it('notes a call or an event type that is gone without failing', () => {
    const without = structuredClone(release1) as { components: { messages: Record<string, unknown> } };
    delete without.components.messages['add-card.request'];
    delete without.components.messages['card.added'];
    const report = evolution(release1, without);
    expect(report.breaking).toEqual([]);
    expect(report.notes).toEqual(['add-card: no longer declared (a caller still running may send to it)', 'card.added: no longer published (its records stay in the topic’s history)']);
  });

  it('reads the documents as docs/asyncapi.yaml holds them', () => {
    const text = asyncApiYaml();
    expect(evolution(parseAsyncApi(text), parseAsyncApi(text)).breaking).toEqual([]);
    expect(evolution(parseAsyncApi(text), parseAsyncApi(text)).compared).toBeGreaterThan(70);
    expect(() => parseAsyncApi('just: yaml')).toThrow('not an AsyncAPI document');
  });
});
