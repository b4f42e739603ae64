import { createSecretKey } from 'node:crypto';
import { DEV_IDENTITY_SECRET, IdentitySigner, domainKey } from '@puchi/kafka';
import { jwtVerify } from 'jose';

/** The gateway's identity tokens to the domains, read by another JOSE implementation (jose, the gateway's JWT library). */
describe('identity tokens', () => {
  it('are standard HS256 JWTs: jose verifies them with the domain’s key', async () => {
    const now = 1_800_000_000_000;
    const token = new IdentitySigner(DEV_IDENTITY_SECRET).sign({ audience: 'user', expiresAt: now + 5000, identity: { userId: 'learner-ana', roles: ['learner'] }, traceId: 'a'.repeat(32) });
    const key = createSecretKey(domainKey(DEV_IDENTITY_SECRET, 'user'));
    const { payload, protectedHeader } = await jwtVerify(token, key, { audience: 'user', issuer: 'puchi-gateway', algorithms: ['HS256'], currentDate: new Date(now) });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'dev' });
    expect(payload).toMatchObject({ sub: 'learner-ana', roles: ['learner'], trace: 'a'.repeat(32) });
    await expect(jwtVerify(token, createSecretKey(domainKey(DEV_IDENTITY_SECRET, 'lesson')), { algorithms: ['HS256'], currentDate: new Date(now) })).rejects.toThrow();
  });
});
