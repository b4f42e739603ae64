import { decodeReplyValue, parseErrorReply, toErrorReply } from './protocol';

describe('error replies', () => {
  it('carry code and message, never a stack', () => {
    const reply = toErrorReply(Object.assign(new Error('no lesson L1'), { code: 'NOT_FOUND' }));
    expect(reply).toEqual({ status: 'error', code: 'NOT_FOUND', message: 'no lesson L1' });
    expect(toErrorReply('boom')).toEqual({ status: 'error', code: 'INTERNAL', message: 'boom' });
  });

  it.each([
    ['ours', JSON.stringify({ status: 'error', code: 'NOT_FOUND', message: 'gone', retriable: true }), { code: 'NOT_FOUND', message: 'gone', retriable: true }],
    ["NestJS's exception filter", JSON.stringify({ status: 'error', message: 'Internal server error' }), { code: 'INTERNAL', message: 'Internal server error', retriable: false }],
    ['a bare string', 'something broke', { code: 'INTERNAL', message: 'something broke', retriable: false }],
  ])('are read in any shape: %s', (_, raw, expected) => {
    expect(parseErrorReply(raw)).toEqual(expected);
  });
});

describe('reply values', () => {
  it('are JSON, or the raw text a NestJS service sent for a string', () => {
    expect(decodeReplyValue(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
    expect(decodeReplyValue(Buffer.from('hello'))).toBe('hello');
    expect(decodeReplyValue(null)).toBeUndefined();
  });
});
