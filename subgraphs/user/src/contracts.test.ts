import { parseRequest, type Call } from '@puchi/subgraph-kit';
import { registerUser, updateUserProfile } from './contracts';

const valid = { displayName: 'Zoe', email: 'zoe@example.com', nativeLanguage: 'en', targetLanguage: 'es' };
const problem = <T,>(call: Call<T, unknown>, payload: unknown) => {
  try {
    parseRequest(call, payload);
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('user contracts', () => {
  it('normalises language codes and trims names', () => {
    expect(parseRequest(registerUser, { ...valid, displayName: '  Zoe ', nativeLanguage: 'EN' })).toMatchObject({ displayName: 'Zoe', nativeLanguage: 'en' });
  });

  it.each([
    [{ ...valid, displayName: '   ' }, /^displayName: must be 1 to 60 characters/],
    [{ ...valid, displayName: 'x'.repeat(61) }, /^displayName: must be 1 to 60 characters/],
    [{ ...valid, email: 'not-an-email' }, /^email: must be a valid email address/],
    [{ ...valid, nativeLanguage: 'xx' }, /^nativeLanguage: must be an ISO 639-1 code/],
    [{ ...valid, targetLanguage: 'spa' }, /^targetLanguage: must be an ISO 639-1 code/],
    [{ ...valid, level: 'D1' }, /^level: /],
  ])('refuses registration %j naming the field', (payload, message) => {
    expect(problem(registerUser, payload)).toMatch(message);
  });

  it('accepts a 60-character name and an empty update', () => {
    expect(problem(registerUser, { ...valid, displayName: 'x'.repeat(60) })).toBe('accepted');
    expect(problem(updateUserProfile, {})).toBe('accepted');
    expect(problem(updateUserProfile, { targetLanguage: 'zz' })).toMatch(/^targetLanguage: /);
  });
});
