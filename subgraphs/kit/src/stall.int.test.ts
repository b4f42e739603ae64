import { eventTopic, requestTopic, RemoteError, uniqueName } from '@puchi/kafka';
import { createTestTopics, testBus } from '@puchi/kafka/testing';
import { z } from 'zod';
import { defineCall } from './contract';
import { handler, type DomainServiceDefinition } from './definition';
import { startTestDomain, type TestDomain } from './testing';

/**
 * A service that stops running for most of its session while holding a request does not act on it (`StallWatch`):
 * its partitions may have moved, and the new owner may have acted already. The stall here is real: the handler
 * blocks the process's event loop, as SIGSTOP or a starved host would.
 */
const domain = uniqueName('stall').replace(/-/g, '');
const act = defineCall(requestTopic(`${domain}-act`, domain), z.object({ subject: z.string(), blockMs: z.number().int() }), z.object({ ok: z.boolean() }));
const definition: DomainServiceDefinition = {
  domain,
  migrations: [],
  projections: {},
  handlers: (runtime) => [
    handler(act, async ({ subject, blockMs }, context) => {
      const until = Date.now() + blockMs;
      while (Date.now() < until) {
        // the process does nothing else meanwhile: no timer, no heartbeat, no I/O
      }
      await runtime.emit({ type: 'thing.acted', subject, payload: {} }, context);
      return { ok: true };
    }),
  ],
};

let dropTopics: () => Promise<void>;
let system: TestDomain;
beforeAll(async () => {
  dropTopics = await createTestTopics(testBus(), [
    { name: act.topic, partitions: 1 },
    { name: eventTopic(domain), partitions: 1 },
  ]);
  system = await startTestDomain(definition);
}, 60_000);
afterAll(async () => {
  await system?.close();
  await dropTopics();
});

const appliedEvents = () => (system.service.runtime.db.prepare('SELECT count(*) AS n FROM applied_events').get() as { n: number }).n;

it('acts on a request when it kept running', async () => {
  const before = appliedEvents();
  await expect(system.client.request(act.route, { subject: 'a', blockMs: 0 }, { deadline: Date.now() + 10_000 })).resolves.toEqual({ ok: true });
  expect(appliedEvents()).toBe(before + 1);
});

it('refuses, retriably, to act on a request it held through a stall as long as its session (6 s here) less two heartbeats', async () => {
  const before = appliedEvents();
  const refused = await system.client.request(act.route, { subject: 'b', blockMs: 4300 }, { deadline: Date.now() + 15_000 }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(RemoteError);
  expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retriable: true });
  expect(appliedEvents()).toBe(before);
}, 30_000);
