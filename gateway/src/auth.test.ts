import * as jose from 'jose';
import { SignJWT } from 'jose';
import { createAuthenticator, signDevToken } from './auth';
import type { AuthConfig } from './config';

// Counts verifications while keeping jose's own.
jest.mock('jose', () => {
  const actual = jest.requireActual<typeof import('jose')>('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});
const verifications = jose.jwtVerify as jest.Mock;

const DAY_SECONDS = 24 * 60 * 60;
const config: AuthConfig = { secret: 'test-secret', issuer: 'puchi', audience: 'puchi-api', maxLifetimeSeconds: DAY_SECONDS, clockToleranceSeconds: 30 };
const auth = createAuthenticator(config);

describe('bearer authentication', () => {
  it('is anonymous without a header', async () => {
    expect(await auth.identify(undefined)).toBeUndefined();
  });

  it('reads user id and roles from a valid token', async () => {
    const token = await signDevToken(config, 'u-7', ['analyst']);
    expect(await auth.identify(`Bearer ${token}`)).toEqual({ userId: 'u-7', roles: ['analyst'] });
  });

  it.each([
    ['a malformed header', async () => 'Token abc'],
    ['garbage', async () => 'Bearer not.a.jwt'],
    ['another secret', async () => `Bearer ${await signDevToken({ ...config, secret: 'other' }, 'u', [])}`],
    ['an expired token', async () => `Bearer ${await signDevToken(config, 'u', [], '-1m')}`],
    ['another audience', async () => `Bearer ${await signDevToken({ ...config, audience: 'x' }, 'u', [])}`],
    [
      'no subject',
      async () => `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('puchi').setAudience('puchi-api').setExpirationTime('5m').sign(new TextEncoder().encode('test-secret'))}`,
    ],
  ])('refuses %s with UNAUTHENTICATED', async (_name, header) => {
    await expect(auth.identify(await header())).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('bearer authentication with a JWKS URL', () => {
  it('verifies RS256 tokens against the keys the URL serves', async () => {
    const http = await import('node:http');
    const { generateKeyPair, exportJWK, SignJWT: Sign } = await import('jose');
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const jwks = createAuthenticator({ ...config, secret: undefined, jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
      const sign = (key: typeof privateKey) =>
        new Sign({ roles: ['admin'] }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('u-1').setIssuer('puchi').setAudience('puchi-api').setExpirationTime('5m').sign(key);
      expect(await jwks.identify(`Bearer ${await sign(privateKey)}`)).toEqual({ userId: 'u-1', roles: ['admin'] });
      const other = await generateKeyPair('RS256');
      await expect(jwks.identify(`Bearer ${await sign(other.privateKey)}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      server.close();
    }
  });
});

describe('verified tokens are remembered', () => {
  beforeEach(() => verifications.mockClear());

  it('verifies a token once for repeated requests, and again after a minute', async () => {
    let clock = Date.now();
    const cached = createAuthenticator(config, () => clock);
    const header = `Bearer ${await signDevToken(config, 'u-3', ['learner'])}`;
    for (let i = 0; i < 5; i++) expect(await cached.identify(header)).toEqual({ userId: 'u-3', roles: ['learner'] });
    expect(verifications).toHaveBeenCalledTimes(1);
    clock += 61_000;
    expect(await cached.identify(header)).toEqual({ userId: 'u-3', roles: ['learner'] });
    expect(verifications).toHaveBeenCalledTimes(2);
  });

  it('trusts a remembered token until its exp, never past it: then it verifies again, and refuses it past the clock tolerance', async () => {
    let clock = T0;
    const cached = createAuthenticator(config, () => clock);
    const header = `Bearer ${await signed({ iat: seconds(T0), exp: seconds(T0) + 30 })}`;
    expect(await cached.identify(header)).toEqual({ userId: 'u-9', roles: ['learner'] });
    clock = T0 + 29_000;
    expect(await cached.identify(header)).toEqual({ userId: 'u-9', roles: ['learner'] });
    expect(verifications).toHaveBeenCalledTimes(1);
    // Past exp, within the 30 s tolerance: accepted, as a fresh verification would, but no longer remembered.
    clock = T0 + 31_000;
    expect(await cached.identify(header)).toEqual({ userId: 'u-9', roles: ['learner'] });
    expect(await cached.identify(header)).toEqual({ userId: 'u-9', roles: ['learner'] });
    expect(verifications).toHaveBeenCalledTimes(3);
    clock = T0 + 61_000;
    await expect(cached.identify(header)).rejects.toMatchObject({ message: 'invalid token: it has expired', extensions: { code: 'UNAUTHENTICATED' } });
    await expect(cached.identify(header)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(verifications).toHaveBeenCalledTimes(5);
  });

  it('tells a long-lived connection when its token expires, from the cache too', async () => {
    const cached = createAuthenticator(config, () => T0);
    const header = `Bearer ${await signed({ iat: seconds(T0), exp: seconds(T0) + 600 })}`;
    for (let i = 0; i < 2; i++) expect(await cached.authenticate(header)).toEqual({ identity: { userId: 'u-9', roles: ['learner'] }, expiresAt: (seconds(T0) + 600) * 1000 });
    expect(verifications).toHaveBeenCalledTimes(1);
    expect(await cached.authenticate(undefined)).toBeUndefined();
  });

  it('never remembers a refusal, and hands out copies', async () => {
    const cached = createAuthenticator(config);
    await expect(cached.identify('Bearer not.a.jwt')).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(cached.identify('Bearer not.a.jwt')).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(verifications).toHaveBeenCalledTimes(2);
    const header = `Bearer ${await signDevToken(config, 'u-5', ['analyst'])}`;
    ((await cached.identify(header))!.roles as string[]).push('admin');
    expect(await cached.identify(header)).toEqual({ userId: 'u-5', roles: ['analyst'] });
  });
});

/** An injected clock: a fixed instant, so the claims below are exact. */
const T0 = Date.UTC(2030, 0, 1);
const seconds = (ms: number) => Math.floor(ms / 1000);
const KEY = new TextEncoder().encode('test-secret');

/** A token of `config` with exactly these time claims (any of them may be left out). */
function signed(claims: { exp?: number; iat?: number; nbf?: number }): Promise<string> {
  return new SignJWT({ roles: ['learner'], ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-9').setIssuer('puchi').setAudience('puchi-api').sign(KEY);
}

describe('every token expires, within JWT_MAX_LIFETIME', () => {
  const auth = createAuthenticator(config, () => T0);
  const refusal = async (token: string) => auth.identify(`Bearer ${token}`).then(() => undefined, (error: { message: string; extensions: { code: string } }) => error);

  it('refuses a token without exp, in every mode', async () => {
    expect(await refusal(await signed({ iat: seconds(T0) }))).toMatchObject({ message: 'invalid token: it has no "exp" claim (every token must expire)', extensions: { code: 'UNAUTHENTICATED' } });
    expect(await refusal(await signed({}))).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token that lives longer than the maximum: exp − iat, or exp − now without iat', async () => {
    const now = seconds(T0);
    expect(await refusal(await signed({ iat: now, exp: now + DAY_SECONDS }))).toBeUndefined();
    expect(await refusal(await signed({ exp: now + DAY_SECONDS }))).toBeUndefined();
    const tooLong = 'invalid token: it lives longer than the 86400 s allowed (JWT_MAX_LIFETIME)';
    expect(await refusal(await signed({ iat: now, exp: now + DAY_SECONDS + 1 }))).toMatchObject({ message: tooLong, extensions: { code: 'UNAUTHENTICATED' } });
    expect(await refusal(await signed({ exp: now + 25 * 60 * 60 }))).toMatchObject({ message: tooLong });
    // Issued 23 h ago, valid for 2 h more: 25 h in all.
    expect(await refusal(await signed({ iat: now - 23 * 60 * 60, exp: now + 2 * 60 * 60 }))).toMatchObject({ message: tooLong });
  });

  it('refuses a token issued in the future, which would otherwise pick its own lifetime', async () => {
    const later = seconds(T0) + 10 * 365 * DAY_SECONDS;
    expect(await refusal(await signed({ iat: later, exp: later + 3600 }))).toMatchObject({ message: 'invalid token: it was issued in the future', extensions: { code: 'UNAUTHENTICATED' } });
    // Within the clock tolerance it is only a clock ahead of ours.
    expect(await refusal(await signed({ iat: seconds(T0) + 20, exp: seconds(T0) + 3600 }))).toBeUndefined();
  });

  it('accepts nbf 2 s ahead (another clock, within the 30 s tolerance) and refuses it 60 s ahead', async () => {
    const now = seconds(T0);
    expect(await refusal(await signed({ iat: now, nbf: now + 2, exp: now + 3600 }))).toBeUndefined();
    expect(await refusal(await signed({ iat: now, nbf: now + 60, exp: now + 3600 }))).toMatchObject({ message: 'invalid token: it is not valid yet (nbf)', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('takes its tolerance from the configuration', async () => {
    const strict = createAuthenticator({ ...config, clockToleranceSeconds: 0 }, () => T0);
    const now = seconds(T0);
    await expect(strict.identify(`Bearer ${await signed({ iat: now, nbf: now + 2, exp: now + 3600 })}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(strict.identify(`Bearer ${await signed({ iat: now - 60, exp: now - 1 })}`)).rejects.toMatchObject({ message: 'invalid token: it has expired' });
    expect(await auth.identify(`Bearer ${await signed({ iat: now - 60, exp: now - 1 })}`)).toEqual({ userId: 'u-9', roles: ['learner'] });
  });

  it('signs no development token the gateway would refuse', async () => {
    await expect(signDevToken(config, 'u', [], '25h')).rejects.toThrow('a token valid for 90000 s would be refused: JWT_MAX_LIFETIME allows 86400 s');
    await expect(signDevToken(config, 'u', [], '24h')).resolves.toEqual(expect.any(String));
  });
});

