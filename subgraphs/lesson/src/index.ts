/** The lesson domain's public entry: its manifest, message contracts and event types. Importing it has no side effects. */
export { lessonDomain } from './manifest';
export * from './contracts';
export { SEED_COURSES, SEED_LESSONS } from './seed';
