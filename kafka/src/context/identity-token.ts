import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Identity } from './context';

/**
 * The caller's identity as the gateway vouches for it: a compact JWS (RFC 7515) with HMAC-SHA-256 (`alg: HS256`),
 * carried in the `x-puchi-identity` header of a Kafka request or of an HTTP request to a standalone subgraph.
 * Kafka is not a trust boundary: anyone who can produce to a request topic could set a plain user id header, so a
 * service believes only what a gateway key signed.
 *
 * One key per domain, derived from the gateway's secret (HKDF-SHA-256, info `domain:<domain>`): a gateway holds the
 * secret and signs for every domain; a service holds only its own domain's key, so a compromised service cannot
 * speak for a learner to the other domains. HMAC rather than Ed25519 for cost: a service checks one token per
 * request, and an Ed25519 verification cost 80 to 100 µs against under 10 µs (`npm run bench:identity`).
 *
 * Claims: `iss` `puchi-gateway`; `aud` the domain; `exp` the request's deadline (seconds, with ms as a fraction,
 * RFC 7519 NumericDate); `sub` and `roles` (a JSON array, so a role cannot smuggle a comma) only when the caller
 * signed in; `trace` the W3C trace id of the request it was made for; `bh` the SHA-256 of an HTTP body it covers.
 */
export const IDENTITY_HEADER = 'x-puchi-identity';
export const IDENTITY_ISSUER = 'puchi-gateway';

/** The clock difference between hosts tolerated on `exp`, ms. Short: the token lives as long as one request. */
export const DEFAULT_IDENTITY_CLOCK_TOLERANCE_MS = 5000;

/** What a gateway puts in one token. */
export interface IdentityClaimsInput {
  /** The domain the token is for (`aud`); it is signed with that domain's key. */
  audience: string;
  /** Epoch ms after which the token is refused: the request's deadline. */
  expiresAt: number;
  /** Absent: an anonymous caller (an HTTP subgraph request is still signed, so the server knows a gateway sent it). */
  identity?: Identity;
  /** The 32-hex W3C trace id of the request. */
  traceId?: string;
  /** base64url SHA-256 of the HTTP body the token covers (`bodyHash`). */
  bodyHash?: string;
}

/** A verified token's content. */
export interface VerifiedIdentityToken {
  audience: string;
  expiresAt: number;
  identity?: Identity;
  traceId?: string;
  bodyHash?: string;
  keyId: string;
}

export type IdentityRefusal = 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-issuer' | 'wrong-audience' | 'expired' | 'trace-mismatch' | 'body-mismatch';

export type IdentityVerdict = { ok: true; token: VerifiedIdentityToken } | { ok: false; reason: IdentityRefusal };

/** The gateway's secret, from which every domain's key is derived. As a setting: `<keyId>:<base64url of 32 bytes or more>`. */
export interface IdentitySecret {
  keyId: string;
  secret: Buffer;
}

/** A domain's keys by key id: the current one and, during a rotation, the previous one. */
export type DomainKeys = ReadonlyMap<string, Buffer>;

const MIN_SECRET_BYTES = 32;
const DOMAIN_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

function checkKeyId(keyId: string): void {
  if (!KEY_ID.test(keyId)) throw new RangeError(`identity key id "${keyId}" must be 1 to 64 letters, digits, ".", "_" or "-"`);
}

export function identitySecret(keyId: string, secret: Buffer): IdentitySecret {
  checkKeyId(keyId);
  if (secret.length < MIN_SECRET_BYTES) throw new RangeError(`an identity secret is at least ${MIN_SECRET_BYTES} bytes, got ${secret.length}`);
  return { keyId, secret };
}

/** `domain`'s key under `secret`: what that domain's services and subgraph server are given. */
export function domainKey(secret: IdentitySecret, domain: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret.secret, 'puchi-identity', `domain:${domain}`, DOMAIN_KEY_BYTES));
}

