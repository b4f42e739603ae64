export { createRestRouter, OPENAPI_PATH, type RestRouterOptions } from './router';
export { REST_ROUTES } from './routes';
export type { RestRoute, RestAccess } from './route';
