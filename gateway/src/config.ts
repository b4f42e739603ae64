import { ConfigError, LOG_LEVELS, type LogLevel } from '@puchi/kafka';
import { DOMAINS, type Domain } from '@puchi/domains';
import { choiceSetting, flagSetting, integerSetting, listSetting, parseEnv, textSetting, urlSetting, type EnvSetting } from '@puchi/subgraph-kit';
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
  /** `LOG_LEVEL`: debug, info (the default), warn or error. */
  logLevel: LogLevel;
  /** `SUBGRAPH_PORT`: the port of a standalone subgraph (`npm run dev:subgraph:<domain>`); default its domain's, 4001…4008. */
  subgraphPort?: number;
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

/** The largest TCP port. */
const MAX_PORT = 65_535;
const count = (fallback: number) => integerSetting({ min: 0, fallback });
const positive = (fallback: number, unit?: string) => integerSetting({ min: 1, fallback, unit });

/** Every variable the gateway reads but `SUBGRAPH_<DOMAIN>_URL`, with its default and what it allows (README, "Gateway settings"; docs/limits.md). */
export const GATEWAY_SETTINGS = {
  NODE_ENV: textSetting(),
  PORT: integerSetting({ min: 1, max: MAX_PORT, fallback: 8000 }),
  HOST: textSetting('0.0.0.0'),
  SUBGRAPH_PORT: integerSetting({ min: 1, max: MAX_PORT }),
  LOG_LEVEL: choiceSetting(LOG_LEVELS, 'info'),
  INTROSPECTION: flagSetting(),
  MAX_DEPTH: positive(DEFAULT_LIMITS.maxDepth),
  MAX_ALIASES: count(DEFAULT_LIMITS.maxAliases),
  MAX_ROOT_FIELDS: positive(DEFAULT_LIMITS.maxRootFields),
  MAX_COST: positive(DEFAULT_LIMITS.maxCost),
  COST_LIST_SIZE: positive(DEFAULT_LIMITS.costListSize),
  MAX_TOKENS: positive(DEFAULT_LIMITS.maxTokens),
  MAX_DIRECTIVES: count(DEFAULT_LIMITS.maxDirectives),
  MAX_BODY_BYTES: positive(DEFAULT_LIMITS.maxBodyBytes, 'bytes'),
  ALLOW_BATCHED_HTTP_REQUESTS: flagSetting(DEFAULT_LIMITS.batching),
  MAX_BATCH_SIZE: positive(DEFAULT_LIMITS.maxBatchSize),
  RATE_LIMIT_PER_MINUTE: count(600),
  RATE_LIMIT_BURST: integerSetting({ min: 0 }),
  TRUST_PROXY: flagSetting(false),
  PERSISTED_OPERATIONS_FILE: textSetting(),
  ALLOW_LIST: flagSetting(false),
  APQ: flagSetting(true),
  JWT_SECRET: textSetting(),
  JWT_JWKS_URL: urlSetting(),
  JWT_ISSUER: textSetting('puchi'),
  JWT_AUDIENCE: textSetting('puchi-api'),
  REQUEST_TIMEOUT_MS: positive(5000, 'milliseconds'),
  CORS_ORIGINS: listSetting(() => true, 'comma-separated origins'),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: positive(20),
  SUBSCRIPTION_MAX_BUFFERED: positive(1000),
  SUBSCRIPTION_MAX_LAG_MS: positive(10_000, 'milliseconds'),
  SUBSCRIPTION_REPLAY_WINDOW_MS: positive(7 * 24 * 60 * 60 * 1000, 'milliseconds'),
  WS_MAX_PAYLOAD_BYTES: positive(64 * 1024, 'bytes'),
} satisfies Record<string, EnvSetting<unknown>>;

