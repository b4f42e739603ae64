import fs from 'node:fs';
import path from 'node:path';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { DomainTopology, EventRetention } from '@puchi/kafka';
import { parse, Source } from 'graphql';
import type { z } from 'zod';
import type { SubgraphContext } from './context';
import type { Call } from './contract';
import { checkEventViews, type EventViews } from './event-views';
import { toEventSchema, versioningOf, type EventSchema, type EventVersioning } from './event-versions';
import { projectedEventSchemas, projectedEventVersions } from './projections';
import type { DomainServiceDefinition } from './definition';
import type { SubgraphModule, SubscriptionField } from './subgraph';

/**
 * Everything the rest of the system needs to know about one domain, declared once in the domain's folder
 * (`subgraphs/<domain>/src/manifest.ts`) and listed by the registry (`@puchi/domains`). Importing a manifest
 * has no side effects: the SDL is read when `subgraph()` is first called.
 */
export interface DomainManifest<N extends string = string> {
  /** The domain's name: its subgraph, `<name>-events`, `<name>-service-group`. */
  readonly name: N;
  /** The request/reply calls its service answers; their topics are the domain's request topics. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly calls: readonly Call<any, any>[];
  /** How long `<name>-events` keeps its records. Default `history`. */
  readonly eventRetention: EventRetention;
  /**
   * The payload schema of every event type the domain publishes on `<name>-events`: those its service
   * projects (from `service.projections`), then those it publishes without projecting (the input's `events`).
   */
  readonly events: Readonly<Record<string, z.ZodType>>;
  /**
   * Every type of `events` with the `schemaVersion` it is published at (1 until raised) and the readers of its
   * older versions (`versionedEvent`). docs/asyncapi.yaml lists a message per version; `npm run check:evolution`
   * accepts a raised version only with a reader of the committed one.
   */
  readonly eventVersions: Readonly<Record<string, EventVersioning>>;
  /** What an analyst sees of each event type's payload on the `events` feed (admins see it raw); a type not here shows `{}`. */
  readonly analystViews: EventViews;
  /** The domain's Federation 2 SDL file (`subgraphs/<domain>/schema.graphql`). */
  readonly sdlPath: string;
  /** Its subgraph, built on first use (reads the SDL). */
  subgraph(): SubgraphModule;
  /** Its Kafka consumer service. */
  readonly service: DomainServiceDefinition;
  /** graphql-codegen mappers of its resolver types (what a resolver returns for a type). */
  readonly codegenMappers: Readonly<Record<string, string>>;
}

export interface DomainManifestInput<N extends string> {
  name: N;
  /** The module of the domain's contracts (`import * as contracts`): every `Call` it exports is answered by the service. */
  contracts: Record<string, unknown>;
  eventRetention?: EventRetention;
  /**
   * The payload schemas of the event types the service publishes on `<name>-events` but does not project
   * (for other domains only). The projected ones come from `service.projections`; naming one here is refused.
   * A type whose `schemaVersion` was raised is declared with `versionedEvent(schema, { version, previousVersions })`.
   */
  events?: Record<string, z.ZodType | EventSchema>;
  /**
   * What a caller without the admin role (an analyst) may see of each of its event types' payloads where they are
   * handed out as they are (the `events` feed), declared next to the event contracts: `{ show: [fields], mask: { field: fn } }`
   * or `{ show: 'all' }` for public content. Default: none, so every type shows an empty payload. A type it does not
   * publish, or a field its payload schema lacks, is refused.
   */
  analystViews?: EventViews;
  /** The folder of the domain's package (`path.join(__dirname, '..')` from `src/manifest.ts`); its SDL is `schema.graphql` there. */
  packageDir: string;
  resolvers: GraphQLResolverMap<SubgraphContext> | object;
  subscriptions?: Record<string, SubscriptionField>;
  service: DomainServiceDefinition;
  codegenMappers?: Record<string, string>;
}

function isCall(value: unknown): value is Call<unknown, unknown> {
  return typeof value === 'object' && value !== null && 'route' in value && 'request' in value && 'reply' in value && 'topic' in value;
}

/** The repo root, for SDL locations in error messages (`subgraphs/user/schema.graphql`). */
const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Builds a domain's manifest; refuses a contract that names another domain's topic. */
export function defineDomain<N extends string>(input: DomainManifestInput<N>): DomainManifest<N> {
  const calls = Object.values(input.contracts).filter(isCall);
  const foreign = calls.filter((c) => c.domain !== input.name);
  if (foreign.length > 0) throw new Error(`domain ${input.name}: calls ${foreign.map((c) => c.topic).join(', ')} name another domain`);
  if (input.service.domain !== input.name) throw new Error(`domain ${input.name}: its service says it is "${input.service.domain}"`);
  const projected = projectedEventSchemas(input.service.projections);
  const twice = Object.keys(input.events ?? {}).filter((type) => Object.hasOwn(projected, type));
  if (twice.length > 0) throw new Error(`domain ${input.name}: events lists ${twice.join(', ')}, which its service projects: the schema is the projection's`);
  const published = Object.entries(input.events ?? {}).map(([type, schema]) => [type, toEventSchema(schema)] as const);
  const events = Object.freeze({ ...projected, ...Object.fromEntries(published.map(([type, e]) => [type, e.schema])) });
  const analystViews = Object.freeze({ ...input.analystViews });
  checkEventViews(input.name, analystViews, events);
  const sdlPath = path.join(input.packageDir, 'schema.graphql');
  let subgraph: SubgraphModule | undefined;
  return {
    name: input.name,
    calls,
    eventRetention: input.eventRetention ?? 'history',
    events,
    eventVersions: Object.freeze({ ...projectedEventVersions(input.service.projections), ...Object.fromEntries(published.map(([type, e]) => [type, versioningOf(e)])) }),
    analystViews,
    sdlPath,
    service: input.service,
    codegenMappers: input.codegenMappers ?? {},
    subgraph() {
      subgraph ??= {
        name: input.name,
        typeDefs: parse(new Source(fs.readFileSync(sdlPath, 'utf8'), path.relative(REPO_ROOT, sdlPath))),
        resolvers: input.resolvers as GraphQLResolverMap<SubgraphContext>,
        ...(input.subscriptions ? { subscriptions: input.subscriptions } : {}),
        analystViews,
      };
      return subgraph;
    },
  };
}

/** A manifest's share of the Kafka topology. */
export function domainTopology(manifest: DomainManifest): DomainTopology {
  return { domain: manifest.name, requestTopics: manifest.calls.map((c) => c.topic), eventRetention: manifest.eventRetention };
}