/** `domain`'s key under `secret` as the setting a service takes: `<keyId>:<base64url key>`. */
export function domainKeySetting(secret: IdentitySecret, domain: string): string {
  return `${secret.keyId}:${domainKey(secret, domain).toString('base64url')}`;
}

/** Parses `<keyId>:<base64url secret>`; undefined when the text is not of that form. */
export function parseIdentitySecret(text: string): IdentitySecret | undefined {
  const [keyId, secret, ...rest] = text.trim().split(':');
  if (!keyId || !secret || rest.length > 0 || !KEY_ID.test(keyId)) return undefined;
  const bytes = Buffer.from(secret, 'base64url');
  return bytes.length >= MIN_SECRET_BYTES ? { keyId, secret: bytes } : undefined;
}

/** Parses a comma-separated list of `<keyId>:<base64url 32-byte domain key>`; undefined when any entry is not of that form. */
export function parseDomainKeys(text: string): Map<string, Buffer> | undefined {
  const keys = new Map<string, Buffer>();
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [keyId, raw, ...rest] = entry.split(':');
    if (!keyId || !raw || rest.length > 0 || !KEY_ID.test(keyId) || keys.has(keyId)) return undefined;
    const bytes = Buffer.from(raw, 'base64url');
    if (bytes.length !== DOMAIN_KEY_BYTES) return undefined;
    keys.set(keyId, bytes);
  }
  return keys.size > 0 ? keys : undefined;
}

/**
 * The development secret, derived from a fixed phrase so every process of `npm start` and the tests agrees without
 * configuration. Public by construction: production refuses it and every key derived from it.
 */
export const DEV_IDENTITY_SECRET: IdentitySecret = identitySecret('dev', createHash('sha256').update('puchi development identity secret; never in production').digest());

/** A domain's development keys (what its services believe outside production without `IDENTITY_VERIFY_KEYS`). */
export function devDomainKeys(domain: string): DomainKeys {
  return new Map([[DEV_IDENTITY_SECRET.keyId, domainKey(DEV_IDENTITY_SECRET, domain)]]);
}

/** True for the development secret. */
export function isDevelopmentSecret(secret: IdentitySecret): boolean {
  return secret.secret.equals(DEV_IDENTITY_SECRET.secret);
}

/** True for a key derived from the development secret for any of `domains`. */
export function isDevelopmentDomainKey(key: Buffer, domains: readonly string[]): boolean {
  return domains.some((domain) => domainKey(DEV_IDENTITY_SECRET, domain).equals(key));
}

/** base64url SHA-256 of an HTTP body, for `bodyHash`. */
export function bodyHash(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** The trace id of a W3C `traceparent`, or undefined. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.split('-')[1];
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const mac = (key: Buffer, input: string) => createHmac('sha256', key).update(input).digest();

/** Signs identity tokens for every domain with the gateway's secret (`kid` names it, so services can hold two keys while it rotates). */
export class IdentitySigner {
  private readonly header: string;
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly secret: IdentitySecret) {
    this.header = encode({ alg: 'HS256', typ: 'JWT', kid: secret.keyId });
  }

  sign(claims: IdentityClaimsInput): string {
    const payload: Record<string, unknown> = { iss: IDENTITY_ISSUER, aud: claims.audience, exp: claims.expiresAt / 1000 };
    if (claims.identity) {
      payload.sub = claims.identity.userId;
      payload.roles = [...claims.identity.roles];
    }
    if (claims.traceId) payload.trace = claims.traceId;
    if (claims.bodyHash) payload.bh = claims.bodyHash;
    const input = `${this.header}.${encode(payload)}`;
    return `${input}.${mac(this.keyFor(claims.audience), input).toString('base64url')}`;
  }

  private keyFor(domain: string): Buffer {
    let key = this.keys.get(domain);
    if (!key) this.keys.set(domain, (key = domainKey(this.secret, domain)));
    return key;
  }
}

