import { aclBindings, consumerGroup, eventDeadLetterTopic, eventTopic, reactionGroup, replyTopicName, topicSpecs, type AclOperation, type AclResource, type PrincipalAcls } from '@puchi/kafka';
import { aclDeclaration, brokerPrincipals, DOMAINS, GATEWAY_PRINCIPAL, servicePrincipal, topologyDeclaration } from './index';

/** What the standard authorizer would answer for these ALLOW rules: literal or prefix match; READ and WRITE imply DESCRIBE. */
function allows(declaration: readonly PrincipalAcls[], user: string, resource: AclResource, name: string, operation: AclOperation): boolean {
  return aclBindings(declaration).some(
    (b) =>
      b.principal === `User:${user}` &&
      b.resource === resource &&
      (b.pattern === 'literal' ? b.name === name : name.startsWith(b.name)) &&
      (b.operation === operation || (operation === 'describe' && (b.operation === 'read' || b.operation === 'write'))),
  );
}

const declaration = aclDeclaration();
const can = (user: string, operation: AclOperation, resource: AclResource, name: string) => allows(declaration, user, resource, name, operation);
const requestTopics = (domain: string) => topologyDeclaration().find((d) => d.domain === domain)!.requestTopics;
const gatewayReplyTopic = replyTopicName('puchi', 'mfq3x1a2-0a1b2c3d');

describe('the ACLs of a secure broker, derived from the declared topology', () => {
  it('has one principal per domain service and one for the gateways, the SCRAM users the broker is formatted with', () => {
    expect(brokerPrincipals()).toEqual([...DOMAINS.map((d) => `${d}-service`), 'gateway']);
    expect(declaration.map((p) => p.user)).toEqual(brokerPrincipals());
  });

  it('lets a service read its own requests and answer them: replies to callers, dead letters', () => {
    const user = servicePrincipal('user');
    for (const topic of requestTopics('user')) {
      expect([can(user, 'read', 'topic', topic), can(user, 'write', 'topic', `${topic}.reply`), can(user, 'write', 'topic', `${topic}.DLT`)]).toEqual([true, true, true]);
      expect(can(user, 'write', 'topic', topic)).toBe(false);
    }
    expect(can(user, 'read', 'group', consumerGroup('user'))).toBe(true);
    expect(can(user, 'write', 'topic', gatewayReplyTopic)).toBe(true);
  });

  it('lets a service write and replay its own events, and nobody else’s', () => {
    const user = servicePrincipal('user');
    expect([can(user, 'write', 'topic', 'user-events'), can(user, 'read', 'topic', 'user-events'), can(user, 'write', 'topic', 'user-events.DLT')]).toEqual([true, true, true]);
    expect(can(user, 'read', 'group', 'user-events.fanout.mfq3x1a2-0a1b2c3d')).toBe(true);
    expect(can(user, 'delete', 'group', 'user-events.fanout.mfq3x1a2-0a1b2c3d')).toBe(true);
    for (const other of DOMAINS.filter((d) => d !== 'user')) expect(can(user, 'write', 'topic', eventTopic(other))).toBe(false);
    expect(can(user, 'write', 'topic', 'service-heartbeats')).toBe(true);
  });

  it('lets a service read only the event topics it reacts to, in its reaction groups, and dead-letter their poison events', () => {
    const notification = servicePrincipal('notification');
    expect(can(notification, 'read', 'topic', 'progress-events')).toBe(true);
    expect(can(notification, 'read', 'group', reactionGroup('notification', 'progress'))).toBe(true);
    expect(can(notification, 'write', 'topic', eventDeadLetterTopic('progress'))).toBe(true);
    expect(can(notification, 'write', 'topic', 'progress-events')).toBe(false);
    // The user service reacts to nothing: another domain's events are closed to it.
    expect(can(servicePrincipal('user'), 'read', 'topic', 'lesson-events')).toBe(false);
  });

  it('keeps a service out of other domains’ requests and groups', () => {
    const user = servicePrincipal('user');
    for (const topic of requestTopics('lesson')) expect(can(user, 'read', 'topic', topic) || can(user, 'write', 'topic', topic)).toBe(false);
    expect(can(user, 'read', 'group', consumerGroup('lesson'))).toBe(false);
    expect(can(user, 'describe', 'group', consumerGroup('lesson'))).toBe(false);
  });

  it('lets a gateway send every request and read every event, but answer no request and write no event', () => {
    for (const domain of DOMAINS) {
      for (const topic of requestTopics(domain)) expect([can(GATEWAY_PRINCIPAL, 'write', 'topic', topic), can(GATEWAY_PRINCIPAL, 'read', 'topic', topic)]).toEqual([true, false]);
      expect([can(GATEWAY_PRINCIPAL, 'read', 'topic', eventTopic(domain)), can(GATEWAY_PRINCIPAL, 'write', 'topic', eventTopic(domain))]).toEqual([true, false]);
      // The status page and the responder probe describe the service groups; joining them would steal requests.
      expect([can(GATEWAY_PRINCIPAL, 'describe', 'group', consumerGroup(domain)), can(GATEWAY_PRINCIPAL, 'read', 'group', consumerGroup(domain))]).toEqual([true, false]);
    }
    expect(can(GATEWAY_PRINCIPAL, 'read', 'topic', 'service-heartbeats')).toBe(true);
    expect(can(GATEWAY_PRINCIPAL, 'read', 'group', 'gateway.lesson-events.mfq3x1a2-0a1b2c3d')).toBe(true);
  });

  it('lets a gateway own its reply topic and group (create, read, lease, delete) and sweep a crashed one’s', () => {
    for (const operation of ['create', 'read', 'write', 'delete'] as const) expect(can(GATEWAY_PRINCIPAL, operation, 'topic', gatewayReplyTopic)).toBe(true);
    expect([can(GATEWAY_PRINCIPAL, 'read', 'group', gatewayReplyTopic), can(GATEWAY_PRINCIPAL, 'delete', 'group', gatewayReplyTopic)]).toEqual([true, true]);
    // No create or delete outside the prefix: the declared topics are the admin's.
    expect(can(GATEWAY_PRINCIPAL, 'create', 'topic', 'user-events')).toBe(false);
    expect(can(GATEWAY_PRINCIPAL, 'delete', 'topic', 'get-lessons')).toBe(false);
  });

  it('follows the gateways’ reply topic prefix when it is not the default', () => {
    const custom = aclDeclaration({ replyTopicPrefix: 'edge' });
    const topic = replyTopicName('edge', 'mfq3x1a2-0a1b2c3d');
    expect(allows(custom, GATEWAY_PRINCIPAL, 'topic', topic, 'create')).toBe(true);
    expect(allows(custom, servicePrincipal('quiz'), 'topic', topic, 'write')).toBe(true);
    expect(allows(custom, GATEWAY_PRINCIPAL, 'topic', gatewayReplyTopic, 'create')).toBe(false);
  });

  it('grants something on every declared topic, and nothing on a topic outside the topology or a reply prefix', () => {
    const granted = (topic: string) => brokerPrincipals().some((user) => (['read', 'write'] as const).some((op) => can(user, op, 'topic', topic)));
    for (const spec of topicSpecs(topologyDeclaration())) expect([spec.name, granted(spec.name)]).toEqual([spec.name, true]);
    expect(granted('__consumer_offsets')).toBe(false);
    expect(granted('payments-events')).toBe(false);
  });
});
