import type { Identity } from '@puchi/kafka';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './config';

/** Verifies bearer tokens into an `Identity` (`sub` → userId, `roles` claim → roles, default learner). */
export interface Authenticator {
  /** Undefined without an Authorization header; rejects with UNAUTHENTICATED for a bad token. */
  identify(authorization: string | undefined): Promise<Identity | undefined>;
}

export function createAuthenticator(config: AuthConfig): Authenticator {
  const key: Uint8Array | JWTVerifyGetKey | undefined = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : config.secret
      ? new TextEncoder().encode(config.secret)
      : undefined;
  if (!key) throw new Error('auth needs a secret or a JWKS URL');

  return {
    async identify(authorization) {
      if (!authorization) return undefined;
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
      try {
        const { payload } = await jwtVerify(match[1]!, key as Uint8Array, {
          issuer: config.issuer,
          audience: config.audience,
          ...(config.jwksUrl ? {} : { algorithms: ['HS256'] }),
        });
        if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthenticated('the token has no subject');
        const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : ['learner'];
        return { userId: payload.sub, roles };
      } catch (error) {
        if (error instanceof GraphQLError) throw error;
        throw unauthenticated(`invalid token: ${(error as { code?: string }).code ?? 'verification failed'}`);
      }
    },
  };
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Signs a development token (HS256) as `npm run token` prints it. */
export async function signDevToken(config: AuthConfig, userId: string, roles: string[], expiresIn = '12h'): Promise<string> {
  if (!config.secret) throw new Error('signing needs JWT_SECRET');
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(config.secret));
}
