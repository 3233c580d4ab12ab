import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCatalog } from '../../../electron/core/catalog/remote/migrate';
import { createS3Client } from '../../../electron/core/connections/s3Client';
import { databaseFile } from '../../../electron/core/paths';
import { openLocalDatabase } from '../../../electron/core/store/database';
import { SettingsTable } from '../../../electron/core/store/settings';
import { defaultSettings, type Settings } from '../../../shared/settings';
import { jpeg } from '../core/uploads/sampleImages';
import { runVitrina } from '../../support/cli';
import { useTestKeychainService } from '../../support/keychain';
import { connectTestDb, createThrowawayDatabase, testPg } from '../../support/postgres';
import { startMultipartS3Server } from '../../support/s3rverMultipart';
import { S3RVER_CREDENTIALS, type TestS3Server } from '../../support/s3server';
import { makeTempDir } from '../../support/tempDir';
import { startThrottleProxy } from '../../support/throttleProxy';

/**
 * Crash safety of the upload engine, end to end: a real `vitrina queue run` process is killed with SIGKILL
 * at random moments, over and over, while it uploads a 50-photo queue (small photos and multipart ones) to
 * a real S3-compatible server and records them in a real PostgreSQL. After a final undisturbed run, every
 * photo must be in the bucket exactly once, in the catalog exactly once, with no job lost and no unfinished
 * multipart upload left behind.
 */
const BUCKET = 'shop-photos';
const TRIALS = Number(process.env.VITRINA_CRASH_TRIALS ?? 20);
const bin = path.join(import.meta.dirname, '..', '..', '..', 'scripts', 'vitrina.mjs');

let tmp: ReturnType<typeof makeTempDir>;
let dataDir: string;
let s3: TestS3Server;
let slowLink: Awaited<ReturnType<typeof startThrottleProxy>>;
let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
let admin: pg.Client;
const expected = new Map<string, string>(); // sha256 → sku

const vitrina = (...args: string[]) => runVitrina(['--data-dir', dataDir, ...args]);

beforeAll(async () => {
  useTestKeychainService();
  tmp = makeTempDir('vitrina-crash-');
  dataDir = path.join(tmp.dir, 'data');
  s3 = await startMultipartS3Server([BUCKET]);
  // ~47 MB through an 8 MB/s uplink: about 6 s of uploading, so most of the random kills land mid-transfer.
  slowLink = await startThrottleProxy(s3.port, 8_000_000);
  db = await createThrowawayDatabase();
  admin = await connectTestDb(db.name);
  await migrateCatalog(admin, { withProducts: true });
  await admin.query(`INSERT INTO products (sku, name, brand, category, price) SELECT 'CRASH-' || g, 'Producto ' || g, 'Marca', 'Pruebas', 10 FROM generate_series(1, 5) g`);
  const store = openLocalDatabase(databaseFile(dataDir));
  new SettingsTable(store).update({
    's3.bucket': BUCKET, 's3.endpoint': slowLink.endpoint, 's3.forcePathStyle': true, 's3.checksums': 'when-required',
    'db.host': testPg.host, 'db.port': testPg.port, 'db.user': testPg.user, 'db.database': db.name, 'db.sslmode': 'disable',
    'uploads.multipartThresholdMiB': 5, 'uploads.partSizeMiB': 5, 'uploads.fileConcurrency': 2, 'uploads.partConcurrency': 1,
  });
  store.close();
  expect(await runVitrina(['--data-dir', dataDir, 'credentials', 'set', 'aws', '--access-key-id', S3RVER_CREDENTIALS.accessKeyId], { stdin: S3RVER_CREDENTIALS.secretAccessKey })).toMatchObject({ code: 0 });
  if (process.env.PGPASSWORD) expect(await runVitrina(['--data-dir', dataDir, 'credentials', 'set', 'db'], { stdin: process.env.PGPASSWORD })).toMatchObject({ code: 0 });
  expect(await vitrina('sync')).toMatchObject({ code: 0 });

  // 50 photos over 5 products: 46 of 400 kB, 4 of 7 MiB (multipart, 2 parts).
  for (let p = 1; p <= 5; p++) await addPhotos(p, 10, p <= 4);
}, 120_000);

afterAll(async () => {
  await vitrina('credentials', 'clear');
  await admin.end();
  await db.drop();
  await slowLink.close();
  await s3.dispose();
  tmp.remove();
});

