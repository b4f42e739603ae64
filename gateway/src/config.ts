import { ConfigError, isDevelopmentDomainKey, LOG_LEVELS, type DomainKeys, type IdentitySecret, type LogLevel } from '@puchi/kafka';
import { DOMAINS, type Domain } from '@puchi/domains';
import {
  choiceSetting,
  flagSetting,
  integerSetting,
  listSetting,
  otlpEndpointSetting,
  parseEnv,
  domainKeysSetting,
  identitySecretSetting,
  resolveIdentitySecret,
  textSetting,
  urlSetting,
  type EnvSetting,
  type SharedReadSettings,
} from '@puchi/subgraph-kit';
import { DEFAULT_CIRCUIT, type CircuitSettings } from './circuit/settings';
import { trustProxySetting } from './client-ip';
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
  /**
   * The longest a token may live, seconds (`JWT_MAX_LIFETIME`, default 24 h): `exp − iat`, or `exp − now` without
   * `iat`. A token without `exp` is refused in every mode. 24 h covers the common identity providers' access tokens
   * (Auth0's API default, Cognito's maximum) and the 12 h development tokens, and bounds what a stolen token is worth.
   */
  maxLifetimeSeconds: number;
  /**
   * How far another clock may be off, seconds (`JWT_CLOCK_TOLERANCE_SECONDS`, default 30, at most 300): `nbf` that
   * far ahead and `exp` that far behind still pass. Synced clocks differ by milliseconds; 30 s absorbs an issuer or
   * a host that drifted without keeping an expired token alive for long.
   */
  clockToleranceSeconds: number;
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
  /**
   * GraphiQL at `/graphiql`, served from this process with no CDN (`GRAPHIQL`). Default: on in development, off in
   * production. Its docs and completion need introspection too.
   */
  graphiql: boolean;
  /** Limits every operation must stay within: `MAX_DEPTH`, `MAX_ALIASES`, … (see `OperationLimits` and docs/limits.md). */
  limits: OperationLimits;
  /** Requests per minute per user, or per IP when anonymous (`RATE_LIMIT_PER_MINUTE`, default 600; 0 turns it off), with bursts up to `RATE_LIMIT_BURST` (default the same). */
  rateLimit: { perMinute: number; burst: number };
  /**
   * Proxies in front of the gateway (`TRUST_PROXY`, default 0): the client's IP is the `X-Forwarded-For` entry that
   * many from the right, the address the nearest trusted proxy saw; 0 ignores the header (see `clientIp`).
   */
  trustProxy: number;
  /**
   * Persisted operations: a manifest `{ sha256: query }` (`PERSISTED_OPERATIONS_FILE`) served to hash-only
   * requests, and with `ALLOW_LIST=true` the only operations that run. Automatic persisted queries stay on
   * otherwise (`APQ=false` turns them off).
   */
  persistedOperations: { file?: string; allowListOnly: boolean; apq: boolean };
  auth: AuthConfig;
  /** How the gateway vouches for callers to the domains, and how a standalone subgraph checks that a gateway sent a request. */
  identity: IdentityKeysConfig;
  /** How long one GraphQL request may take, every Kafka call included (`REQUEST_TIMEOUT_MS`, default 5000). */
  requestTimeoutMs: number;
  /**
   * A keyed read not answered within this many ms is also sent to another instance, which first catches its store up
   * to the key's partition (`READ_HEDGE_AFTER_MS`, default 500; 0: never). It bounds what a killed instance costs
   * reads while its partitions move (docs/architecture.md, "Failover").
   */
  readHedgeAfterMs: number;
  /**
   * Reads shared between requests (docs/architecture.md, "Shared reads"): `READ_SINGLE_FLIGHT` (default true)
   * lets identical reads in flight share one Kafka request; `ENTITY_CACHE` (default true) keeps answers of calls that
   * declare their invalidating events, at most `ENTITY_CACHE_MAX_ENTRIES` (100,000) for at most `ENTITY_CACHE_TTL_MS`
   * (300,000), and serves them only once its event tail caught up with the request (waiting at most
   * `ENTITY_CACHE_MAX_WAIT_MS`, 100, then asking the service).
   */
  sharedReads: SharedReadSettings;
  /**
   * In-process subgraph fetches run as functions graphql-jit compiled from each planned fetch (`GATEWAY_JIT`, default
   * true) instead of through graphql-js's interpreter.
   */
  jit: boolean;
  /** The circuit breaker per domain (`CIRCUIT_*`; see `CircuitSettings` and docs/limits.md). */
  circuit: CircuitSettings;
  /** Origins allowed by CORS (`CORS_ORIGINS`, comma-separated). Development adds the hosted Sandbox's origin. */
  corsOrigins: string[];
  /** Domains served by a standalone HTTP subgraph instead of in-process: `SUBGRAPH_<DOMAIN>_URL`. */
  subgraphUrls: Partial<Record<Domain, string>>;
  subscriptions: SubscriptionLimits;
  /** `LOG_LEVEL`: debug, info (the default), warn or error. */
  logLevel: LogLevel;
  /** Where the gateway's spans go (`OTEL_EXPORTER_OTLP_ENDPOINT`, an OTLP/HTTP base URL). Absent, the default: no tracing. */
  otlpEndpoint?: string;
  /** `SUBGRAPH_PORT`: the port of a standalone subgraph (`npm run dev:subgraph:<domain>`); default its domain's, 4001…4008. */
  subgraphPort?: number;
  /**
   * `SUBGRAPH_HOST`: the interface a standalone subgraph listens on, default 127.0.0.1: it serves only its
   * gateway, which usually runs on the same host; set it (0.0.0.0) when the gateway runs elsewhere.
   */
  subgraphHost: string;
}