/**
 * The gateway's settings from `env`, parsed once by each process's entry (`npm run dev:gateway`,
 * `npm run dev:subgraph:<domain>`, `npm start`, `npm run token`) and passed down. Throws `ConfigError` naming the
 * first variable it refuses, its value and what is allowed (`PORT=abc`, `MAX_DEPTH=-1`, `ALLOW_LIST=true`
 * without a file…).
 */
export function loadConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const settings = parseEnv(GATEWAY_SETTINGS, env);
  const production = settings.NODE_ENV === 'production';
  if (settings.ALLOW_LIST && !settings.PERSISTED_OPERATIONS_FILE) {
    throw new ConfigError('ALLOW_LIST', env.ALLOW_LIST, 'true only with PERSISTED_OPERATIONS_FILE set (the operations allowed)');
  }
  if (production && !settings.JWT_SECRET && !settings.JWT_JWKS_URL) {
    throw new ConfigError('JWT_SECRET', env.JWT_SECRET, 'production needs it or JWT_JWKS_URL (the development secret is refused there)');
  }
  const subgraphUrls: Partial<Record<Domain, string>> = {};
  const urls = parseEnv(Object.fromEntries(DOMAINS.map((domain) => [subgraphUrlVariable(domain), urlSetting()])), env);
  for (const domain of DOMAINS) {
    const url = urls[subgraphUrlVariable(domain)];
    if (url) subgraphUrls[domain] = url;
  }
  const origins = settings.CORS_ORIGINS ?? [];
  const perMinute = settings.RATE_LIMIT_PER_MINUTE;
  return {
    port: settings.PORT,
    host: settings.HOST,
    production,
    introspection: settings.INTROSPECTION ?? !production,
    limits: {
      maxDepth: settings.MAX_DEPTH,
      maxAliases: settings.MAX_ALIASES,
      maxRootFields: settings.MAX_ROOT_FIELDS,
      maxCost: settings.MAX_COST,
      costListSize: settings.COST_LIST_SIZE,
      maxTokens: settings.MAX_TOKENS,
      maxDirectives: settings.MAX_DIRECTIVES,
      maxBodyBytes: settings.MAX_BODY_BYTES,
      batching: settings.ALLOW_BATCHED_HTTP_REQUESTS,
      maxBatchSize: settings.MAX_BATCH_SIZE,
    },
    rateLimit: { perMinute, burst: settings.RATE_LIMIT_BURST ?? perMinute },
    trustProxy: settings.TRUST_PROXY,
    persistedOperations: { file: settings.PERSISTED_OPERATIONS_FILE, allowListOnly: settings.ALLOW_LIST, apq: settings.APQ },
    auth: {
      secret: settings.JWT_SECRET ?? (production ? undefined : DEV_JWT_SECRET),
      jwksUrl: settings.JWT_JWKS_URL,
      issuer: settings.JWT_ISSUER,
      audience: settings.JWT_AUDIENCE,
    },
    requestTimeoutMs: settings.REQUEST_TIMEOUT_MS,
    corsOrigins: production ? origins : [...new Set([...origins, SANDBOX_ORIGIN])],
    subgraphUrls,
    subscriptions: {
      maxPerConnection: settings.MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxBuffered: settings.SUBSCRIPTION_MAX_BUFFERED,
      maxLagMs: settings.SUBSCRIPTION_MAX_LAG_MS,
      replayWindowMs: settings.SUBSCRIPTION_REPLAY_WINDOW_MS,
      maxPayloadBytes: settings.WS_MAX_PAYLOAD_BYTES,
    },
    logLevel: settings.LOG_LEVEL,
    ...(settings.SUBGRAPH_PORT !== undefined ? { subgraphPort: settings.SUBGRAPH_PORT } : {}),
  };
}

/** The variable that points the gateway at a standalone subgraph: `SUBGRAPH_LESSON_URL` for `lesson`. */
export function subgraphUrlVariable(domain: Domain): string {
  return `SUBGRAPH_${domain.toUpperCase()}_URL`;
}
