import fs from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateCatalog } from '../../../electron/core/catalog/remote/migrate';
import { createS3Client } from '../../../electron/core/connections/s3Client';
import { databaseFile } from '../../../electron/core/paths';
import { openLocalDatabase } from '../../../electron/core/store/database';
import { SettingsTable } from '../../../electron/core/store/settings';
import { defaultSettings } from '../../../shared/settings';
import { jpeg, pdf } from '../core/uploads/sampleImages';
import { runVitrina } from '../../support/cli';
import { useTestKeychainService } from '../../support/keychain';
import { connectTestDb, createThrowawayDatabase, testPg } from '../../support/postgres';
import { startMultipartS3Server } from '../../support/s3rverMultipart';
import { S3RVER_CREDENTIALS, type TestS3Server } from '../../support/s3server';
import { makeTempDir } from '../../support/tempDir';

const BUCKET = 'shop-photos';
let tmp: ReturnType<typeof makeTempDir>;
let dataDir: string;
let s3: TestS3Server;
let db: Awaited<ReturnType<typeof createThrowawayDatabase>>;
let admin: pg.Client;
let bucket: S3Client;

const vitrina = (...args: string[]) => runVitrina(['--data-dir', dataDir, ...args]);
const file = (name: string, content: Buffer) => {
  const target = path.join(tmp.dir, name);
  fs.writeFileSync(target, content);
  return target;
};

beforeAll(async () => {
  useTestKeychainService();
  tmp = makeTempDir('vitrina-cli-uploads-');
  dataDir = path.join(tmp.dir, 'data');
  s3 = await startMultipartS3Server([BUCKET]);
  db = await createThrowawayDatabase();
  admin = await connectTestDb(db.name);
  await migrateCatalog(admin, { withProducts: true });
  await admin.query(`INSERT INTO products (sku, name, brand, category, price) VALUES ('SSD-SAM-990-2T', 'Samsung 990 PRO 2 TB', 'Samsung', 'Almacenamiento', 189.9)`);
  const store = openLocalDatabase(databaseFile(dataDir));
  new SettingsTable(store).update({
    's3.bucket': BUCKET, 's3.endpoint': s3.endpoint, 's3.forcePathStyle': true, 's3.checksums': 'when-required',
    'db.host': testPg.host, 'db.port': testPg.port, 'db.user': testPg.user, 'db.database': db.name, 'db.sslmode': 'disable',
  });
  store.close();
  expect(await runVitrina(['--data-dir', dataDir, 'credentials', 'set', 'aws', '--access-key-id', 'S3RVER'], { stdin: S3RVER_CREDENTIALS.secretAccessKey })).toMatchObject({ code: 0 });
  if (process.env.PGPASSWORD) expect(await runVitrina(['--data-dir', dataDir, 'credentials', 'set', 'db'], { stdin: process.env.PGPASSWORD })).toMatchObject({ code: 0 });
  expect(await vitrina('sync')).toMatchObject({ code: 0 });
  bucket = createS3Client({ ...defaultSettings, 's3.bucket': BUCKET, 's3.endpoint': s3.endpoint, 's3.forcePathStyle': true, 's3.checksums': 'when-required' }, { ...S3RVER_CREDENTIALS });
}, 60_000);

afterAll(async () => {
  bucket.destroy();
  await vitrina('credentials', 'clear');
  await admin.end();
  await db.drop();
  await s3.dispose();
  tmp.remove();
});