/**
 * Keys of the identity tokens (@puchi/kafka `identity-token.ts`): the gateways' secret, from which each domain's
 * key derives. Outside production the development secret, so `npm start` needs no setup; production refuses it and
 * everything derived from it, and needs what its process uses (a gateway the secret, a standalone subgraph server
 * its domain's keys).
 */
export interface IdentityKeysConfig {
  /** `IDENTITY_SIGNING_KEY`: what this gateway signs with. Absent in a production standalone subgraph server. */
  secret?: IdentitySecret;
  /** `IDENTITY_VERIFY_KEYS`: a standalone subgraph server's domain keys. Absent: derived from `secret` for its domain. */
  domainKeys?: DomainKeys;
}

/** Which process the settings are for: production requires a gateway's secret, a subgraph server its domain's keys. */
export type ConfigRole = 'gateway' | 'subgraph';

/** graphql-ws on `/graphql`: limits per connection and subscriber. */
export interface SubscriptionLimits {
  /** Active subscriptions one connection may hold (`MAX_SUBSCRIPTIONS_PER_CONNECTION`, default 20). */
  maxPerConnection: number;
  /**
   * Results a live subscriber may have waiting before it is disconnected with 1008 (`SUBSCRIPTION_MAX_BUFFERED`,
   * default 1000). A replay is not cut off for it: its consumers pause instead (`REPLAY_PACE`, subscriptions/replay-pacer.ts).
   */
  maxBuffered: number;
  /**
   * How long a live subscriber's oldest waiting result may wait before it is disconnected with 1008
   * (`SUBSCRIPTION_MAX_LAG_MS`, default 10000). A replay waits for its client by design, so it is disconnected only
   * when its client takes nothing for that long while results wait.
   */
  maxLagMs: number;
  /** How far back `events(from:)` may replay, ms (`SUBSCRIPTION_REPLAY_WINDOW_MS`, default 7 days). */
  replayWindowMs: number;
  /** Largest WebSocket message accepted, bytes (`WS_MAX_PAYLOAD_BYTES`, default 65536); larger closes the socket with 1009. */
  maxPayloadBytes: number;
  /** Open WebSocket connections per client IP (`WS_MAX_CONNECTIONS_PER_IP`, default 50; 0 turns it off); one more is refused with HTTP 429. */
  maxConnectionsPerIp: number;
  /** Messages per second a connection may send on average (`WS_MAX_MESSAGES_PER_SECOND`, default 10; 0 turns it off); over it closes the socket with 4430. */
  maxMessagesPerSecond: number;
  /** Messages a connection may send at once (`WS_MESSAGE_BURST`, default 50: an init, 20 subscriptions and their replacements). */
  messageBurst: number;
  /** Subscription plans kept, least recently used forgotten first (`SUBSCRIPTION_PLAN_CACHE_SIZE`, default 1000). */
  planCacheSize: number;
}