let photoCount = 0;
/** Writes `n` new photos for product CRASH-`p` (the first one of 7 MiB when `big`) and queues them. */
async function addPhotos(p: number, n: number, big: boolean): Promise<void> {
  const files = Array.from({ length: n }, (_, i) => {
    const content = jpeg(++photoCount * 7919 + Math.floor(Math.random() * 1e6), big && i === 0 ? 7 * 1024 * 1024 : 400_000);
    const file = path.join(tmp.dir, `photo-${photoCount}.jpg`);
    fs.writeFileSync(file, content);
    expected.set(crypto.createHash('sha256').update(content).digest('hex'), `CRASH-${p}`);
    return file;
  });
  expect(await vitrina('images', 'add', '--sku', `CRASH-${p}`, ...files)).toMatchObject({ code: 0 });
}

/** Jobs done so far, read straight from the store (a spawn per trial would double the test's time). */
function doneJobs(): number {
  const store = openLocalDatabase(databaseFile(dataDir));
  try {
    return store.prepare(`SELECT count(*) FROM upload_jobs WHERE state = 'done'`).pluck().get() as number;
  } finally {
    store.close();
  }
}

/** Starts `vitrina queue run` and SIGKILLs it after `ms`; resolves when it is gone. */
function runAndKill(ms: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', bin, '--data-dir', dataDir, 'queue', 'run', '--until-empty'], { stdio: 'ignore', env: process.env });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

describe('vitrina queue run, killed with SIGKILL at random moments', () => {
  it(`loses and doubles nothing over ${TRIALS} crashes`, async () => {
    // A trial counts when the process was killed while work was left; when the queue drains early, ten more
    // photos (one of them multipart) are dropped, so every counted kill lands on real work.
    let crashes = 0;
    const doneAfter: number[] = [];
    for (let run = 0; crashes < TRIALS && run < TRIALS * 3; run++) {
      if (doneJobs() === expected.size) await addPhotos(1 + (run % 5), 10, true);
      const { killed } = await runAndKill(400 + Math.floor(Math.random() * 2_400));
      if (killed) crashes++;
      doneAfter.push(doneJobs());
    }
    console.log(`jobs done after each run (${crashes} SIGKILLs mid-work, ${expected.size} photos): ${doneAfter.join(' ')}`);
    expect(crashes).toBe(TRIALS);

    const final = await vitrina('--json', 'queue', 'run', '--until-empty');
    expect(final.code).toBe(0);
    const status = await vitrina('--json', 'queue', 'status');
    const { status: queue, jobs } = JSON.parse(status.stdout) as { status: { counts: Record<string, number> }; jobs: unknown[] };
    expect(queue.counts).toMatchObject({ done: expected.size, queued: 0, uploading: 0, uploaded: 0, recorded: 0, waiting: 0, failed: 0, cancelled: 0 });
    expect(jobs).toEqual([]);

    const client = createS3Client({ ...defaultSettings, 's3.bucket': BUCKET, 's3.endpoint': s3.endpoint, 's3.forcePathStyle': true, 's3.checksums': 'when-required' } as Settings, { ...S3RVER_CREDENTIALS });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'products/' }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys).toHaveLength(expected.size);
    expect(new Set(keys.map((k) => /([0-9a-f]{64})\.jpg$/.exec(k)![1])).size).toBe(expected.size);
    for (const key of keys) expect(expected.has(/([0-9a-f]{64})\.jpg$/.exec(key)![1]!)).toBe(true);
    const unfinished = await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect(unfinished.Uploads ?? []).toEqual([]);
    client.destroy();

    const rows = (await admin.query<{ sku: string; sha256: string; position: number; is_primary: boolean }>(
      'SELECT p.sku, i.sha256, i.position, i.is_primary FROM product_images i JOIN products p ON p.id = i.product_id ORDER BY p.sku, i.position',
    )).rows;
    expect(rows).toHaveLength(expected.size);
    for (const row of rows) expect(expected.get(row.sha256)).toBe(row.sku);
    for (let p = 1; p <= 5; p++) {
      const mine = rows.filter((r) => r.sku === `CRASH-${p}`);
      expect(mine.map((r) => r.position)).toEqual(mine.map((_, i) => i + 1));
      expect(mine.filter((r) => r.is_primary)).toHaveLength(1);
    }
  }, 300_000);
});
