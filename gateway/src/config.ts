import { DOMAINS, type Domain } from '@puchi/domains';
import { DEFAULT_LIMITS, type OperationLimits } from './limits';

export interface AuthConfig {
  /** HS256 shared secret (`JWT_SECRET`). Development default: a fixed dev secret, refused in production. */
  secret?: string;
  /** A JWKS URL (`JWT_JWKS_URL`); when set, tokens are verified against its keys instead of the secret. */
  jwksUrl?: string;
  /** Expected `iss` (`JWT_ISSUER`), default `puchi`. */
  issuer: string;
  /** Expected `aud` (`JWT_AUDIENCE`), default `puchi-api`. */
  audience: string;
}

export interface GatewayConfig {
  /** `PORT`, default 8000. */
  port: number;
  /** `HOST`, default 0.0.0.0. */
  host: string;
  /** `NODE_ENV === 'production'`: no Sandbox or introspection (unless `INTROSPECTION=true`), no dev secret, errors masked. */
  production: boolean;
  /** Introspection and the Sandbox landing page (`INTROSPECTION`). Default: on in development, off in production. */
  introspection: boolean;
  /** Limits every operation must stay within: `MAX_DEPTH`, `MAX_ALIASES`, … (see `OperationLimits` and docs/limits.md). */
  limits: OperationLimits;
  /** Requests per minute per user, or per IP when anonymous (`RATE_LIMIT_PER_MINUTE`, default 600; 0 turns it off), with bursts up to `RATE_LIMIT_BURST` (default the same). */
  rateLimit: { perMinute: number; burst: number };
  /** Take the client's IP from the first `X-Forwarded-For` address (`TRUST_PROXY=true`, behind a proxy you run). Default false. */
  trustProxy: boolean;
  /**
   * Persisted operations: a manifest `{ sha256: query }` (`PERSISTED_OPERATIONS_FILE`) served to hash-only
   * requests, and with `ALLOW_LIST=true` the only operations that run. Automatic persisted queries stay on
   * otherwise (`APQ=false` turns them off).
   */
  persistedOperations: { file?: string; allowListOnly: boolean; apq: boolean };
  auth: AuthConfig;
  /** How long one GraphQL request may take, every Kafka call included (`REQUEST_TIMEOUT_MS`, default 5000). */
  requestTimeoutMs: number;
  /** Origins allowed by CORS (`CORS_ORIGINS`, comma-separated). Development adds the hosted Sandbox's origin. */
  corsOrigins: string[];
  /** Domains served by a standalone HTTP subgraph instead of in-process: `SUBGRAPH_<DOMAIN>_URL`. */
  subgraphUrls: Partial<Record<Domain, string>>;
  subscriptions: SubscriptionLimits;
}

/** graphql-ws on `/graphql`: limits per connection and subscriber. */
export interface SubscriptionLimits {
  /** Active subscriptions one connection may hold (`MAX_SUBSCRIPTIONS_PER_CONNECTION`, default 20). */
  maxPerConnection: number;
  /** Results a subscriber may have waiting before it is disconnected with 1008 (`SUBSCRIPTION_MAX_BUFFERED`, default 1000). */
  maxBuffered: number;
  /** How long a subscriber's oldest waiting result may wait before it is disconnected with 1008 (`SUBSCRIPTION_MAX_LAG_MS`, default 10000). */
  maxLagMs: number;
  /** How far back `events(from:)` may replay, ms (`SUBSCRIPTION_REPLAY_WINDOW_MS`, default 7 days). */
  replayWindowMs: number;
  /** Largest WebSocket message accepted, bytes (`WS_MAX_PAYLOAD_BYTES`, default 65536); larger closes the socket with 1009. */
  maxPayloadBytes: number;
}

/** The secret `npm run token` signs with in development; production refuses to start with it. */
export const DEV_JWT_SECRET = 'puchi-development-secret-change-me';
export const SANDBOX_ORIGIN = 'https://studio.apollographql.com';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const number = (key: string, fallback: number) => {
    const raw = env[key];
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${key} must be a positive integer, got "${raw}"`);
    return n;
  };
  const count = (key: string, fallback: number) => (env[key] === '0' ? 0 : number(key, fallback));
  const flag = (key: string, fallback: boolean) => {
    const raw = env[key]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new Error(`${key} must be true or false, got "${env[key]}"`);
  };
  const allowListOnly = flag('ALLOW_LIST', false);
  if (allowListOnly && !env.PERSISTED_OPERATIONS_FILE) throw new Error('ALLOW_LIST=true needs PERSISTED_OPERATIONS_FILE (the operations allowed)');
  const perMinute = count('RATE_LIMIT_PER_MINUTE', 600);
  const secret = env.JWT_SECRET ?? (production ? undefined : DEV_JWT_SECRET);
  if (production && !env.JWT_SECRET && !env.JWT_JWKS_URL) throw new Error('production needs JWT_SECRET or JWT_JWKS_URL');
  const subgraphUrls: Partial<Record<Domain, string>> = {};
  for (const domain of DOMAINS) {
    const url = env[`SUBGRAPH_${domain.toUpperCase()}_URL`];
    if (url) subgraphUrls[domain] = url;
  }
  const origins = (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  return {
    port: number('PORT', 8000),
    host: env.HOST ?? '0.0.0.0',
    production,
    introspection: flag('INTROSPECTION', !production),
    limits: {
      maxDepth: number('MAX_DEPTH', DEFAULT_LIMITS.maxDepth),
      maxAliases: count('MAX_ALIASES', DEFAULT_LIMITS.maxAliases),
      maxRootFields: number('MAX_ROOT_FIELDS', DEFAULT_LIMITS.maxRootFields),
      maxCost: number('MAX_COST', DEFAULT_LIMITS.maxCost),
      costListSize: number('COST_LIST_SIZE', DEFAULT_LIMITS.costListSize),
      maxTokens: number('MAX_TOKENS', DEFAULT_LIMITS.maxTokens),
      maxDirectives: count('MAX_DIRECTIVES', DEFAULT_LIMITS.maxDirectives),
      maxBodyBytes: number('MAX_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes),
      batching: flag('ALLOW_BATCHED_HTTP_REQUESTS', DEFAULT_LIMITS.batching),
      maxBatchSize: number('MAX_BATCH_SIZE', DEFAULT_LIMITS.maxBatchSize),
    },
    rateLimit: { perMinute, burst: count('RATE_LIMIT_BURST', perMinute) },
    trustProxy: flag('TRUST_PROXY', false),
    persistedOperations: { file: env.PERSISTED_OPERATIONS_FILE || undefined, allowListOnly, apq: flag('APQ', true) },
    auth: { secret, jwksUrl: env.JWT_JWKS_URL, issuer: env.JWT_ISSUER ?? 'puchi', audience: env.JWT_AUDIENCE ?? 'puchi-api' },
    requestTimeoutMs: number('REQUEST_TIMEOUT_MS', 5000),
    corsOrigins: production ? origins : [...new Set([...origins, SANDBOX_ORIGIN])],
    subgraphUrls,
    subscriptions: {
      maxPerConnection: number('MAX_SUBSCRIPTIONS_PER_CONNECTION', 20),
      maxBuffered: number('SUBSCRIPTION_MAX_BUFFERED', 1000),
      maxLagMs: number('SUBSCRIPTION_MAX_LAG_MS', 10_000),
      replayWindowMs: number('SUBSCRIPTION_REPLAY_WINDOW_MS', 7 * 24 * 60 * 60 * 1000),
      maxPayloadBytes: number('WS_MAX_PAYLOAD_BYTES', 64 * 1024),
    },
  };
}
