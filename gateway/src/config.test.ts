import { ConfigError, DEV_IDENTITY_SECRET, domainKeySetting, identitySecret, isDevelopmentSecret } from '@puchi/kafka';
import { DEV_JWT_SECRET, loadConfig, type GatewayConfig } from './config';
import { DEFAULT_LIMITS } from './limits';

/** A secret of our own (any 32 bytes), as production must have. */
const OWN_KEY = `k1:${Buffer.alloc(32, 42).toString('base64url')}`;

const JWT_LIFETIME_ALLOWED = 'a duration from 1 s to 365 d: seconds, or a whole number followed by s, m, h or d (24h)';

/** The refusal `loadConfig(env)` throws, or undefined. */
function refusal(env: NodeJS.ProcessEnv): ConfigError | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe('the gateway configuration', () => {
  it('has the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8000, host: '0.0.0.0', production: false, introspection: true, limits: DEFAULT_LIMITS, requestTimeoutMs: 5000, logLevel: 'info' });
    expect(config.rateLimit).toEqual({ perMinute: 600, burst: 600 });
    expect(config.auth).toEqual({ secret: DEV_JWT_SECRET, jwksUrl: undefined, issuer: 'puchi', audience: 'puchi-api', maxLifetimeSeconds: 86_400, clockToleranceSeconds: 30 });
    expect(config.subgraphPort).toBeUndefined();
    expect(config.subgraphHost).toBe('127.0.0.1');
  });

  it('reads numbers, flags and lists', () => {
    const config = loadConfig({ PORT: '9000', MAX_DEPTH: '4', MAX_ALIASES: '0', RATE_LIMIT_PER_MINUTE: '0', ALLOW_BATCHED_HTTP_REQUESTS: 'TRUE', CORS_ORIGINS: 'https://a.test, https://b.test', SUBGRAPH_PORT: '4100' });
    expect(config).toMatchObject({ port: 9000, limits: { maxDepth: 4, maxAliases: 0, batching: true }, rateLimit: { perMinute: 0, burst: 0 }, subgraphPort: 4100 });
    expect(config.corsOrigins).toEqual(['https://a.test', 'https://b.test', 'https://studio.apollographql.com']);
  });

  it.each([
    ['86400', 86_400],
    ['90s', 90],
    ['30m', 1800],
    ['12h', 43_200],
    ['7d', 604_800],
  ])('reads JWT_MAX_LIFETIME=%s as %i seconds', (value, seconds) => {
    expect(loadConfig({ JWT_MAX_LIFETIME: value }).auth.maxLifetimeSeconds).toBe(seconds);
  });

  it('reads JWT_CLOCK_TOLERANCE_SECONDS, 0 included', () => {
    expect(loadConfig({ JWT_CLOCK_TOLERANCE_SECONDS: '0' }).auth.clockToleranceSeconds).toBe(0);
    expect(loadConfig({ JWT_CLOCK_TOLERANCE_SECONDS: '300' }).auth.clockToleranceSeconds).toBe(300);
  });

  it.each([
    ['JWT_MAX_LIFETIME', '0', JWT_LIFETIME_ALLOWED],
    ['JWT_MAX_LIFETIME', '0h', JWT_LIFETIME_ALLOWED],
    ['JWT_MAX_LIFETIME', '-1h', JWT_LIFETIME_ALLOWED],
    ['JWT_MAX_LIFETIME', '1.5h', JWT_LIFETIME_ALLOWED],
    ['JWT_MAX_LIFETIME', '24 hours', JWT_LIFETIME_ALLOWED],
    ['JWT_MAX_LIFETIME', '366d', JWT_LIFETIME_ALLOWED],
    ['JWT_CLOCK_TOLERANCE_SECONDS', '-1', 'an integer from 0 to 300 (seconds)'],
    ['JWT_CLOCK_TOLERANCE_SECONDS', '301', 'an integer from 0 to 300 (seconds)'],
    ['JWT_CLOCK_TOLERANCE_SECONDS', '30s', 'an integer from 0 to 300 (seconds)'],
    ['PORT', 'abc', 'an integer from 1 to 65535'],
    ['PORT', '70000', 'an integer from 1 to 65535'],
    ['MAX_DEPTH', '-1', 'an integer, at least 1'],
    ['MAX_DEPTH', '0', 'an integer, at least 1'],
    ['MAX_ALIASES', '1.5', 'an integer, at least 0'],
    ['REQUEST_TIMEOUT_MS', '5s', 'an integer, at least 1 (milliseconds)'],
    ['SUBGRAPH_PORT', '40o1', 'an integer from 1 to 65535'],
    ['INTROSPECTION', 'yes', 'true or false (or 1, 0)'],
    ['LOG_LEVEL', 'trace', 'debug, info, warn or error'],
    ['SUBGRAPH_LESSON_URL', 'localhost:4002', 'an http(s) URL, e.g. http://localhost:4001/graphql'],
  ])('refuses %s=%s, naming the variable, the value and what is allowed', (variable, value, allowed) => {
    const error = refusal({ [variable]: value });
    expect(error).toMatchObject({ variable, value, allowed });
    expect(error?.message).toBe(`${variable}="${value}" is not allowed: ${allowed}`);
  });

  it('refuses settings that only make sense together', () => {
    expect(refusal({ ALLOW_LIST: 'true' })?.message).toBe('ALLOW_LIST="true" is not allowed: true only with PERSISTED_OPERATIONS_FILE set (the operations allowed)');
    expect(refusal({ NODE_ENV: 'production' })?.message).toMatch(/^JWT_SECRET is not set: production needs it or JWT_JWKS_URL/);
    expect(refusal({ NODE_ENV: 'production', JWT_JWKS_URL: 'https://id.example/jwks.json', IDENTITY_SIGNING_KEY: OWN_KEY })).toBeUndefined();
  });
});

