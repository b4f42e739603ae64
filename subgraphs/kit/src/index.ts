export * from './errors';
export * from './contract';
export * from './graphql-errors';
export * from './context';
export * from './auth';
export * from './store';
export * from './service';
