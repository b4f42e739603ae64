import { z } from 'zod';
import { checkEventViews, viewPayload } from './event-views';

describe('an event view', () => {
  const payload = { userId: 'u1', email: 'ana@example.com', score: 90, note: null };

  it('shows the listed fields, masks the masked ones and leaves out everything else', () => {
    expect(viewPayload(payload, { show: ['userId'], mask: { email: (e: string) => e.toUpperCase() } })).toEqual({ userId: 'u1', email: 'ANA@EXAMPLE.COM' });
  });

  it('keeps a null masked value null and skips absent fields', () => {
    expect(viewPayload(payload, { show: ['missing'], mask: { note: () => 'masked', other: () => 'masked' } })).toEqual({ note: null });
  });

  it('shows every field with show: all', () => {
    expect(viewPayload(payload, { show: 'all' })).toEqual(payload);
  });

  it('shows an empty payload for a type without a view, and for a payload that is not an object: never raw', () => {
    expect(viewPayload(payload, undefined)).toEqual({});
    expect(viewPayload(['a'], { show: 'all' })).toEqual({});
    expect(viewPayload('secret', { show: 'all' })).toEqual({});
  });
});

describe('a domain’s event views', () => {
  const events = { 'card.added': z.object({ cardId: z.string(), owner: z.string() }) };

  it('accepts views of published types that name their fields', () => {
    expect(() => checkEventViews('cards', { 'card.added': { show: ['cardId'], mask: { owner: String } } }, events)).not.toThrow();
  });

  it('refuses a type the domain does not publish, an unknown field, a field named twice, and masks beside show: all', () => {
    expect(() => checkEventViews('cards', { 'card.removed': { show: 'all' } }, events)).toThrow('domain cards: analystViews names card.removed, which it does not publish');
    expect(() => checkEventViews('cards', { 'card.added': { show: ['cardid'] } }, events)).toThrow('names cardid, not in its payload');
    expect(() => checkEventViews('cards', { 'card.added': { show: ['owner'], mask: { owner: String } } }, events)).toThrow('names owner twice');
    expect(() => checkEventViews('cards', { 'card.added': { show: 'all', mask: { owner: String } } }, events)).toThrow('shows all fields, so it cannot mask some');
  });
});
