/** The analytics domain's public entry: its manifest, message contracts and event types. Importing it has no side effects. */
export { analyticsDomain } from './manifest';
export * from './contracts';
export * from './events';