describe('the secret production accepts', () => {
  it('refuses the development secret, without printing it', () => {
    const error = refusal({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'JWT_SECRET', value: '(34 bytes, not shown)' });
    expect(error?.message).toBe('JWT_SECRET="(34 bytes, not shown)" is not allowed: not the development secret in production; a random secret of at least 32 bytes, or JWT_JWKS_URL');
    expect(refusal({ JWT_SECRET: DEV_JWT_SECRET })).toBeUndefined();
  });

  it('refuses an HS256 secret under 32 bytes, counted in UTF-8', () => {
    for (const secret of ['x', 'a'.repeat(31), 'é'.repeat(15)]) {
      const error = refusal({ NODE_ENV: 'production', JWT_SECRET: secret });
      expect(error).toMatchObject({ variable: 'JWT_SECRET', allowed: 'at least 32 bytes in production (HS256 needs a key as long as its hash, RFC 7518 §3.2)' });
      expect(error?.message).not.toContain(secret);
    }
    expect(refusal({ NODE_ENV: 'production', JWT_SECRET: 'é'.repeat(16), IDENTITY_SIGNING_KEY: OWN_KEY })).toBeUndefined();
    // Development signs and verifies with whatever it is given (the tests' own secrets).
    expect(refusal({ JWT_SECRET: 'x' })).toBeUndefined();
  });
});

describe('the identity keys', () => {
  const devSecret = `dev:${DEV_IDENTITY_SECRET.secret.toString('base64url')}`;
  const production = { NODE_ENV: 'production', JWT_JWKS_URL: 'https://id.example/jwks.json' };
  const subgraph = (env: NodeJS.ProcessEnv) => {
    try {
      return loadConfig(env, 'subgraph');
    } catch (error) {
      return error as ConfigError;
    }
  };

  it('default to the development secret outside production, for a gateway and a subgraph server alike', () => {
    expect(isDevelopmentSecret(loadConfig({}).identity.secret!)).toBe(true);
    expect(isDevelopmentSecret((subgraph({}) as GatewayConfig).identity.secret!)).toBe(true);
  });

  it('production needs a gateway its own secret, and refuses the development one without printing it', () => {
    expect(refusal(production)).toMatchObject({ variable: 'IDENTITY_SIGNING_KEY' });
    expect(refusal({ ...production, IDENTITY_SIGNING_KEY: devSecret })?.message).toBe(
      'IDENTITY_SIGNING_KEY="(hidden)" is not allowed: not the development secret in production (npm run identity-keys prints them)',
    );
    expect(loadConfig({ ...production, IDENTITY_SIGNING_KEY: OWN_KEY }).identity.secret?.keyId).toBe('k1');
    expect(refusal({ IDENTITY_SIGNING_KEY: 'k1:tooshort' })).toMatchObject({ variable: 'IDENTITY_SIGNING_KEY' });
  });

  it('production needs a subgraph server its domain keys, never a development one, and no secret', () => {
    expect(subgraph(production)).toMatchObject({ variable: 'IDENTITY_VERIFY_KEYS' });
    expect(subgraph({ ...production, IDENTITY_VERIFY_KEYS: domainKeySetting(DEV_IDENTITY_SECRET, 'lesson') })).toMatchObject({ variable: 'IDENTITY_VERIFY_KEYS', value: '(hidden)' });
    const own = domainKeySetting(identitySecret('k1', Buffer.alloc(32, 42)), 'lesson');
    const config = subgraph({ ...production, IDENTITY_VERIFY_KEYS: own }) as GatewayConfig;
    expect(config.identity.domainKeys?.has('k1')).toBe(true);
    expect(config.identity.secret).toBeUndefined();
  });
});
