import {
  DEFAULT_REPLY_TOPIC_PREFIX,
  SYSTEM_TOPICS,
  consumerGroup,
  eventDeadLetterTopic,
  eventTopic,
  fanoutGroupPrefix,
  reactionGroup,
  replyTopicName,
  requestTopic,
  type AclGrant,
  type PrincipalAcls,
} from '@puchi/kafka';
import { reactionSources, type DomainManifest } from '@puchi/subgraph-kit';
import { DOMAIN_MANIFESTS } from './domains';

/** The SASL user every instance of a domain's service logs in as: `<domain>-service`, as its client id. */
export function servicePrincipal(domain: string): string {
  return `${domain}-service`;
}

/** The SASL user of every gateway instance, and of the standalone subgraph servers (they call services as it does). */
export const GATEWAY_PRINCIPAL = 'gateway';

/**
 * The groups of the gateway's event feeds and replays (`gateway.<topic>.…`, `gateway.replay.<topic>.…`: see
 * gateway/src/subscriptions), which the registry cannot import. Its own namespace of groups.
 */
export const GATEWAY_GROUP_PREFIX = 'gateway.';

const topic = (name: string, ...operations: AclGrant['operations']): AclGrant => ({ resource: 'topic', name, pattern: 'literal', operations });
const group = (name: string, ...operations: AclGrant['operations']): AclGrant => ({ resource: 'group', name, pattern: 'literal', operations });
const prefixed = (grant: AclGrant): AclGrant => ({ ...grant, pattern: 'prefixed' });

/**
 * A domain's service: it reads its request topics and writes their replies (`<topic>.reply` for NestJS callers,
 * the callers' own reply topics for ours) and dead letters; it reads and writes its event topic (the store is a
 * projection of it, through fan-out groups it deletes on close) and its DLT; it reads the event topics it reacts
 * to, in its reaction groups, and dead-letters their poison events; it announces itself on the heartbeats.
 * Nothing else: not another domain's events, nor another domain's requests or groups.
 */
function serviceAcls(manifest: DomainManifest, replyTopicPrefix: string): PrincipalAcls {
  const domain = manifest.name;
  const grants: AclGrant[] = [];
  for (const call of manifest.calls) {
    const t = requestTopic(call.topic, domain);
    grants.push(topic(t.name, 'read'), topic(t.reply, 'write'), topic(t.deadLetter, 'write'));
  }
  grants.push(
    prefixed(topic(replyTopicName(replyTopicPrefix, ''), 'write')),
    topic(eventTopic(domain), 'read', 'write'),
    topic(eventDeadLetterTopic(domain), 'write'),
    topic(SYSTEM_TOPICS.heartbeats, 'write'),
    group(consumerGroup(domain), 'read'),
    prefixed(group(fanoutGroupPrefix(eventTopic(domain)), 'read', 'delete')),
  );
  for (const from of reactionSources(manifest.service)) {
    grants.push(topic(eventTopic(from), 'read'), topic(eventDeadLetterTopic(from), 'write'), group(reactionGroup(domain, from), 'read'));
  }
  return { user: servicePrincipal(domain), grants };
}

/**
 * The gateways: they write every domain's request topics; create, read, lease and delete their own reply
 * topics (and sweep those of crashed instances) with a group each; read every event topic and the heartbeats
 * through fan-out groups (dead-lettering a poison event to its DLT); and describe the services' groups (the
 * responder probe and `/api/services/status`). They write no event and read no request.
 */
function gatewayAcls(manifests: readonly DomainManifest[], replyTopicPrefix: string): PrincipalAcls {
  const replies = replyTopicName(replyTopicPrefix, '');
  const grants: AclGrant[] = [
    prefixed(topic(replies, 'create', 'delete', 'read', 'write')),
    prefixed(group(replies, 'read', 'delete')),
    topic(SYSTEM_TOPICS.heartbeats, 'read'),
    prefixed(group(fanoutGroupPrefix(SYSTEM_TOPICS.heartbeats), 'read', 'delete')),
    prefixed(group(GATEWAY_GROUP_PREFIX, 'read', 'delete')),
  ];
  for (const manifest of manifests) {
    grants.push(...manifest.calls.map((call) => topic(call.topic, 'write')));
    grants.push(topic(eventTopic(manifest.name), 'read'), topic(eventDeadLetterTopic(manifest.name), 'write'), group(consumerGroup(manifest.name), 'describe'));
  }
  return { user: GATEWAY_PRINCIPAL, grants };
}

export interface AclDeclarationOptions {
  /** The reply topic prefix of the gateways' `RpcClient`s (and so the one responders allow). Default `DEFAULT_REPLY_TOPIC_PREFIX`. */
  replyTopicPrefix?: string;
  /** Default: every domain of the registry. Tests pass a few. */
  manifests?: readonly DomainManifest[];
}

/**
 * What each principal of the system may do on a secure broker, derived from the declared topology: the
 * domains' manifests (request topics, reactions) and the names `kafka/src/topology` builds. Everything else is
 * refused; the broker's `admin` is a super user and needs none. `applyAcls` makes the broker match it.
 */
export function aclDeclaration(options: AclDeclarationOptions = {}): PrincipalAcls[] {
  const { replyTopicPrefix = DEFAULT_REPLY_TOPIC_PREFIX, manifests = DOMAIN_MANIFESTS } = options;
  return [...manifests.map((m) => serviceAcls(m, replyTopicPrefix)), gatewayAcls(manifests, replyTopicPrefix)];
}

/** Every SCRAM user a secure broker needs besides its admin: one per domain service, one for the gateways. */
export function brokerPrincipals(): string[] {
  return aclDeclaration().map((p) => p.user);
}
