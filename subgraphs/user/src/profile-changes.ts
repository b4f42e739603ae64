import type { ProfileChanges, UserRecord } from './contracts';

/** The editable profile fields; email and id are not among them (changing the sign-in email is not offered). */
const EDITABLE = ['displayName', 'nativeLanguage', 'targetLanguage', 'level'] as const;
type Editable = Pick<UserRecord, (typeof EDITABLE)[number]>;

/**
 * The fields of `changes` that differ from `current`. Omitted and null fields keep their value (every
 * editable field is non-null in the schema, so null cannot mean "clear it"). An empty result means nothing
 * to record: no event is emitted for a no-op update.
 */
export function changedFields(current: Editable, changes: ProfileChanges): Partial<Editable> {
  const changed: Partial<Editable> = {};
  for (const field of EDITABLE) {
    const value = changes[field];
    if (value !== undefined && value !== null && value !== current[field]) Object.assign(changed, { [field]: value });
  }
  return changed;
}
