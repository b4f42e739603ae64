/** The user domain's public entry: its manifest, message contracts and event types. Importing it has no side effects. */
export { userDomain } from './manifest';
export * from './contracts';
export * from './events';
export { canSeeEmail, maskEmail } from './email';
export { SEED_USERS, SEED_USER_IDS } from './seed';
