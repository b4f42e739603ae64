import { childTraceparent, contextFromHeaders, contextToHeaders, isValidTraceparent, newTraceparent } from './context';

describe('call context headers', () => {
  it('round-trips the trace through headers', () => {
    const traceparent = newTraceparent();
    const context = { traceparent, tracestate: 'puchi=1' };
    expect(contextFromHeaders(contextToHeaders(context))).toEqual(context);
  });

  it('sends the caller only as its signed token, and reads no identity from plain headers', () => {
    const headers = contextToHeaders({ identity: { userId: 'u1', roles: ['admin'] }, identityToken: 'a.b.c' });
    expect(headers).toEqual({ 'x-puchi-identity': 'a.b.c' });
    expect(contextFromHeaders({ 'x-user-id': 'u1', 'x-user-roles': 'admin', 'x-puchi-identity': 'a.b.c' })).toEqual({});
  });

  it('ignores an invalid traceparent, as W3C requires', () => {
    expect(isValidTraceparent('00-00000000000000000000000000000000-0000000000000001-01')).toBe(false);
    expect(isValidTraceparent('ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBe(false);
    expect(contextFromHeaders({ traceparent: 'garbage' })).toEqual({});
  });

  it('keeps trace id and flags and changes the span id for the next hop', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const child = childTraceparent(parent);
    expect(child).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(child).not.toBe(parent);
    expect(isValidTraceparent(childTraceparent(undefined))).toBe(true);
  });

  it('draws distinct, valid ids across refills of the id pool', () => {
    const ids = Array.from({ length: 1000 }, () => newTraceparent()); // 24 bytes each: several 4 KiB pools
    expect(ids.every(isValidTraceparent)).toBe(true);
    expect(new Set(ids.map((t) => t.split('-')[1])).size).toBe(1000);
    expect(new Set(ids.map((t) => t.split('-')[2])).size).toBe(1000);
  });
});