export interface IdentityVerifierOptions {
  /** This domain's keys by key id: the current one and, during a rotation, the previous one. */
  keys: DomainKeys;
  /** How far past `exp` a token still passes, ms. Default `DEFAULT_IDENTITY_CLOCK_TOLERANCE_MS`. */
  clockToleranceMs?: number;
  /** Verdicts kept, so the calls of one GraphQL request (one token per domain) verify once. Default 1000. */
  cacheSize?: number;
}

export interface VerifyExpectations {
  audience: string;
  /** The request's trace id: a token made for another trace is refused. Unchecked when absent. */
  traceId?: string;
  /** The body the token must cover (HTTP): refused unless its `bh` matches. */
  bodyHash?: string;
  /** Default `Date.now()`. */
  now?: number;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** Verifies identity tokens made for one domain, with that domain's keys. */
export class IdentityVerifier {
  private readonly verified = new Map<string, VerifiedIdentityToken>();

  constructor(private readonly options: IdentityVerifierOptions) {}

  verify(token: string, expect: VerifyExpectations): IdentityVerdict {
    const decoded = this.verified.get(token) ?? this.decode(token);
    if (!('audience' in decoded)) return decoded;
    const now = expect.now ?? Date.now();
    if (decoded.audience !== expect.audience) return { ok: false, reason: 'wrong-audience' };
    if (decoded.expiresAt + (this.options.clockToleranceMs ?? DEFAULT_IDENTITY_CLOCK_TOLERANCE_MS) < now) return { ok: false, reason: 'expired' };
    if (expect.traceId !== undefined && decoded.traceId !== undefined && decoded.traceId !== expect.traceId) return { ok: false, reason: 'trace-mismatch' };
    if (expect.bodyHash !== undefined && decoded.bodyHash !== expect.bodyHash) return { ok: false, reason: 'body-mismatch' };
    return { ok: true, token: decoded };
  }

  /** Signature and shape; what depends on the request (audience, time, trace, body) is checked by `verify`. */
  private decode(token: string): VerifiedIdentityToken | { ok: false; reason: IdentityRefusal } {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    let header: unknown;
    let payload: unknown;
    try {
      header = JSON.parse(Buffer.from(headerPart, 'base64url').toString());
      payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString());
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null) return { ok: false, reason: 'malformed' };
    const { alg, kid } = header as Record<string, unknown>;
    // Only HS256: a verifier that followed `alg` could be talked into "none".
    if (alg !== 'HS256' || typeof kid !== 'string') return { ok: false, reason: 'malformed' };
    const key = this.options.keys.get(kid);
    if (!key) return { ok: false, reason: 'unknown-key' };
    const expected = mac(key, `${headerPart}.${payloadPart}`);
    const signature = Buffer.from(signaturePart, 'base64url');
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { ok: false, reason: 'bad-signature' };
    const claims = payload as Record<string, unknown>;
    if (claims.iss !== IDENTITY_ISSUER) return { ok: false, reason: 'wrong-issuer' };
    if (typeof claims.aud !== 'string' || typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return { ok: false, reason: 'malformed' };
    const verified: VerifiedIdentityToken = { audience: claims.aud, expiresAt: claims.exp * 1000, keyId: kid };
    if (claims.sub !== undefined) {
      if (typeof claims.sub !== 'string' || claims.sub === '' || !isStringArray(claims.roles)) return { ok: false, reason: 'malformed' };
      verified.identity = { userId: claims.sub, roles: claims.roles };
    }
    if (typeof claims.trace === 'string') verified.traceId = claims.trace;
    if (typeof claims.bh === 'string') verified.bodyHash = claims.bh;
    this.remember(token, verified);
    return verified;
  }

  private remember(token: string, verified: VerifiedIdentityToken): void {
    // Insertion order makes the oldest entry the first key: O(1) eviction without an LRU.
    if (this.verified.size >= (this.options.cacheSize ?? 1000)) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, verified);
  }
}