/** The secret `npm run token` signs with in development; production refuses to start with it. */
export const DEV_JWT_SECRET = 'puchi-development-secret-change-me';
export const SANDBOX_ORIGIN = 'https://studio.apollographql.com';

/** The largest TCP port. */
const MAX_PORT = 65_535;
const count = (fallback: number) => integerSetting({ min: 0, fallback });
const positive = (fallback: number, unit?: string) => integerSetting({ min: 1, fallback, unit });
/** HS256 needs a key at least as long as its hash output (RFC 7518 §3.2): 32 bytes. */
const MIN_HS256_SECRET_BYTES = 32;
/** The largest `JWT_MAX_LIFETIME`: a token that lives longer than a year is a password, not a session. */
const MAX_JWT_LIFETIME_SECONDS = 365 * 24 * 60 * 60;
const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 60 * 60, d: 24 * 60 * 60 };

/** `JWT_MAX_LIFETIME`: seconds, or a whole number with a unit (`90s`, `30m`, `24h`, `7d`: short forms `npm run token -- --expires` takes too). */
function durationSetting(fallbackSeconds: number, maxSeconds: number): EnvSetting<number> {
  const seconds = (text: string | undefined): number | null | undefined => {
    if (text === undefined) return undefined;
    const match = /^(\d+)([smhd]?)$/.exec(text);
    const value = match ? Number(match[1]) * DURATION_UNITS[match[2] || 's']! : NaN;
    return value >= 1 && value <= maxSeconds ? value : null;
  };
  return {
    schema: textSetting()
      .schema.transform(seconds)
      .refine((value) => value !== null)
      .transform((value) => value ?? fallbackSeconds),
    allowed: `a duration from 1 s to ${maxSeconds / DURATION_UNITS.d!} d: seconds, or a whole number followed by s, m, h or d (24h)`,
  };
}

