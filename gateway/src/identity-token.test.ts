import { createPublicKey } from 'node:crypto';
import { DEV_IDENTITY_SIGNING_KEY, IdentitySigner } from '@puchi/kafka';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';

const now = 1_800_000_000_000;
const ana = { userId: 'learner-ana', roles: ['learner'] };
const signer = new IdentitySigner(DEV_IDENTITY_SIGNING_KEY);

/** The gateway's identity tokens to the domains, read by another JOSE implementation (jose, the gateway's JWT library). */
describe('identity tokens', () => {
  it('are standard EdDSA JWTs: a JOSE library verifies them with the public key', async () => {
    const token = signer.sign({ audience: 'user', expiresAt: now + 5000, identity: ana, traceId: 'a'.repeat(32) });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: 'dev' });
    const spki = createPublicKey(DEV_IDENTITY_SIGNING_KEY.privateKey).export({ format: 'pem', type: 'spki' }).toString();
    const { payload } = await jwtVerify(token, await importSPKI(spki, 'EdDSA'), { audience: 'user', issuer: 'puchi-gateway', currentDate: new Date(now) });
    expect(payload).toEqual({ iss: 'puchi-gateway', aud: 'user', exp: (now + 5000) / 1000, sub: 'learner-ana', roles: ['learner'], trace: 'a'.repeat(32) });
  });

});
