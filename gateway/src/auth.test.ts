import * as jose from 'jose';
import { SignJWT } from 'jose';
import { createAuthenticator, signDevToken } from './auth';

// Counts verifications while keeping jose's own.
jest.mock('jose', () => {
  const actual = jest.requireActual<typeof import('jose')>('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});
const verifications = jose.jwtVerify as jest.Mock;

const config = { secret: 'test-secret', issuer: 'puchi', audience: 'puchi-api' };
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
      async () => `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('puchi').setAudience('puchi-api').sign(new TextEncoder().encode('test-secret'))}`,
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
      const jwks = createAuthenticator({ jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: 'puchi', audience: 'puchi-api' });
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

  it('refuses a remembered token once it expires', async () => {
    let clock = Date.now();
    const cached = createAuthenticator(config, () => clock);
    const header = `Bearer ${await signDevToken(config, 'u-4', [], '30s')}`;
    expect(await cached.identify(header)).toEqual({ userId: 'u-4', roles: [] });
    clock += 31_000;
    await expect(cached.identify(header)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
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
