import type { Identity } from '@puchi/kafka';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './config';
import { GATEWAY_CODES } from './errors';

/** Verifies bearer tokens into an `Identity` (`sub` → userId, `roles` claim → roles, default learner). */
export interface Authenticator {
  /** Undefined without an Authorization header; rejects with UNAUTHENTICATED for a bad token. */
  identify(authorization: string | undefined): Promise<Identity | undefined>;
  /** As `identify`, with the token's expiry, for a connection that outlives one request (graphql-ws closes it then). */
  authenticate(authorization: string | undefined): Promise<Authenticated | undefined>;
}

export interface Authenticated {
  identity: Identity;
  /** The token's `exp`, epoch ms. Every accepted token has one. */
  expiresAt: number;
}

/** How long a verified token is trusted without verifying it again (never past its `exp`). */
const VERIFIED_TTL_MS = 60_000;
/** Verified tokens kept; the oldest is dropped first. */
const VERIFIED_LIMIT = 10_000;

interface Verified extends Authenticated {
  /** Epoch ms until which the verdict holds: the token's `exp`, capped at verification + `VERIFIED_TTL_MS`. */
  until: number;
}

/**
 * Every accepted token carries `exp` (in every mode: the development tokens have one), lives at most
 * `maxLifetimeSeconds` (`exp − iat`, or `exp − now` without `iat`; an `iat` in the future is refused, or it would
 * choose its own lifetime), and its `nbf`/`exp` are checked with `clockToleranceSeconds` of slack for another clock.
 *
 * Verification costs 0.15 to 0.2 ms of the gateway's CPU per request (jose's HMAC and claim checks, profiled at
 * 50 q/s), and a client sends the same token on every request, so a verified token is remembered for a minute,
 * never past its `exp` (past it, within the tolerance, it is verified on every request); a refusal is never
 * remembered. With a JWKS, a key withdrawn from it stops working within the TTL.
 */
export function createAuthenticator(config: AuthConfig, now: () => number = Date.now): Authenticator {
  // A KeyObject built once: given raw bytes, jose builds one on every verification.
  const key: KeyObject | JWTVerifyGetKey | undefined = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : config.secret
      ? createSecretKey(Buffer.from(config.secret, 'utf8'))
      : undefined;
  if (!key) throw new Error('auth needs a secret or a JWKS URL');
  const verified = new Map<string, Verified>();

  const verify = async (token: string): Promise<Verified> => {
    const at = now();
    try {
      const { payload } = await jwtVerify(token, key as KeyObject, {
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp'],
        clockTolerance: config.clockToleranceSeconds,
        currentDate: new Date(at),
        ...(config.jwksUrl ? {} : { algorithms: ['HS256'] }),
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthenticated('the token has no subject');
      // jose has checked that exp is a number and iat, when present, one too.
      const exp = payload.exp!;
      const nowSeconds = Math.floor(at / 1000);
      if (payload.iat !== undefined && payload.iat > nowSeconds + config.clockToleranceSeconds) throw unauthenticated('invalid token: it was issued in the future');
      if (exp - Math.min(payload.iat ?? nowSeconds, nowSeconds) > config.maxLifetimeSeconds) {
        throw unauthenticated(`invalid token: it lives longer than the ${config.maxLifetimeSeconds} s allowed (JWT_MAX_LIFETIME)`);
      }
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : ['learner'];
      return { identity: { userId: payload.sub, roles }, expiresAt: exp * 1000, until: Math.min(exp * 1000, at + VERIFIED_TTL_MS) };
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      throw unauthenticated(`invalid token: ${refusalReason(error)}`);
    }
  };

  const authenticate = async (authorization: string | undefined): Promise<Authenticated | undefined> => {
    if (!authorization) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
    const token = match[1]!;
    const known = verified.get(token);
    if (known && now() < known.until) return copy(known);
    verified.delete(token);
    const fresh = await verify(token);
    // Only a verdict that still holds is remembered: a token accepted past its exp (within the tolerance) is not.
    if (fresh.until > now()) {
      if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value!);
      verified.set(token, fresh);
    }
    return copy(fresh);
  };

  return {
    authenticate,
    identify: async (authorization) => (await authenticate(authorization))?.identity,
  };
}

/** A copy the caller may change without changing the remembered verdict. */
function copy({ identity, expiresAt }: Authenticated): Authenticated {
  return { identity: { ...identity, roles: [...identity.roles] }, expiresAt };
}

/** What a client is told about a token jose refused: the claim and why, never the key or the token. */
function refusalReason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return error.claim === 'exp' ? 'it has no "exp" claim (every token must expire)' : `it has no "${error.claim}" claim`;
    if (error.claim === 'nbf' && error.reason === 'check_failed') return 'it is not valid yet (nbf)';
    return `its "${error.claim}" claim is not accepted`;
  }
  return (error as { code?: string }).code ?? 'verification failed';
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: GATEWAY_CODES.unauthenticated, http: { status: 401 } } });
}

/** Signs a development token (HS256) as `npm run token` prints it; one that would live past `JWT_MAX_LIFETIME` is an error. */
export async function signDevToken(config: AuthConfig, userId: string, roles: string[], expiresIn = '12h'): Promise<string> {
  if (!config.secret) throw new Error('signing needs JWT_SECRET');
  const token = await new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(config.secret));
  const { iat, exp } = decodeJwt(token);
  const lifetime = exp! - iat!;
  if (lifetime > config.maxLifetimeSeconds) throw new Error(`a token valid for ${lifetime} s would be refused: JWT_MAX_LIFETIME allows ${config.maxLifetimeSeconds} s`);
  return token;
}
