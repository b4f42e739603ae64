/** The media domain's public entry: its manifest, message contracts and event types. Importing it has no side effects. */
export { mediaDomain } from './manifest';
export * from './contracts';
export * from './events';
export { SEED_MEDIA, seedWordIds, WORDS_PER_LESSON } from './seed';
