import {
  ConfigError,
  DEV_IDENTITY_SECRET,
  devDomainKeys,
  isDevelopmentDomainKey,
  isDevelopmentSecret,
  parseDomainKeys,
  parseIdentitySecret,
  type DomainKeys,
  type Identity,
  type IdentitySecret,
  type IdentitySigner,
} from '@puchi/kafka';
import { z } from 'zod';
import type { EnvSetting } from './env';

/**
 * Identity tokens between the gateway and the domains (see `identity-token.ts` in @puchi/kafka): the settings
 * that carry the keys, the production rules, and what puts a token on each call.
 */

const HOW = 'npm run identity-keys prints them';

/** `IDENTITY_SIGNING_KEY`: the gateways' secret, `<keyId>:<base64url of 32 bytes or more>`. */
export function identitySecretSetting(): EnvSetting<IdentitySecret | undefined> {
  return {
    schema: z
      .string()
      .transform((text, ctx) => parseIdentitySecret(text) ?? (ctx.addIssue({ code: 'custom', message: 'not a secret' }), z.NEVER))
      .optional(),
    allowed: `<keyId>:<base64url of 32 random bytes or more> (${HOW})`,
  };
}

/** `IDENTITY_VERIFY_KEYS`: one domain's keys, comma-separated `<keyId>:<base64url 32-byte key>` (two while rotating). */
export function domainKeysSetting(): EnvSetting<Map<string, Buffer> | undefined> {
  return {
    schema: z
      .string()
      .transform((text, ctx) => parseDomainKeys(text) ?? (ctx.addIssue({ code: 'custom', message: 'not a key list' }), z.NEVER))
      .optional(),
    allowed: `comma-separated <keyId>:<base64url of the domain's 32-byte key>, distinct key ids (${HOW})`,
  };
}

/**
 * The gateways' secret: the configured one, else the development secret, which production refuses (it is in this
 * repository, so anyone could speak for any learner with it).
 */
export function resolveIdentitySecret(configured: IdentitySecret | undefined, production: boolean, raw: string | undefined): IdentitySecret {
  if (production && !configured) throw new ConfigError('IDENTITY_SIGNING_KEY', raw, `production needs the gateways’ own secret (${HOW})`);
  if (production && configured && isDevelopmentSecret(configured)) throw new ConfigError('IDENTITY_SIGNING_KEY', '(hidden)', `not the development secret in production (${HOW})`);
  return configured ?? DEV_IDENTITY_SECRET;
}

/** A domain's keys: the configured ones, else its development key, which production refuses. */
export function resolveDomainKeys(domain: string, configured: DomainKeys | undefined, production: boolean, raw: string | undefined): DomainKeys {
  if (production && !configured) throw new ConfigError('IDENTITY_VERIFY_KEYS', raw, `production needs this domain’s key (${HOW})`);
  if (production && configured && [...configured.values()].some((key) => isDevelopmentDomainKey(key, [domain]))) {
    throw new ConfigError('IDENTITY_VERIFY_KEYS', '(hidden)', `not the development key in production (${HOW})`);
  }
  return configured ?? devDomainKeys(domain);
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
