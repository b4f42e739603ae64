export * from './domains';
export * from './files';
export * from './descriptions';
export * from './compose';
