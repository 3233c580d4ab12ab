import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/createCore';
import { keytarSecretStore } from '../../../../electron/core/credentials/secretStore';
import { makeTestCore } from '../../../support/core';
import { listFiles } from '../../../support/tempDir';

// Realistic-looking but fake values; what matters is that their bytes never leave the keychain.
const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLEsessionTOKEN0123456789abcdef';
const DB_PASSWORD = 'correct-horse-battery-staple-42';

let core: Core;
let dataDir: string;
let cleanup: () => Promise<void>;
beforeAll(() => {
  ({ core, dataDir, cleanup } = makeTestCore());
});
afterAll(() => cleanup());

describe('credentials in the real keychain', () => {
  it('reports nothing configured at first', async () => {
    expect(await core.dispatch('getCredentialStatus', undefined)).toEqual({
      ok: true,
      value: {
        keychain: { available: true },
        aws: { configured: false, maskedAccessKeyId: null, hasSessionToken: false },
        db: { configured: false },
      },
    });
  });

  it('stores AWS credentials write-only: status shows only the masked key id', async () => {
    const events: unknown[] = [];
    core.events.on('credentialsChanged', (s) => events.push(s));
    const result = await core.dispatch('setAwsCredentials', { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION_TOKEN });
    expect(result).toEqual({
      ok: true,
      value: {
        keychain: { available: true },
        aws: { configured: true, maskedAccessKeyId: 'AKIA…MPLE', hasSessionToken: true },
        db: { configured: false },
      },
    });
    expect(events).toHaveLength(1);
    // It really is in the OS keychain under the test service name.
    const stored = await keytarSecretStore(process.env.VITRINA_KEYCHAIN_SERVICE!).get('aws');
    expect(JSON.parse(stored!)).toEqual({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION_TOKEN });
  });

  it('stores the PostgreSQL password', async () => {
    const result = await core.dispatch('setDbPassword', { password: DB_PASSWORD });
    expect(result).toMatchObject({ ok: true, value: { db: { configured: true } } });
  });

  it('never writes a secret to the data folder (SQLite, WAL, logs) nor returns one over the contract', async () => {
    // Exercise every path that touches secrets, including failures that might echo them.
    await core.dispatch('updateSettings', { 's3.bucket': 'shop-photos', 's3.endpoint': 'http://127.0.0.1:1', 'db.host': '127.0.0.1', 'db.port': 1, 'db.database': 'x', 'db.user': 'x' });
    const results = [
      await core.dispatch('getCredentialStatus', undefined),
      await core.dispatch('testS3Connection', undefined),
      await core.dispatch('testDbConnection', undefined),
      await core.dispatch('setAwsCredentials', { accessKeyId: ACCESS_KEY_ID, secretAccessKey: `${SECRET}\n` }),
      await core.dispatch('getSettings', undefined),
      await core.dispatch('getAppInfo', undefined),
    ];
    core.logger.log('info', 'test-probe', { note: `the secret was ${SECRET}` }); // the logger redacts known secrets
    const everything = JSON.stringify(results);
    for (const secret of [SECRET, SESSION_TOKEN, DB_PASSWORD]) {
      expect(everything).not.toContain(secret);
      for (const file of listFiles(dataDir)) {
        expect(fs.readFileSync(file).includes(Buffer.from(secret)), `${secret.slice(0, 4)}… found in ${file}`).toBe(false);
      }
    }
    expect(fs.readFileSync(core.logger.file, 'utf8')).toContain('[redacted]');
  });

  it('clears credentials', async () => {
    const cleared = await core.dispatch('clearCredentials', { which: 'aws' });
    expect(cleared).toMatchObject({ ok: true, value: { aws: { configured: false }, db: { configured: true } } });
    const all = await core.dispatch('clearCredentials', { which: 'all' });
    expect(all).toMatchObject({ ok: true, value: { aws: { configured: false }, db: { configured: false } } });
    expect(await keytarSecretStore(process.env.VITRINA_KEYCHAIN_SERVICE!).get('db-password')).toBeNull();
  });
});
