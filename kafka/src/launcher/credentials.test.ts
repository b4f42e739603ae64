import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LauncherError } from './errors';
import { ADMIN_USER, adminClientProperties, credentialsFile, readBrokerCredentials, userSasl, withUsers, writeBrokerCredentials } from './credentials';

describe('the secure broker’s credentials', () => {
  it('makes up a long random password for admin and each user it lacks, and keeps those it has', () => {
    const first = withUsers(undefined, ['user-service', 'gateway']);
    expect(first.added).toEqual([ADMIN_USER, 'user-service', 'gateway']);
    expect(Object.values(first.credentials.users).every((p) => /^[0-9a-f]{48}$/.test(p))).toBe(true);
    expect(new Set(Object.values(first.credentials.users)).size).toBe(3);
    const grown = withUsers(first.credentials, ['user-service', 'gateway', 'quiz-service']);
    expect(grown.added).toEqual(['quiz-service']);
    expect(grown.credentials.users.gateway).toBe(first.credentials.users.gateway);
  });

  it('refuses a user name the SCRAM syntax would have to quote', () => {
    expect(() => withUsers(undefined, ['bad,name'])).toThrow(LauncherError);
    expect(() => withUsers(undefined, ['name=x'])).toThrow(/cannot be a SCRAM user/);
  });

  it('keeps them in a file only its owner can read, and hands out one user’s SASL settings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-creds-'));
    try {
      const { credentials } = withUsers(undefined, ['gateway']);
      writeBrokerCredentials(dir, credentials);
      expect(fs.statSync(credentialsFile(dir)).mode & 0o777).toBe(0o600);
      expect(readBrokerCredentials(dir)).toEqual(credentials);
      expect(userSasl(credentials, 'gateway')).toEqual({ mechanism: 'scram-sha-512', username: 'gateway', password: credentials.users.gateway });
      expect(() => userSasl(credentials, 'quiz-service')).toThrow(/no user "quiz-service"/);
      expect(adminClientProperties(credentials)).toContain(`username="admin" password="${credentials.users.admin}"`);
      expect(readBrokerCredentials(path.join(dir, 'missing'))).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
