export * from './broker';
export * from './names';
export * from './wait';
export * from './topology';
export * from './in-memory-bus';
export { createTestTopics, testBus, FAST_GROUP } from '../transport/testing';
