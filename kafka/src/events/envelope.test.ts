import { envelope, parseEnvelope } from './envelope';

describe('event envelope', () => {
  it('fills id, time and version and survives a JSON round trip', () => {
    const e = envelope({ type: 'lesson.published', subject: 'L1', payload: { title: 'Greetings' } }, 'lesson-service', new Date('2025-01-02T03:04:05Z'));
    expect(e).toMatchObject({ type: 'lesson.published', subject: 'L1', source: 'lesson-service', schemaVersion: 1, occurredAt: '2025-01-02T03:04:05.000Z' });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseEnvelope(JSON.stringify(e))).toEqual(e);
  });

  it.each([
    ['not JSON', '{nope', /JSON/],
    ['not an object', '[1]', /not a JSON object/],
    ['missing type', JSON.stringify({ id: 'a', occurredAt: '2025-01-01', source: 's', subject: 'x', schemaVersion: 1, payload: {} }), /"type"/],
    ['bad version', JSON.stringify({ id: 'a', type: 't', occurredAt: '2025-01-01', source: 's', subject: 'x', schemaVersion: 0, payload: {} }), /schemaVersion/],
    ['no payload', JSON.stringify({ id: 'a', type: 't', occurredAt: '2025-01-01', source: 's', subject: 'x', schemaVersion: 1 }), /payload/],
  ])('rejects a value that is %s', (_, text, message) => {
    expect(() => parseEnvelope(text)).toThrow(message);
  });
});
