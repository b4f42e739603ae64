/**
 * How the system names its topics and consumer groups. Which domains and calls exist is not known here: each
 * domain declares its own in its manifest (`subgraphs/<domain>`), and the registry (`@puchi/domains`) lists the
 * domains. Code builds names with these functions, never from string literals.
 */

export interface RequestTopic {
  /** Callers send requests here; the owning domain's service group consumes it. */
  readonly name: string;
  /** The domain whose service answers. */
  readonly domain: string;
  /** Where responders send replies unless the request names another topic (NestJS convention: `<name>.reply`). */
  readonly reply: string;
  /** Undecodable requests go here with headers saying where they came from. */
  readonly deadLetter: string;
}

/** A request topic of `domain`, with its reply and dead-letter topics. */
export function requestTopic<N extends string>(name: N, domain: string): RequestTopic & { name: N } {
  return { name, domain, reply: replyTopicOf(name), deadLetter: `${name}.DLT` };
}

/** `<name>.reply`: where NestJS's `ClientKafka` asks for the replies to requests on `name`. */
export function replyTopicOf(requestTopicName: string): string {
  return `${requestTopicName}.reply`;
}

/** Topics of the system itself rather than of a domain. */
export const SYSTEM_TOPICS = {
  /** Every service instance announces itself here every few seconds; the gateway's status page reads it. */
  heartbeats: 'service-heartbeats',
} as const;

/** `<domain>-events`: the domain's history; a service's store can be rebuilt by replaying it. */
export function eventTopic(domain: string): string {
  return `${domain}-events`;
}

/** `<domain>-events.DLT`: events of the domain that could not be decoded or handled. */
export function eventDeadLetterTopic(domain: string): string {
  return `${eventTopic(domain)}.DLT`;
}

/** The consumer group each domain's service instances share: `<domain>-service-group`. */
export function consumerGroup(domain: string): string {
  return `${domain}-service-group`;
}

/** The group in which a domain's instances share a reaction to another domain's events (one group per topic: see `startDomainService`). */
export function reactionGroup(domain: string, fromDomain: string): string {
  return `${consumerGroup(domain)}.${eventTopic(fromDomain)}`;
}

/** How long a domain's event topic keeps its records: its whole history (stores are rebuilt from it), or a window. */
export type EventRetention = 'history' | 'window';

/** One domain's share of the topology, as its manifest declares it. */
export interface DomainTopology {
  domain: string;
  /** Names of the request topics its service answers. */
  requestTopics: readonly string[];
  /** Default `history`. `window`: `KAFKA_ANALYTICS_RETENTION_MS` (derived events, rebuildable from other topics). */
  eventRetention?: EventRetention;
}
