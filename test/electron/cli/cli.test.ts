import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keytarSecretStore } from '../../../electron/core/credentials/secretStore';
import { runVitrina } from '../../support/cli';
import { useTestKeychainService } from '../../support/keychain';
import { createThrowawayDatabase, testPg } from '../../support/postgres';
import { S3RVER_CREDENTIALS, startS3Server, type TestS3Server } from '../../support/s3server';
import { listFiles, makeTempDir } from '../../support/tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let service: string;
let dataDir: string;
beforeAll(() => {
  service = useTestKeychainService(); // inherited by the child processes
  tmp = makeTempDir();
  dataDir = path.join(tmp.dir, 'data');
});
afterAll(async () => {
  await runVitrina(['--data-dir', dataDir, 'credentials', 'clear']);
  tmp.remove();
});

const vitrina = (args: string[], options?: Parameters<typeof runVitrina>[1]) => runVitrina(['--data-dir', dataDir, ...args], options);
const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/vitrina-test-bus', DISPLAY: '' };

describe('vitrina config', () => {
  it('sets and gets settings (exit 0), as text and JSON', async () => {
    expect(await vitrina(['config', 'set', 's3.bucket', 'shop-photos'])).toMatchObject({ code: 0, stdout: 's3.bucket = shop-photos\n' });
    expect(await vitrina(['config', 'set', 's3.forcePathStyle', 'true'])).toMatchObject({ code: 0 });
    expect(await vitrina(['config', 'get', 's3.bucket'])).toMatchObject({ code: 0, stdout: 'shop-photos\n' });
    const all = await vitrina(['--json', 'config', 'get']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ 's3.bucket': 'shop-photos', 's3.forcePathStyle': true, 'db.port': 5432 });
    expect(await vitrina(['config', 'unset', 's3.forcePathStyle'])).toMatchObject({ code: 0, stdout: 's3.forcePathStyle = false\n' });
  });

  it('uses VITRINA_DATA_DIR when --data-dir is not given', async () => {
    const res = await runVitrina(['config', 'get', 's3.bucket'], { env: { VITRINA_DATA_DIR: dataDir } });
    expect(res).toMatchObject({ code: 0, stdout: 'shop-photos\n' });
  });

  it.each([
    [['config', 'set', 's3.bucket', 'Not_Valid'], /bucket name/],
    [['config', 'set', 'no.such.key', 'x'], /Unknown setting "no.such.key"/],
    [['config', 'set', 'db.port', 'lots'], /db.port/],
    [['frobnicate'], /unknown command/],
    [['config', 'set', 's3.bucket'], /missing required argument/],
    [['credentials', 'set', 'aws'], /--access-key-id/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const res = await vitrina(args);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });
});

