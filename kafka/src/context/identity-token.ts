import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Identity } from './context';

/**
 * The caller's identity as the gateway vouches for it: a compact JWS (RFC 7515) signed with Ed25519 (`alg: EdDSA`,
 * RFC 8037), carried in the `x-puchi-identity` header of a Kafka request or of an HTTP request to a standalone
 * subgraph. Kafka is not a trust boundary: anyone who can produce to a request topic could set a plain user id
 * header, so a service believes only what a gateway key signed. Asymmetric on purpose: services and subgraph
 * servers hold public keys only, so a compromised service cannot speak for a learner to the other domains.
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
  /** The domain the token is for (`aud`). */
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

/** Ed25519 key material, as it travels in settings: `<keyId>:<base64url of the 32 raw bytes>`. */
export interface IdentitySigningKey {
  keyId: string;
  privateKey: KeyObject;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const RAW_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A private key from its 32-byte seed. */
export function signingKeyFromSeed(keyId: string, seed: Buffer): IdentitySigningKey {
  if (!KEY_ID.test(keyId)) throw new RangeError(`identity key id "${keyId}" must be 1 to 64 letters, digits, ".", "_" or "-"`);
  if (seed.length !== RAW_KEY_BYTES) throw new RangeError(`an Ed25519 seed is ${RAW_KEY_BYTES} bytes, got ${seed.length}`);
  return { keyId, privateKey: createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }) };
}

/** A public key from its 32 raw bytes. */
export function verifyKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== RAW_KEY_BYTES) throw new RangeError(`an Ed25519 public key is ${RAW_KEY_BYTES} bytes, got ${raw.length}`);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The 32 raw bytes of a public key, base64url: what `IDENTITY_VERIFY_KEYS` lists. */
export function rawPublicKey(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length).toString('base64url');
}

/** Parses `<keyId>:<base64url seed>`; undefined when the text is not of that form. */
export function parseSigningKey(text: string): IdentitySigningKey | undefined {
  const [keyId, seed, ...rest] = text.trim().split(':');
  if (!keyId || !seed || rest.length > 0 || !KEY_ID.test(keyId)) return undefined;
  const bytes = Buffer.from(seed, 'base64url');
  return bytes.length === RAW_KEY_BYTES ? signingKeyFromSeed(keyId, bytes) : undefined;
}

/** Parses a comma-separated list of `<keyId>:<base64url public key>`; undefined when any entry is not of that form. */
export function parseVerifyKeys(text: string): Map<string, KeyObject> | undefined {
  const keys = new Map<string, KeyObject>();
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [keyId, raw, ...rest] = entry.split(':');
    if (!keyId || !raw || rest.length > 0 || !KEY_ID.test(keyId) || keys.has(keyId)) return undefined;
    const bytes = Buffer.from(raw, 'base64url');
    if (bytes.length !== RAW_KEY_BYTES) return undefined;
    keys.set(keyId, verifyKeyFromRaw(bytes));
  }
  return keys.size > 0 ? keys : undefined;
}

/**
 * The development key pair, derived from a fixed phrase so every process of `npm start` and the tests agrees
 * without configuration. Public by construction: production refuses it (`isDevelopmentIdentityKey`).
 */
export const DEV_IDENTITY_KEY_ID = 'dev';
export const DEV_IDENTITY_SIGNING_KEY: IdentitySigningKey = signingKeyFromSeed(
  DEV_IDENTITY_KEY_ID,
  createHash('sha256').update('puchi development identity key; never in production').digest(),
);
export const DEV_IDENTITY_VERIFY_KEYS: ReadonlyMap<string, KeyObject> = new Map([[DEV_IDENTITY_KEY_ID, createPublicKey(DEV_IDENTITY_SIGNING_KEY.privateKey)]]);
const DEV_PUBLIC_KEY = rawPublicKey(DEV_IDENTITY_SIGNING_KEY.privateKey);

/** True for the development key, whatever id it is given. */
export function isDevelopmentIdentityKey(key: KeyObject): boolean {
  return rawPublicKey(key) === DEV_PUBLIC_KEY;
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

/** Signs identity tokens with one key (`kid` names it, so verifiers can hold old and new keys during a rotation). */
export class IdentitySigner {
  private readonly header: string;

  constructor(private readonly key: IdentitySigningKey) {
    this.header = encode({ alg: 'EdDSA', typ: 'JWT', kid: key.keyId });
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
    return `${input}.${sign(null, Buffer.from(input), this.key.privateKey).toString('base64url')}`;
  }
}

export interface IdentityVerifierOptions {
  /** Public keys by key id: the current gateway key and, during a rotation, the previous one. */
  keys: ReadonlyMap<string, KeyObject>;
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

/** Verifies identity tokens against a set of gateway public keys. */
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
    // Only EdDSA: a verifier that followed `alg` could be talked into "none" or into HMAC with the public key.
    if (alg !== 'EdDSA' || typeof kid !== 'string') return { ok: false, reason: 'malformed' };
    const key = this.options.keys.get(kid);
    if (!key) return { ok: false, reason: 'unknown-key' };
    if (!verify(null, Buffer.from(`${headerPart}.${payloadPart}`), key, Buffer.from(signaturePart, 'base64url'))) return { ok: false, reason: 'bad-signature' };
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