describe('vitrina images and queue', () => {
  it('queues photos with one line each: queued, duplicate, refused (exit 1 when any is refused)', async () => {
    const front = file('front.jpg', jpeg(1, 40_000));
    const res = await vitrina('images', 'add', '--sku', 'ssd-sam-990-2t', front, front, file('manual.jpg', pdf()));
    expect(res.code).toBe(1);
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^✔ front\.jpg: queued \([0-9a-f-]{36}\)$/);
    expect(lines[1]).toMatch(/^! front\.jpg: .*already/);
    expect(lines[2]).toMatch(/^✖ manual\.jpg: .*PDF/);
    const status = JSON.parse((await vitrina('--json', 'queue', 'status')).stdout);
    expect(status.status.counts.queued).toBe(1);
    expect(status.jobs).toHaveLength(1);
  });

  it('uploads with `queue run --until-empty` (exit 0), one plain progress line per change on stderr', async () => {
    const res = await vitrina('queue', 'run', '--until-empty');
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/^uploading +SSD-SAM-990-2T front\.jpg$/m);
    expect(res.stderr).toMatch(/^done +SSD-SAM-990-2T front\.jpg$/m);
    const listed = JSON.parse((await vitrina('--json', 'images', 'list', '--sku', 'SSD-SAM-990-2T')).stdout);
    expect(listed.images).toHaveLength(1);
    expect(listed.images[0]).toMatchObject({ position: 1, isPrimary: true, contentType: 'image/jpeg' });
    expect(listed.uploads).toEqual([]);
    await bucket.send(new HeadObjectCommand({ Bucket: BUCKET, Key: listed.images[0].s3Key }));
  });

  it('pauses and resumes the whole queue, and says so in the exit code', async () => {
    expect(await vitrina('queue', 'pause')).toMatchObject({ code: 0 });
    await vitrina('images', 'add', '--sku', 'SSD-SAM-990-2T', file('back.jpg', jpeg(2, 40_000)));
    const paused = await vitrina('queue', 'run', '--until-empty');
    expect(paused.code).toBe(1);
    expect(paused.stdout).toMatch(/^paused · online · .*1 paused/m);
    expect(await vitrina('queue', 'resume')).toMatchObject({ code: 0 });
    expect(await vitrina('queue', 'run', '--until-empty')).toMatchObject({ code: 0 });
  });

  it('cancels and retries by id; a malformed id is a usage error', async () => {
    expect(await vitrina('queue', 'cancel', 'nope')).toMatchObject({ code: 2 });
    const [line] = (await vitrina('images', 'add', '--sku', 'SSD-SAM-990-2T', file('side.jpg', jpeg(3, 40_000)))).stdout.split('\n');
    const id = /\(([0-9a-f-]{36})\)/.exec(line!)![1]!;
    expect(await vitrina('queue', 'retry', id)).toMatchObject({ code: 2, stderr: expect.stringContaining('Only a failed upload can be retried') });
    expect(await vitrina('queue', 'cancel', id)).toMatchObject({ code: 0, stdout: expect.stringContaining('side.jpg (SSD-SAM-990-2T): cancelled') });
  });
});

describe('vitrina reconcile', () => {
  it('finds objects no photo uses (dry run, then --apply) and photos whose object is missing', async () => {
    await bucket.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'products/ssd-sam-990-2t/stray.jpg', Body: jpeg(9, 1000) }));
    const dry = await vitrina('--json', 'reconcile', '--older-than', '0');
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report).toMatchObject({ prefix: 'products/', applied: false, missingObjects: [], staleUploads: [] });
    expect(report.orphanObjects.map((o: { key: string }) => o.key)).toEqual(['products/ssd-sam-990-2t/stray.jpg']);

    const applied = await vitrina('reconcile', '--older-than', '0', '--apply');
    expect(applied.stdout).toMatch(/1 object\(s\) no photo uses — deleted:/);
    await expect(bucket.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'products/ssd-sam-990-2t/stray.jpg' }))).rejects.toThrow();

    const photo = JSON.parse((await vitrina('--json', 'images', 'list', '--sku', 'SSD-SAM-990-2T')).stdout).images[0];
    await bucket.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: photo.s3Key }));
    const missing = await vitrina('reconcile');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`SSD-SAM-990-2T: ${photo.s3Key}`);
  });
});