/** Every variable the gateway reads but `SUBGRAPH_<DOMAIN>_URL`, with its default and what it allows (README, "Gateway settings"; docs/limits.md). */
export const GATEWAY_SETTINGS = {
  NODE_ENV: textSetting(),
  PORT: integerSetting({ min: 1, max: MAX_PORT, fallback: 8000 }),
  HOST: textSetting('0.0.0.0'),
  SUBGRAPH_PORT: integerSetting({ min: 1, max: MAX_PORT }),
  SUBGRAPH_HOST: textSetting('127.0.0.1'),
  LOG_LEVEL: choiceSetting(LOG_LEVELS, 'info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpointSetting(),
  INTROSPECTION: flagSetting(),
  GRAPHIQL: flagSetting(),
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
  TRUST_PROXY: trustProxySetting(),
  PERSISTED_OPERATIONS_FILE: textSetting(),
  ALLOW_LIST: flagSetting(false),
  APQ: flagSetting(true),
  JWT_SECRET: textSetting(),
  JWT_JWKS_URL: urlSetting(),
  JWT_ISSUER: textSetting('puchi'),
  JWT_AUDIENCE: textSetting('puchi-api'),
  JWT_MAX_LIFETIME: durationSetting(24 * 60 * 60, MAX_JWT_LIFETIME_SECONDS),
  JWT_CLOCK_TOLERANCE_SECONDS: integerSetting({ min: 0, max: 300, fallback: 30, unit: 'seconds' }),
  IDENTITY_SIGNING_KEY: identitySecretSetting(),
  IDENTITY_VERIFY_KEYS: domainKeysSetting(),
  REQUEST_TIMEOUT_MS: positive(5000, 'milliseconds'),
  READ_HEDGE_AFTER_MS: integerSetting({ min: 0, max: 60_000, fallback: 500, unit: 'milliseconds' }),
  READ_SINGLE_FLIGHT: flagSetting(true),
  GATEWAY_JIT: flagSetting(true),
  ENTITY_CACHE: flagSetting(true),
  ENTITY_CACHE_MAX_ENTRIES: positive(100_000),
  ENTITY_CACHE_TTL_MS: positive(300_000, 'milliseconds'),
  ENTITY_CACHE_MAX_WAIT_MS: positive(100, 'milliseconds'),
  CIRCUIT_CONSECUTIVE_FAILURES: count(DEFAULT_CIRCUIT.consecutiveFailures),
  CIRCUIT_ERROR_RATE_PERCENT: integerSetting({ min: 0, max: 99, fallback: DEFAULT_CIRCUIT.errorRatePercent, unit: 'percent' }),
  CIRCUIT_WINDOW_MS: integerSetting({ min: 1000, fallback: DEFAULT_CIRCUIT.windowMs, unit: 'milliseconds' }),
  CIRCUIT_MIN_CALLS: positive(DEFAULT_CIRCUIT.minCalls),
  CIRCUIT_HALF_OPEN_AFTER_MS: positive(DEFAULT_CIRCUIT.halfOpenAfterMs, 'milliseconds'),
  CIRCUIT_MIN_TIMEOUT_MS: integerSetting({ min: 0, unit: 'milliseconds' }),
  CORS_ORIGINS: listSetting(() => true, 'comma-separated origins'),
  MAX_SUBSCRIPTIONS_PER_CONNECTION: positive(20),
  SUBSCRIPTION_MAX_BUFFERED: positive(1000),
  SUBSCRIPTION_MAX_LAG_MS: positive(10_000, 'milliseconds'),
  SUBSCRIPTION_REPLAY_WINDOW_MS: positive(7 * 24 * 60 * 60 * 1000, 'milliseconds'),
  WS_MAX_PAYLOAD_BYTES: positive(64 * 1024, 'bytes'),
  WS_MAX_CONNECTIONS_PER_IP: count(50),
  WS_MAX_MESSAGES_PER_SECOND: count(10),
  WS_MESSAGE_BURST: positive(50),
  SUBSCRIPTION_PLAN_CACHE_SIZE: positive(1000),
} satisfies Record<string, EnvSetting<unknown>>;

/**
 * The gateway's settings from `env`, parsed once by each process's entry (`npm run dev:gateway`,
 * `npm run dev:subgraph:<domain>`, `npm start`, `npm run token`) and passed down. Throws `ConfigError` naming the
 * first variable it refuses, its value and what is allowed (`PORT=abc`, `MAX_DEPTH=-1`, `ALLOW_LIST=true`
 * without a file…).
 */
export function loadConfig(env: NodeJS.ProcessEnv, role: ConfigRole = 'gateway'): GatewayConfig {
  const settings = parseEnv(GATEWAY_SETTINGS, env);
  const production = settings.NODE_ENV === 'production';
  if (settings.ALLOW_LIST && !settings.PERSISTED_OPERATIONS_FILE) {
    throw new ConfigError('ALLOW_LIST', env.ALLOW_LIST, 'true only with PERSISTED_OPERATIONS_FILE set (the operations allowed)');
  }
  if (settings.CIRCUIT_MIN_TIMEOUT_MS !== undefined && settings.CIRCUIT_MIN_TIMEOUT_MS >= settings.REQUEST_TIMEOUT_MS) {
    throw new ConfigError('CIRCUIT_MIN_TIMEOUT_MS', env.CIRCUIT_MIN_TIMEOUT_MS, `below REQUEST_TIMEOUT_MS (${settings.REQUEST_TIMEOUT_MS}): otherwise no timeout would count against a service`);
  }
  if (production && !settings.JWT_SECRET && !settings.JWT_JWKS_URL) {
    throw new ConfigError('JWT_SECRET', env.JWT_SECRET, 'production needs it or JWT_JWKS_URL (the development secret is refused there)');
  }
  if (production && settings.JWT_SECRET !== undefined) {
    // A secret is never written in a refusal (it goes to the logs): only its length.
    const bytes = Buffer.byteLength(settings.JWT_SECRET, 'utf8');
    const hidden = `(${bytes} bytes, not shown)`;
    if (settings.JWT_SECRET === DEV_JWT_SECRET) {
      throw new ConfigError('JWT_SECRET', hidden, 'not the development secret in production; a random secret of at least 32 bytes, or JWT_JWKS_URL');
    }
    if (bytes < MIN_HS256_SECRET_BYTES) {
      throw new ConfigError('JWT_SECRET', hidden, `at least ${MIN_HS256_SECRET_BYTES} bytes in production (HS256 needs a key as long as its hash, RFC 7518 §3.2)`);
    }
  }
  const subgraphUrls: Partial<Record<Domain, string>> = {};
  const urls = parseEnv(Object.fromEntries(DOMAINS.map((domain) => [subgraphUrlVariable(domain), urlSetting()])), env);
  for (const domain of DOMAINS) {
    const url = urls[subgraphUrlVariable(domain)];
    if (url) subgraphUrls[domain] = url;
  }
  const domainKeys = settings.IDENTITY_VERIFY_KEYS;
  let identity: IdentityKeysConfig;
  if (role === 'gateway' || (!production && !domainKeys)) {
    identity = { secret: resolveIdentitySecret(settings.IDENTITY_SIGNING_KEY, production, env.IDENTITY_SIGNING_KEY), domainKeys };
  } else if (!domainKeys) {
    throw new ConfigError('IDENTITY_VERIFY_KEYS', env.IDENTITY_VERIFY_KEYS, 'production needs the subgraph’s domain key (npm run identity-keys prints them)');
  } else if ([...domainKeys.values()].some((key) => isDevelopmentDomainKey(key, DOMAINS))) {
    throw new ConfigError('IDENTITY_VERIFY_KEYS', '(hidden)', 'not the development key in production (npm run identity-keys prints them)');
  } else {
    identity = { domainKeys };
  }
  const origins = settings.CORS_ORIGINS ?? [];
  const perMinute = settings.RATE_LIMIT_PER_MINUTE;
  return {
    port: settings.PORT,
    host: settings.HOST,
    production,
    introspection: settings.INTROSPECTION ?? !production,
    graphiql: settings.GRAPHIQL ?? !production,
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
      maxLifetimeSeconds: settings.JWT_MAX_LIFETIME,
      clockToleranceSeconds: settings.JWT_CLOCK_TOLERANCE_SECONDS,
    },
    identity,
    requestTimeoutMs: settings.REQUEST_TIMEOUT_MS,
    readHedgeAfterMs: settings.READ_HEDGE_AFTER_MS,
    jit: settings.GATEWAY_JIT,
    sharedReads: {
      singleFlight: settings.READ_SINGLE_FLIGHT,
      ...(settings.ENTITY_CACHE ? { cache: { maxEntries: settings.ENTITY_CACHE_MAX_ENTRIES, ttlMs: settings.ENTITY_CACHE_TTL_MS, maxWaitMs: settings.ENTITY_CACHE_MAX_WAIT_MS } } : {}),
    },
    circuit: {
      consecutiveFailures: settings.CIRCUIT_CONSECUTIVE_FAILURES,
      errorRatePercent: settings.CIRCUIT_ERROR_RATE_PERCENT,
      windowMs: settings.CIRCUIT_WINDOW_MS,
      minCalls: settings.CIRCUIT_MIN_CALLS,
      halfOpenAfterMs: settings.CIRCUIT_HALF_OPEN_AFTER_MS,
      ...(settings.CIRCUIT_MIN_TIMEOUT_MS !== undefined ? { minTimeoutMs: settings.CIRCUIT_MIN_TIMEOUT_MS } : {}),
    },
    corsOrigins: production ? origins : [...new Set([...origins, SANDBOX_ORIGIN])],
    subgraphUrls,
    subscriptions: {
      maxPerConnection: settings.MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxBuffered: settings.SUBSCRIPTION_MAX_BUFFERED,
      maxLagMs: settings.SUBSCRIPTION_MAX_LAG_MS,
      replayWindowMs: settings.SUBSCRIPTION_REPLAY_WINDOW_MS,
      maxPayloadBytes: settings.WS_MAX_PAYLOAD_BYTES,
      maxConnectionsPerIp: settings.WS_MAX_CONNECTIONS_PER_IP,
      maxMessagesPerSecond: settings.WS_MAX_MESSAGES_PER_SECOND,
      messageBurst: settings.WS_MESSAGE_BURST,
      planCacheSize: settings.SUBSCRIPTION_PLAN_CACHE_SIZE,
    },
    logLevel: settings.LOG_LEVEL,
    ...(settings.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    subgraphHost: settings.SUBGRAPH_HOST,
    ...(settings.SUBGRAPH_PORT !== undefined ? { subgraphPort: settings.SUBGRAPH_PORT } : {}),
  };
}

/** The variable that points the gateway at a standalone subgraph: `SUBGRAPH_LESSON_URL` for `lesson`. */
export function subgraphUrlVariable(domain: Domain): string {
  return `SUBGRAPH_${domain.toUpperCase()}_URL`;
}
