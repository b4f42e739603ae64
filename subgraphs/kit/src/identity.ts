import type { KeyObject } from 'node:crypto';
import {
  ConfigError,
  DEV_IDENTITY_SIGNING_KEY,
  DEV_IDENTITY_VERIFY_KEYS,
  isDevelopmentIdentityKey,
  parseSigningKey,
  parseVerifyKeys,
  type Identity,
  type IdentitySigner,
  type IdentitySigningKey,
} from '@puchi/kafka';
import { z } from 'zod';
import type { EnvSetting } from './env';

/**
 * Identity tokens between the gateway and the domains (see `identity-token.ts` in @puchi/kafka): the settings
 * that carry the keys, the production rules, and what puts a token on each call.
 */

/** `IDENTITY_SIGNING_KEY`: `<keyId>:<base64url 32-byte Ed25519 seed>` (`npm run identity-keys` makes one). */
export function signingKeySetting(): EnvSetting<IdentitySigningKey | undefined> {
  return {
    schema: z
      .string()
      .transform((text, ctx) => parseSigningKey(text) ?? (ctx.addIssue({ code: 'custom', message: 'not a key' }), z.NEVER))
      .optional(),
    allowed: '<keyId>:<base64url of a 32-byte Ed25519 seed> (npm run identity-keys prints one)',
  };
}

/** `IDENTITY_VERIFY_KEYS`: comma-separated `<keyId>:<base64url 32-byte Ed25519 public key>`, the current key and, while rotating, the previous. */
export function verifyKeysSetting(): EnvSetting<Map<string, KeyObject> | undefined> {
  return {
    schema: z
      .string()
      .transform((text, ctx) => parseVerifyKeys(text) ?? (ctx.addIssue({ code: 'custom', message: 'not a key list' }), z.NEVER))
      .optional(),
    allowed: 'comma-separated <keyId>:<base64url of a 32-byte Ed25519 public key>, distinct key ids (npm run identity-keys prints one)',
  };
}

/**
 * The gateway's signing key: the configured one, else the development key, which production refuses (it is in
 * this repository, so anyone could speak for any learner with it).
 */
export function resolveSigningKey(configured: IdentitySigningKey | undefined, production: boolean, raw: string | undefined): IdentitySigningKey {
  if (production && !configured) throw new ConfigError('IDENTITY_SIGNING_KEY', raw, 'production needs the gateway’s own key (npm run identity-keys)');
  if (production && configured && isDevelopmentIdentityKey(configured.privateKey)) {
    throw new ConfigError('IDENTITY_SIGNING_KEY', '(hidden)', 'not the development key in production (npm run identity-keys)');
  }
  return configured ?? DEV_IDENTITY_SIGNING_KEY;
}

/** The gateway keys a service or subgraph server believes: the configured ones, else the development key, which production refuses. */
export function resolveVerifyKeys(configured: ReadonlyMap<string, KeyObject> | undefined, production: boolean, raw: string | undefined): ReadonlyMap<string, KeyObject> {
  if (production && !configured) throw new ConfigError('IDENTITY_VERIFY_KEYS', raw, 'production needs the gateways’ public keys (npm run identity-keys)');
  if (production && configured && [...configured.values()].some(isDevelopmentIdentityKey)) {
    throw new ConfigError('IDENTITY_VERIFY_KEYS', raw, 'not the development key in production (npm run identity-keys)');
  }
  return configured ?? DEV_IDENTITY_VERIFY_KEYS;
}

/** What a call to `domain` carries as its identity token; undefined sends none (the call is anonymous). */
export type IdentityTokenFor = (domain: string, request: { identity?: Identity; deadline: number; traceId?: string }) => string | undefined;

/** The gateway's: a token signed for the target domain, for signed-in callers only (anonymous needs no proof). */
export function signedTokens(signer: IdentitySigner): IdentityTokenFor {
  return (domain, { identity, deadline, traceId }) => (identity ? signer.sign({ audience: domain, expiresAt: deadline, identity, traceId }) : undefined);
}

/**
 * A standalone subgraph server's: the token the gateway signed for this request, passed on to the server's own
 * domain (resolvers call their own domain's contracts); a call to any other domain goes anonymous.
 */
export function forwardedToken(ownDomain: string, token: string | undefined): IdentityTokenFor {
  return (domain) => (domain === ownDomain ? token : undefined);
}
