import { DOMAINS } from '@puchi/domains';
import { IdentitySigner, IdentityVerifier, parseDomainKeys, parseIdentitySecret } from '@puchi/kafka';
import { identityKeyLines } from './identity-keys';

describe('npm run identity-keys', () => {
  it('prints the gateways’ secret and each domain’s key, in the settings’ own format, that verify each other', () => {
    const lines = identityKeyLines('2026-12-01', Buffer.alloc(32, 8)).filter((line) => !line.startsWith('#'));
    const [signing, ...domainKeys] = lines.map((line) => line.split('=')[1]!);
    expect(domainKeys).toHaveLength(DOMAINS.length);
    const signer = new IdentitySigner(parseIdentitySecret(signing!)!);
    DOMAINS.forEach((domain, i) => {
      const verifier = new IdentityVerifier({ keys: parseDomainKeys(domainKeys[i]!)! });
      const token = signer.sign({ audience: domain, expiresAt: Date.now() + 5000, identity: { userId: 'u', roles: [] } });
      expect(verifier.verify(token, { audience: domain })).toMatchObject({ ok: true, token: { keyId: '2026-12-01' } });
      // Each key is its own domain's only.
      const other = DOMAINS[(i + 1) % DOMAINS.length]!;
      expect(verifier.verify(signer.sign({ audience: other, expiresAt: Date.now() + 5000 }), { audience: other }).ok).toBe(false);
    });
  });

  it('refuses a key id the settings could not carry', () => {
    expect(() => identityKeyLines('has space', Buffer.alloc(32))).toThrow(RangeError);
  });
});
