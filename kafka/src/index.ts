export * from './log';
export * from './client';
export * from './admin';
export * from './topology/topology';
export * from './topology/spec';
export * from './topology/apply';
