import {
  BrokerUnavailableError,
  ClosedError,
  GroupActiveError,
  NoResponderError,
  PuchiKafkaError,
  RemoteError,
  RequestTimeoutError,
  RetriesExhaustedError,
  UnknownTopicError,
} from '@puchi/kafka';
import { GraphQLError } from 'graphql';
import { BadUserInputError, NotFoundError } from './errors';
import { toGraphQLError } from './graphql-errors';

const mapped = (error: unknown) => {
  const e = toGraphQLError(error, 'lesson');
  return { message: e.message, extensions: e.extensions };
};

const unavailable = { message: 'the lesson service is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE', service: 'lesson', retriable: true } };
const internal = { message: 'the lesson service failed', extensions: { code: 'INTERNAL_SERVER_ERROR', service: 'lesson' } };

describe('toGraphQLError', () => {
  it('keeps a GraphQL code and its message, thrown here or sent back by a domain service', () => {
    expect(mapped(new NotFoundError('lesson', 'l9'))).toEqual({ message: 'lesson "l9" does not exist', extensions: { code: 'NOT_FOUND' } });
    expect(mapped(new RemoteError('get-lesson', 'c', 'BAD_USER_INPUT', 'score: must be between 0 and 100'))).toEqual({
      message: 'score: must be between 0 and 100',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('keeps a GraphQL code sent back even when the service says retrying may help', () => {
    expect(mapped(new RemoteError('get-lesson', 'c', 'FORBIDDEN', 'needs the role admin', true))).toEqual({ message: 'needs the role admin', extensions: { code: 'FORBIDDEN' } });
  });

  it('maps a timeout to SERVICE_TIMEOUT, retriable', () => {
    expect(mapped(new RequestTimeoutError('get-lesson', 'c', 5000))).toEqual({
      message: 'the lesson service did not answer in time',
      extensions: { code: 'SERVICE_TIMEOUT', service: 'lesson', retriable: true },
    });
  });

  it.each([
    ['no responder', new NoResponderError('get-lesson', 'no-group-member')],
    ['a broker outage', new BrokerUnavailableError('produce', new Error('connection refused'), 'get-lesson')],
    ['a closed client', new ClosedError('RpcClient', 'c')],
    ['a missing topic', new UnknownTopicError('get-lesson')],
    ['any failure that says it is retriable', new PuchiKafkaError('leader moved', { retriable: true })],
    ['a service that failed on something retriable (no GraphQL code)', new RemoteError('get-lesson', 'c', 'INTERNAL', 'broker unavailable during produce', true)],
  ])('maps a retriable failure to SERVICE_UNAVAILABLE, retriable: %s', (_name, error) => {
    expect(mapped(error)).toEqual(unavailable);
  });

  it.each([
    ['a service that failed, not retriable', new RemoteError('get-lesson', 'c', 'SQLITE_CORRUPT', 'database disk image is malformed at /srv/lesson.sqlite')],
    ['a library failure that is not retriable', new GroupActiveError('lesson')],
    ['retries that ran out', new RetriesExhaustedError(3, new BrokerUnavailableError('produce', new Error('connection refused')))],
    ['an error that says nothing about retrying', new Error('lesson-by-id answered 1 values for 2 keys')],
    ['a programming error, whatever it says', Object.assign(new TypeError('x is not a function'), { retriable: true })],
  ])('maps anything else to INTERNAL_SERVER_ERROR without internals: %s', (_name, error) => {
    expect(mapped(error)).toEqual(internal);
  });

  it('keeps the original error for logs and a GraphQL error as it is', () => {
    const cause = new BadUserInputError('score', 'too big');
    expect(toGraphQLError(cause, 'lesson').originalError).toBe(cause);
    const graphql = new GraphQLError('already coded', { extensions: { code: 'FORBIDDEN' } });
    expect(toGraphQLError(graphql, 'lesson')).toBe(graphql);
  });
});
