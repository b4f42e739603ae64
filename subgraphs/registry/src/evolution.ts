import { parse } from 'yaml';
import type { Json } from './asyncapi';
import { compatibility, sameJson, type BreakingChange, type JsonSchema } from './compatibility';

/**
 * The evolution check (`npm run check:evolution`): every request, reply and event contract of one
 * docs/asyncapi.yaml against an earlier one, by `compatibility`. An event type may break its payload only by
 * raising its `schemaVersion` while the domain keeps reading the old version: the new document must then hold
 * the old version's message (from `previousVersions`) with the very schema the earlier document had.
 */

/** A breaking change in one contract. */
export interface ContractChange extends BreakingChange {
  /** `get-user-profile request`, `get-user-profile reply`, `user.registered (schemaVersion 1)`. */
  contract: string;
}

export interface EvolutionReport {
  /** Contracts found in both documents and compared. */
  compared: number;
  breaking: ContractChange[];
  /** What the earlier document had and the new one no longer has: nothing fails for it, but someone should know. */
  notes: string[];
}

/** Every version of one event type in a document, and which of them is published now. */
interface EventVersions {
  current: number;
  payloads: Map<number, JsonSchema>;
}

interface Contracts {
  requests: Map<string, JsonSchema>;
  replies: Map<string, JsonSchema>;
  events: Map<string, EventVersions>;
}

const objectAt = (value: unknown, ...path: string[]): Json | undefined => {
  let at: unknown = value;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Json)[key] : undefined;
  return typeof at === 'object' && at !== null ? (at as Json) : undefined;
};

/** The contracts of a document, read from its `components.messages` as `asyncApiDocument` writes them. */
function contractsOf(document: Json): Contracts {
  const contracts: Contracts = { requests: new Map(), replies: new Map(), events: new Map() };
  for (const [id, message] of Object.entries(objectAt(document, 'components', 'messages') ?? {})) {
    const payload = objectAt(message, 'payload') ?? {};
    const type = objectAt(payload, 'properties', 'type')?.const;
    const version = objectAt(payload, 'properties', 'schemaVersion')?.const;
    if (typeof type === 'string' && typeof version === 'number') {
      const versions = contracts.events.get(type) ?? { current: 0, payloads: new Map() };
      versions.payloads.set(version, (objectAt(payload, 'properties', 'payload') ?? {}) as JsonSchema);
      // The current version's message is the type itself; older ones are `<type>.v<n>`.
      if (id === type) versions.current = version;
      contracts.events.set(type, versions);
    } else if (id.endsWith('.request')) contracts.requests.set(id.slice(0, -'.request'.length), payload);
    else if (id.endsWith('.reply')) contracts.replies.set(id.slice(0, -'.reply'.length), payload);
  }
  return contracts;
}

/** Parses a docs/asyncapi.yaml text. */
export function parseAsyncApi(text: string): Json {
  const document: unknown = parse(text);
  if (typeof document !== 'object' || document === null || !('asyncapi' in document)) throw new Error('not an AsyncAPI document');
  return document as Json;
}

/** The breaking changes from the contracts of `before` to those of `after`, with what was compared and notes. */
export function evolution(before: Json, after: Json): EvolutionReport {
  const old = contractsOf(before);
  const now = contractsOf(after);
  const report: EvolutionReport = { compared: 0, breaking: [], notes: [] };
  const compare = (contract: string, was: JsonSchema, is: JsonSchema) => {
    report.compared++;
    for (const change of compatibility(was, is)) report.breaking.push({ contract, ...change });
  };
  const refuse = (contract: string, change: string) => report.breaking.push({ contract, path: '$', change });

  for (const [topic, request] of old.requests) {
    const next = now.requests.get(topic);
    if (next) compare(`${topic} request`, request, next);
    else report.notes.push(`${topic}: no longer declared (a caller still running may send to it)`);
  }
  for (const [topic, reply] of old.replies) {
    const next = now.replies.get(topic);
    if (next) compare(`${topic} reply`, reply, next);
  }

  for (const [type, was] of old.events) {
    const is = now.events.get(type);
    if (!is) {
      report.notes.push(`${type}: no longer published (its records stay in the topic’s history)`);
      continue;
    }
    if (is.current < was.current) {
      refuse(`${type} (schemaVersion ${was.current})`, `schemaVersion lowered from ${was.current} to ${is.current}: readers of version ${was.current} would take older records for theirs`);
      continue;
    }
    for (const [version, payload] of was.payloads) {
      const contract = `${type} (schemaVersion ${version})`;
      const kept = is.payloads.get(version);
      if (version === was.current && version === is.current) compare(contract, payload, kept!);
      else if (!kept && version === was.current) {
        refuse(contract, `schemaVersion raised to ${is.current} without a reader of version ${version}, which the topic holds: declare previousVersions[${version}] with its schema and an upgrade (versionedEvent)`);
      } else if (!kept) {
        refuse(contract, `no longer read: the topic’s history may still hold records of version ${version}`);
      } else {
        report.compared++;
        if (!sameJson(payload, kept)) {
          const where = compatibility(payload, kept).map((c) => c.path);
          refuse(contract, `the schema kept to read version ${version} is not the committed one${where.length > 0 ? ` (at ${[...new Set(where)].join(', ')})` : ''}: records of version ${version} were written with the committed one`);
        }
      }
    }
  }
  return report;
}
