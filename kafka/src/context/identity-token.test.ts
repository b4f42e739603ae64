import { createHmac } from 'node:crypto';
import {
  DEV_IDENTITY_SECRET,
  IdentitySigner,
  IdentityVerifier,
  bodyHash,
  devDomainKeys,
  domainKey,
  domainKeySetting,
  identitySecret,
  isDevelopmentDomainKey,
  isDevelopmentSecret,
  parseDomainKeys,
  parseIdentitySecret,
} from './identity-token';

const ana = { userId: 'learner-ana', roles: ['learner'] };
const now = 1_800_000_000_000;
const signer = new IdentitySigner(DEV_IDENTITY_SECRET);
const userVerifier = new IdentityVerifier({ keys: devDomainKeys('user') });
const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('identity tokens', () => {
  it('are standard HS256 JWTs signed with the audience domain’s derived key', () => {
    const token = signer.sign({ audience: 'user', expiresAt: now + 5000, identity: ana, traceId: 'a'.repeat(32) });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'dev' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual({ iss: 'puchi-gateway', aud: 'user', exp: (now + 5000) / 1000, sub: 'learner-ana', roles: ['learner'], trace: 'a'.repeat(32) });
    // RFC 7515's HS256 over `header.payload`, with the key HKDF gives the user domain: any JOSE library checks it.
    expect(signature).toBe(createHmac('sha256', domainKey(DEV_IDENTITY_SECRET, 'user')).update(`${header}.${payload}`).digest('base64url'));
  });

  it('verify into the identity, or anonymous when the token names nobody', () => {
    const signed = signer.sign({ audience: 'user', expiresAt: now + 5000, identity: ana });
    expect(userVerifier.verify(signed, { audience: 'user', now })).toMatchObject({ ok: true, token: { identity: ana, audience: 'user', keyId: 'dev' } });
    const verdict = userVerifier.verify(signer.sign({ audience: 'user', expiresAt: now + 5000 }), { audience: 'user', now });
    expect(verdict.ok && verdict.token.identity).toBeUndefined();
  });

  it('cannot be made for one domain with another domain’s key: a service speaks for nobody elsewhere', () => {
    // The progress service holds the progress key; a token it signs for the user domain fails there.
    const [header, payload] = signer.sign({ audience: 'user', expiresAt: now + 5000, identity: { userId: 'admin-1', roles: ['admin'] } }).split('.');
    const byProgress = createHmac('sha256', domainKey(DEV_IDENTITY_SECRET, 'progress')).update(`${header}.${payload}`).digest('base64url');
    expect(userVerifier.verify(`${header}.${payload}.${byProgress}`, { audience: 'user', now })).toEqual({ ok: false, reason: 'bad-signature' });
    // And a token for progress, signed correctly, is refused by user as another audience.
    expect(new IdentityVerifier({ keys: devDomainKeys('user') }).verify(signer.sign({ audience: 'progress', expiresAt: now + 5000 }), { audience: 'user', now })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuse another audience, a past deadline beyond the tolerance, another trace, another body', () => {
    const token = signer.sign({ audience: 'user', expiresAt: now, identity: ana, traceId: 'b'.repeat(32), bodyHash: bodyHash('{"query":"{ a }"}') });
    expect(userVerifier.verify(token, { audience: 'lesson', now })).toEqual({ ok: false, reason: 'wrong-audience' });
    expect(userVerifier.verify(token, { audience: 'user', now: now + 4999 }).ok).toBe(true);
    expect(userVerifier.verify(token, { audience: 'user', now: now + 5001 })).toEqual({ ok: false, reason: 'expired' });
    expect(userVerifier.verify(token, { audience: 'user', now, traceId: 'c'.repeat(32) })).toEqual({ ok: false, reason: 'trace-mismatch' });
    expect(userVerifier.verify(token, { audience: 'user', now, bodyHash: bodyHash('{"query":"{ b }"}') })).toEqual({ ok: false, reason: 'body-mismatch' });
    expect(userVerifier.verify(signer.sign({ audience: 'user', expiresAt: now }), { audience: 'user', now, bodyHash: bodyHash('') })).toEqual({ ok: false, reason: 'body-mismatch' });
  });

  it('refuse forged, unknown-key, alg-swapped and malformed tokens', () => {
    const token = signer.sign({ audience: 'user', expiresAt: now + 5000, identity: ana });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const admin = json({ iss: 'puchi-gateway', aud: 'user', exp: (now + 5000) / 1000, sub: 'admin-1', roles: ['admin'] });
    expect(userVerifier.verify(`${header}.${admin}.${signature}`, { audience: 'user', now })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(userVerifier.verify(`${json({ alg: 'none', kid: 'dev' })}.${payload}.`, { audience: 'user', now })).toEqual({ ok: false, reason: 'malformed' });
    expect(userVerifier.verify(`${json({ alg: 'EdDSA', kid: 'dev' })}.${payload}.${signature}`, { audience: 'user', now })).toEqual({ ok: false, reason: 'malformed' });
    const other = new IdentitySigner(identitySecret('next', Buffer.alloc(32, 1)));
    expect(userVerifier.verify(other.sign({ audience: 'user', expiresAt: now + 5000 }), { audience: 'user', now })).toEqual({ ok: false, reason: 'unknown-key' });
    const sameIdOtherSecret = new IdentitySigner(identitySecret('dev', Buffer.alloc(32, 1)));
    expect(userVerifier.verify(sameIdOtherSecret.sign({ audience: 'user', expiresAt: now + 5000 }), { audience: 'user', now })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(userVerifier.verify('not-a-token', { audience: 'user', now })).toEqual({ ok: false, reason: 'malformed' });
    expect(userVerifier.verify(`${header}.${payload}`, { audience: 'user', now })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rotate: a service holding the old and new keys accepts both, then only the new one', () => {
    const next = identitySecret('2026-12', Buffer.alloc(32, 3));
    const both = parseDomainKeys(`${domainKeySetting(DEV_IDENTITY_SECRET, 'user')},${domainKeySetting(next, 'user')}`)!;
    const rotating = new IdentityVerifier({ keys: both });
    const newOnly = new IdentityVerifier({ keys: new Map([...both].filter(([id]) => id !== 'dev')) });
    const fromOld = signer.sign({ audience: 'user', expiresAt: now + 5000, identity: ana });
    const fromNew = new IdentitySigner(next).sign({ audience: 'user', expiresAt: now + 5000, identity: ana });
    expect([rotating.verify(fromOld, { audience: 'user', now }).ok, rotating.verify(fromNew, { audience: 'user', now }).ok]).toEqual([true, true]);
    expect([newOnly.verify(fromOld, { audience: 'user', now }).ok, newOnly.verify(fromNew, { audience: 'user', now }).ok]).toEqual([false, true]);
  });

  it('parse keys from settings, and know the development secret and every key derived from it', () => {
    const secret = Buffer.alloc(32, 5).toString('base64url');
    expect(parseIdentitySecret(`k1:${secret}`)?.keyId).toBe('k1');
    for (const bad of ['k1', `k1:${secret}:x`, 'k1:short', `bad id:${secret}`]) expect(parseIdentitySecret(bad)).toBeUndefined();
    const own = identitySecret('k1', Buffer.alloc(32, 5));
    expect([...(parseDomainKeys(` ${domainKeySetting(own, 'user')} , k2:${domainKey(own, 'lesson').toString('base64url')} `)?.keys() ?? [])]).toEqual(['k1', 'k2']);
    for (const bad of ['', `${domainKeySetting(own, 'user')},${domainKeySetting(own, 'lesson')}`, 'k1:abc']) expect(parseDomainKeys(bad)).toBeUndefined();
    expect(isDevelopmentSecret(DEV_IDENTITY_SECRET)).toBe(true);
    expect(isDevelopmentSecret(own)).toBe(false);
    expect(isDevelopmentDomainKey(devDomainKeys('quiz').get('dev')!, ['user', 'quiz'])).toBe(true);
    expect(isDevelopmentDomainKey(domainKey(own, 'quiz'), ['user', 'quiz'])).toBe(false);
    expect(() => identitySecret('k1', Buffer.alloc(31))).toThrow(RangeError);
  });
});
