/** The notification domain's public entry: its manifest, message contracts and event types. Importing it has no side effects. */
export { notificationDomain } from './manifest';
export * from './contracts';
export * from './events';
export { notificationIdFor } from './messages';
