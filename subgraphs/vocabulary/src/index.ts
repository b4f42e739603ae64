/** The vocabulary domain's public entry: its manifest, message contracts and event types. Importing it has no side effects. */
export { vocabularyDomain } from './manifest';
export * from './contracts';
export * from './events';
export { createVocabularyService, type VocabularyServiceOptions } from './service';
export { scheduleReview, nextBox, reviewIntervalDays, REVIEW_INTERVAL_DAYS } from './leitner';
export { SEED_WORDS, wordIdOf } from './seed';
