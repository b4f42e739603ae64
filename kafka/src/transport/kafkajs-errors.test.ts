import { AuthenticationError, AuthorizationError, BrokerUnavailableError } from '../errors';
import { fromKafkaJs, leaderMoved } from './kafkajs-errors';

/** A kafkajs error as `fromKafkaJs` reads it: its class `name`, the broker's error `type`, and the `cause` it wraps. */
function kafkaJsError(name: string, message: string, fields: { type?: string; cause?: unknown } = {}): Error {
  return Object.assign(new Error(message), { name, ...fields });
}
const protocolError = (type: string, message: string) => kafkaJsError('KafkaJSProtocolError', message, { type });

describe('kafkajs failures of a secure broker', () => {
  it('reports refused credentials as an AuthenticationError nobody retries', () => {
    const error = fromKafkaJs(kafkaJsError('KafkaJSSASLAuthenticationError', 'SASL SCRAM SHA512 authentication failed: invalid credentials'), 'admin connect');
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ retriable: false, operation: 'admin connect' });
    expect((error as Error).message).toMatch(/KAFKA_SASL_USERNAME/);
  });

  it('reports an ACL refusal as an AuthorizationError naming the resource kind and the topic', () => {
    // As kafkajs's retry loop gives up on a non-retriable protocol error: the broker's error as the cause.
    const cause = protocolError('TOPIC_AUTHORIZATION_FAILED', 'Not authorized to access topics');
    const refused = kafkaJsError('KafkaJSNonRetriableError', cause.message, { cause });
    const error = fromKafkaJs(refused, 'produce', 'lesson-events');
    expect(error).toBeInstanceOf(AuthorizationError);
    expect(error).toMatchObject({ retriable: false, resource: 'topic', topic: 'lesson-events' });
    expect(fromKafkaJs(protocolError('GROUP_AUTHORIZATION_FAILED', 'Not authorized to access group'), 'consume')).toMatchObject({ resource: 'group' });
  });

  it('says that a closed connection may be a missing credential, and still lets it be retried', () => {
    const closed = kafkaJsError('KafkaJSNumberOfRetriesExceeded', 'Closed connection', { cause: kafkaJsError('KafkaJSConnectionClosedError', 'Closed connection') });
    const error = fromKafkaJs(closed, 'list topics');
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect(error).toMatchObject({ retriable: true });
    expect((error as Error).message).toMatch(/requires authentication[\s\S]*KAFKA_SASL_MECHANISM/);
    // A broker that is down refuses the connection instead: no hint.
    expect((fromKafkaJs(kafkaJsError('KafkaJSConnectionError', 'connect ECONNREFUSED'), 'produce', 'user-events') as BrokerUnavailableError).hint).toBeUndefined();
  });
});

describe('leaderMoved', () => {
  it('sees a moved or missing leader through our wrapper and kafkajs’s', () => {
    const notLeader = Object.assign(new Error('This server is not the leader for that topic-partition'), { type: 'NOT_LEADER_FOR_PARTITION' });
    expect(leaderMoved(fromKafkaJs(notLeader, 'fetch topic offsets', 'lesson-events'))).toBe(true);
    expect(leaderMoved(Object.assign(new Error('x'), { originalError: { type: 'LEADER_NOT_AVAILABLE' } }))).toBe(true);
    expect(leaderMoved(Object.assign(new Error('gone'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' }))).toBe(false);
    expect(leaderMoved(new TypeError('bug'))).toBe(false);
  });
});
