import {
  DEV_IDENTITY_SIGNING_KEY,
  DEV_IDENTITY_VERIFY_KEYS,
  IdentitySigner,
  IdentityVerifier,
  bodyHash,
  isDevelopmentIdentityKey,
  parseSigningKey,
  parseVerifyKeys,
  rawPublicKey,
  signingKeyFromSeed,
} from './identity-token';

const ana = { userId: 'learner-ana', roles: ['learner'] };
const now = 1_800_000_000_000;
const signer = new IdentitySigner(DEV_IDENTITY_SIGNING_KEY);
const verifier = new IdentityVerifier({ keys: DEV_IDENTITY_VERIFY_KEYS });

describe('identity tokens', () => {
  it('verify into the identity, or anonymous when the token names nobody', () => {
    const signed = signer.sign({ audience: 'user', expiresAt: now + 5000, identity: ana });
    expect(verifier.verify(signed, { audience: 'user', now })).toMatchObject({ ok: true, token: { identity: ana, audience: 'user', keyId: 'dev' } });
    const anonymous = signer.sign({ audience: 'user', expiresAt: now + 5000 });
    const verdict = verifier.verify(anonymous, { audience: 'user', now });
    expect(verdict.ok && verdict.token.identity).toBeUndefined();
  });

  it('refuse another audience, a past deadline beyond the tolerance, another trace, another body', () => {
    const token = signer.sign({ audience: 'user', expiresAt: now, identity: ana, traceId: 'b'.repeat(32), bodyHash: bodyHash('{"query":"{ a }"}') });
    expect(verifier.verify(token, { audience: 'lesson', now })).toEqual({ ok: false, reason: 'wrong-audience' });
    expect(verifier.verify(token, { audience: 'user', now: now + 4999 }).ok).toBe(true);
    expect(verifier.verify(token, { audience: 'user', now: now + 5001 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifier.verify(token, { audience: 'user', now, traceId: 'c'.repeat(32) })).toEqual({ ok: false, reason: 'trace-mismatch' });
    expect(verifier.verify(token, { audience: 'user', now, bodyHash: bodyHash('{"query":"{ b }"}') })).toEqual({ ok: false, reason: 'body-mismatch' });
    expect(verifier.verify(signer.sign({ audience: 'user', expiresAt: now }), { audience: 'user', now, bodyHash: bodyHash('') })).toEqual({ ok: false, reason: 'body-mismatch' });
  });

  it('refuse forged, unknown-key, alg-swapped and malformed tokens', () => {
    const token = signer.sign({ audience: 'user', expiresAt: now + 5000, identity: ana });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const admin = json({ iss: 'puchi-gateway', aud: 'user', exp: (now + 5000) / 1000, sub: 'admin-1', roles: ['admin'] });
    expect(verifier.verify(`${header}.${admin}.${signature}`, { audience: 'user', now })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifier.verify(`${json({ alg: 'none', kid: 'dev' })}.${payload}.`, { audience: 'user', now })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifier.verify(`${json({ alg: 'HS256', kid: 'dev' })}.${payload}.${signature}`, { audience: 'user', now })).toEqual({ ok: false, reason: 'malformed' });
    const other = new IdentitySigner(signingKeyFromSeed('next', Buffer.alloc(32, 1)));
    expect(verifier.verify(other.sign({ audience: 'user', expiresAt: now + 5000 }), { audience: 'user', now })).toEqual({ ok: false, reason: 'unknown-key' });
    expect(verifier.verify('not-a-token', { audience: 'user', now })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifier.verify(`${header}.${payload}`, { audience: 'user', now })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rotate: a verifier holding the old and new keys accepts both, then only the new one', () => {
    const next = signingKeyFromSeed('2026-12', Buffer.alloc(32, 3));
    const both = parseVerifyKeys(`dev:${rawPublicKey(DEV_IDENTITY_SIGNING_KEY.privateKey)},2026-12:${rawPublicKey(next.privateKey)}`)!;
    const rotating = new IdentityVerifier({ keys: both });
    const newOnly = new IdentityVerifier({ keys: new Map([...both].filter(([id]) => id !== 'dev')) });
    const fromOld = signer.sign({ audience: 'user', expiresAt: now + 5000, identity: ana });
    const fromNew = new IdentitySigner(next).sign({ audience: 'user', expiresAt: now + 5000, identity: ana });
    expect([rotating.verify(fromOld, { audience: 'user', now }).ok, rotating.verify(fromNew, { audience: 'user', now }).ok]).toEqual([true, true]);
    expect([newOnly.verify(fromOld, { audience: 'user', now }).ok, newOnly.verify(fromNew, { audience: 'user', now }).ok]).toEqual([false, true]);
  });

  it('parse keys from settings, and know the development key whatever its id', () => {
    const seed = Buffer.alloc(32, 5).toString('base64url');
    expect(parseSigningKey(`k1:${seed}`)?.keyId).toBe('k1');
    for (const bad of ['k1', `k1:${seed}:x`, 'k1:short', `bad id:${seed}`]) expect(parseSigningKey(bad)).toBeUndefined();
    const pub = rawPublicKey(signingKeyFromSeed('k1', Buffer.alloc(32, 5)).privateKey);
    expect([...(parseVerifyKeys(` k1:${pub} , k2:${pub} `)?.keys() ?? [])]).toEqual(['k1', 'k2']);
    for (const bad of ['', `k1:${pub},k1:${pub}`, 'k1:abc']) expect(parseVerifyKeys(bad)).toBeUndefined();
    expect(isDevelopmentIdentityKey(DEV_IDENTITY_VERIFY_KEYS.get('dev')!)).toBe(true);
    expect(isDevelopmentIdentityKey(parseVerifyKeys(`other:${rawPublicKey(DEV_IDENTITY_SIGNING_KEY.privateKey)}`)!.get('other')!)).toBe(true);
    expect(isDevelopmentIdentityKey(parseVerifyKeys(`k1:${pub}`)!.get('k1')!)).toBe(false);
  });
});
