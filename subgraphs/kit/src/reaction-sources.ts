import { silentLogger } from '@puchi/kafka';
import type { DomainServiceDefinition, ServiceRuntime } from './definition';
import type { Db } from './store';

const refuse = (what: string) => () => {
  throw new Error(`reactionSources: building a service's reactions must not use its runtime (${what}); only their handlers may`);
};

/**
 * The domains whose events a service reacts to, in its order, without starting it: docs/asyncapi.yaml lists
 * each as a receive operation in its reaction group. `reactions(runtime)` is built with a runtime that throws
 * when used: building the list only closes over the runtime; its handlers use it later.
 */
export function reactionSources(definition: DomainServiceDefinition): string[] {
  if (!definition.reactions) return [];
  const db = new Proxy({} as Db, { get: (_target, property) => refuse(`db.${String(property)}`)() });
  const runtime: ServiceRuntime = { domain: definition.domain, logger: silentLogger, db, emit: refuse('emit') };
  return [...new Set(definition.reactions(runtime).map((r) => r.from))];
}
