import { SignJWT } from 'jose';
import { createAuthenticator, signDevToken } from './auth';

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
