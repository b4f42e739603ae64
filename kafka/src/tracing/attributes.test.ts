import { messagingAttributes, messagingSpanName } from './attributes';
import { otlpTracesUrl } from './otlp-url';

describe('messaging attributes', () => {
  it('maps a request sent to the conventions’ names, the correlation id as the message id', () => {
    expect(messagingAttributes({ topic: 'lesson.get', operation: 'send', name: 'send', key: 'es-a1-04', messageId: 'c-1' })).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'lesson.get',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.kafka.message.key': 'es-a1-04',
      'messaging.message.id': 'c-1',
    });
  });

  it('maps a record handled with where it was read: partition as a string, offset as a number, the group', () => {
    expect(messagingAttributes({ topic: 'progress-events', operation: 'process', name: 'process', key: 'u-1', messageId: 'e-1', partition: 2, offset: '41', consumerGroup: 'notification-service-group' })).toMatchObject({
      'messaging.operation.type': 'process',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
      'messaging.consumer.group.name': 'notification-service-group',
    });
  });

  it('leaves out what the message does not have (a null key, no id)', () => {
    const attributes = messagingAttributes({ topic: 't', operation: 'send', name: 'publish', key: null });
    expect(Object.keys(attributes).sort()).toEqual(['messaging.destination.name', 'messaging.operation.name', 'messaging.operation.type', 'messaging.system']);
  });

  it('names a span `{operation} {destination}`', () => {
    expect(messagingSpanName({ name: 'publish', topic: 'progress-events' })).toBe('publish progress-events');
  });
});

describe('the OTLP traces URL', () => {
  it('appends v1/traces to the base endpoint, as the specification does', () => {
    expect(otlpTracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
  });
});
