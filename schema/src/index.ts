export * from './files';
export * from './descriptions';
export * from './compose';
