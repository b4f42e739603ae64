export * from './broker';
export * from './names';
export * from './wait';
export * from './topology';
export * from './in-memory-bus';
