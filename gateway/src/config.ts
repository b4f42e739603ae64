import { DOMAINS, type Domain } from '@puchi/kafka';

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
  /** `NODE_ENV === 'production'`: no Sandbox, no introspection, no dev secret. */
  production: boolean;
  auth: AuthConfig;
  /** How long one GraphQL request may take, every Kafka call included (`REQUEST_TIMEOUT_MS`, default 5000). */
  requestTimeoutMs: number;
  /** Origins allowed by CORS (`CORS_ORIGINS`, comma-separated). Development adds the hosted Sandbox's origin. */
  corsOrigins: string[];
  /** Domains served by a standalone HTTP subgraph instead of in-process: `SUBGRAPH_<DOMAIN>_URL`. */
  subgraphUrls: Partial<Record<Domain, string>>;
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
    auth: { secret, jwksUrl: env.JWT_JWKS_URL, issuer: env.JWT_ISSUER ?? 'puchi', audience: env.JWT_AUDIENCE ?? 'puchi-api' },
    requestTimeoutMs: number('REQUEST_TIMEOUT_MS', 5000),
    corsOrigins: production ? origins : [...new Set([...origins, SANDBOX_ORIGIN])],
    subgraphUrls,
  };
}
