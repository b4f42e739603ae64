/** The quiz domain's public entry: its manifest, message contracts and event types. Importing it has no side effects. */
export { quizDomain } from './manifest';
export * from './contracts';
export * from './events';
export { SEED_QUIZZES, quizIdOf } from './seed';
