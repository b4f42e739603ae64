/** The progress domain's public entry: its manifest, message contracts and event types. Importing it has no side effects. */
export { progressDomain } from './manifest';
export * from './contracts';
export * from './events';
export { SEED_ACTIVITY } from './seed';
export { utcDay, streaks } from './streak';
