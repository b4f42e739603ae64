import { IdentitySigner, IdentityVerifier, parseSigningKey, parseVerifyKeys } from '@puchi/kafka';
import { identityKeyLines } from './identity-keys';

describe('npm run identity-keys', () => {
  it('prints a signing key and its public key that verify each other, in the settings’ own format', () => {
    const [signing, verifying] = identityKeyLines('2026-12-01', Buffer.alloc(32, 8)).map((line) => line.split('=')[1]!);
    const signer = new IdentitySigner(parseSigningKey(signing!)!);
    const verifier = new IdentityVerifier({ keys: parseVerifyKeys(verifying!)! });
    const token = signer.sign({ audience: 'user', expiresAt: Date.now() + 5000, identity: { userId: 'u', roles: [] } });
    expect(verifier.verify(token, { audience: 'user' })).toMatchObject({ ok: true, token: { keyId: '2026-12-01' } });
  });

  it('refuses a key id the settings could not carry', () => {
    expect(() => identityKeyLines('has space', Buffer.alloc(32))).toThrow(RangeError);
  });
});