describe('vitrina credentials', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';

  it('never accepts a secret from argv (exit 2), and stores nothing', async () => {
    for (const args of [
      ['credentials', 'set', 'aws', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE', '--secret-access-key', SECRET],
      ['credentials', 'set', 'aws', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE', `--secret-access-key=${SECRET}`],
      ['credentials', 'set', 'db', '--password', 'hunter22'],
    ]) {
      const res = await vitrina(args);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(/not accepted.*stdin/s);
      expect(res.stderr + res.stdout).not.toContain(SECRET);
    }
    expect(await keytarSecretStore(service).get('aws')).toBeNull();
  });

  it('reads the secret from stdin into the keychain and shows only the masked id', async () => {
    const set = await vitrina(['credentials', 'set', 'aws', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE'], { stdin: `${SECRET}\n` });
    expect(set).toMatchObject({ code: 0, stdout: expect.stringContaining('AKIA…MPLE') });
    expect(JSON.parse((await keytarSecretStore(service).get('aws'))!)).toMatchObject({ secretAccessKey: SECRET });
    const db = await vitrina(['credentials', 'set', 'db'], { stdin: 'a-db-password\n' });
    expect(db.code).toBe(0);

    const status = await vitrina(['--json', 'credentials', 'status']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      keychain: { available: true },
      aws: { configured: true, maskedAccessKeyId: 'AKIA…MPLE', hasSessionToken: false },
      db: { configured: true },
    });
    expect(status.stdout).not.toContain(SECRET);
    for (const file of listFiles(dataDir)) expect(fs.readFileSync(file).includes(SECRET)).toBe(false);
  });

  it('refuses an empty stdin with a usage error', async () => {
    const res = await vitrina(['credentials', 'set', 'db'], { stdin: '' });
    expect(res).toMatchObject({ code: 2, stderr: expect.stringContaining('No password on stdin') });
  });

  it('clears credentials', async () => {
    expect(await vitrina(['credentials', 'clear', 'aws'])).toMatchObject({ code: 0 });
    const status = JSON.parse((await vitrina(['--json', 'credentials', 'status'])).stdout);
    expect(status).toMatchObject({ aws: { configured: false }, db: { configured: true } });
  });

  it('says clearly when no keychain is available, exits 1 and does not crash', async () => {
    const status = await vitrina(['--json', 'credentials', 'status'], { env: noKeychain });
    expect(status.code).toBe(1);
    const parsed = JSON.parse(status.stdout);
    expect(parsed.keychain.available).toBe(false);
    expect(parsed.keychain.message).toMatch(/keychain is not available.*gnome-keyring/s);

    const set = await vitrina(['credentials', 'set', 'aws', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE'], { stdin: SECRET, env: noKeychain });
    expect(set.code).toBe(1);
    expect(set.stderr).toMatch(/keychain is not available/);
    expect(set.stderr).not.toContain(SECRET);
    for (const file of listFiles(dataDir)) expect(fs.readFileSync(file).includes(SECRET)).toBe(false);

    // What needs no secret keeps working.
    expect(await vitrina(['config', 'get', 's3.bucket'], { env: noKeychain })).toMatchObject({ code: 0, stdout: 'shop-photos\n' });
  });
});

describe('vitrina doctor', () => {
  let s3: TestS3Server;
  let pgDb: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  beforeAll(async () => {
    [s3, pgDb] = await Promise.all([startS3Server(['shop-photos']), createThrowawayDatabase()]);
  });
  afterAll(async () => {
    await s3.dispose();
    await pgDb.drop();
  });

  it('reports each part with ✖ and the fix when it is not set up (exit 1)', async () => {
    const res = await vitrina(['doctor']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/✔ Data folder/);
    expect(res.stdout).toMatch(/✔ Keychain/);
    expect(res.stdout).toMatch(/✖ S3 .*credentials/);
    expect(res.stdout).toMatch(/✖ PostgreSQL .*not all set/);
  });

  it('is all ✔ against a real S3-compatible server and PostgreSQL (exit 0)', async () => {
    const settings: [string, string][] = [
      ['s3.endpoint', s3.endpoint], ['s3.forcePathStyle', 'true'], ['s3.checksums', 'when-required'],
      ['db.host', testPg.host], ['db.port', String(testPg.port)], ['db.user', testPg.user], ['db.database', pgDb.name], ['db.sslmode', 'disable'],
    ];
    for (const [key, value] of settings) expect((await vitrina(['config', 'set', key, value])).code).toBe(0);
    await vitrina(['credentials', 'set', 'aws', '--access-key-id', S3RVER_CREDENTIALS.accessKeyId], { stdin: S3RVER_CREDENTIALS.secretAccessKey });
    const res = await vitrina(['--json', 'doctor']);
    expect(res.code).toBe(0);
    const checks = JSON.parse(res.stdout) as { check: string; ok: boolean }[];
    expect(checks.map((c) => [c.check, c.ok])).toEqual([
      ['Data folder', true], ['Local database', true], ['Keychain', true], ['S3', true], ['S3 permissions', true], ['PostgreSQL', true],
    ]);
  });

  it('reports a corrupt local database without touching it (exit 1)', async () => {
    const broken = path.join(tmp.dir, 'broken');
    fs.mkdirSync(broken);
    const file = path.join(broken, 'vitrina.db');
    fs.writeFileSync(file, crypto.randomBytes(4096));
    const before = fs.readFileSync(file);
    const res = await runVitrina(['--data-dir', broken, 'doctor']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/✖ Local database .*damaged/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const get = await runVitrina(['--data-dir', broken, 'config', 'get']);
    expect(get.code).toBe(1);
    expect(get.stderr).toMatch(/damaged.*left it untouched/);
  });
});
