import { changedFields } from './profile-changes';

const current = { displayName: 'Ana Lima', nativeLanguage: 'pt', targetLanguage: 'es', level: 'A1' as const };

describe('changedFields', () => {
  it('keeps only the fields that differ', () => {
    expect(changedFields(current, { displayName: 'Ana L.', targetLanguage: 'es', level: 'A2' })).toEqual({ displayName: 'Ana L.', level: 'A2' });
  });

  it('treats omitted and null fields as unchanged', () => {
    expect(changedFields(current, { displayName: null, level: undefined })).toEqual({});
  });

  it('finds nothing to change when every value is the same', () => {
    expect(changedFields(current, { ...current })).toEqual({});
  });
});
