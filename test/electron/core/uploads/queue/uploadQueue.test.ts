import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../../electron/core/createCore';
import { createS3Client } from '../../../../../electron/core/connections/s3Client';
import type { EnqueueOutcome, QueueStatus, UploadJob } from '../../../../../shared/uploads';
import { defaultSettings } from '../../../../../shared/settings';
import { makeTestCore } from '../../../../support/core';
import { startMultipartS3Server } from '../../../../support/s3rverMultipart';
import { S3RVER_CREDENTIALS, type TestS3Server } from '../../../../support/s3server';
import { makeTempDir } from '../../../../support/tempDir';
import { createRemote, eventually, seedCatalog, type RemoteFixture } from '../../catalog/sync/helpers';
import { testPg } from '../../../../support/postgres';
import { jpeg } from '../sampleImages';

/**
 * The upload queue through the contract, as the app drives it: a real core (store, keychain), a real
 * S3-compatible server (s3rver + the multipart shim) and a real PostgreSQL (throwaway database).
 */
const BUCKET = 'shop-photos';
let s3: TestS3Server;
let remote: RemoteFixture;
let core: Core;
let cleanup: () => Promise<void>;
let files: ReturnType<typeof makeTempDir>;
let admin: S3Client;
let sku: string;

const ok = async <T,>(pending: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> => {
  const result = await pending;
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
};

/** Writes `n` distinct photos (fake JPEGs of `bytes` bytes) and returns their paths. */
function photos(n: number, bytes = 50_000, prefix = 'photo'): string[] {
  return Array.from({ length: n }, (_, i) => {
    const file = path.join(files.dir, `${prefix}-${i} ${crypto.randomUUID().slice(0, 4)}.jpg`);
    fs.writeFileSync(file, jpeg(Math.floor(Math.random() * 1e9), bytes));
    return file;
  });
}

async function storedKeys(): Promise<string[]> {
  const listed = await admin.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

const status = () => ok<QueueStatus>(core.dispatch('getQueueStatus', undefined));
const jobs = () => ok<UploadJob[]>(core.dispatch('listUploads', undefined));

beforeEach(async () => {
  files = makeTempDir('vitrina-drop-');
  s3 = await startMultipartS3Server([BUCKET]);
  remote = await createRemote();
  await seedCatalog(remote.admin, { count: 2, images: 0, prefix: 'GPU' });
  sku = 'GPU-000001';
  ({ core, cleanup } = makeTestCore({ uploadTiming: { retryBaseMs: 50, retryMaxMs: 200, probeMinMs: 50, probeMaxMs: 200 } }));
  await ok(
    core.dispatch('updateSettings', {
      's3.bucket': BUCKET, 's3.endpoint': s3.endpoint, 's3.forcePathStyle': true, 's3.checksums': 'when-required', 's3.region': 'us-east-1',
      'db.host': testPg.host, 'db.port': testPg.port, 'db.user': testPg.user, 'db.database': remote.name, 'db.sslmode': 'disable',
      'uploads.multipartThresholdMiB': 5, 'uploads.partSizeMiB': 5,
    }),
  );
  await ok(core.dispatch('setAwsCredentials', S3RVER_CREDENTIALS));
  await ok(core.dispatch('syncNow', undefined));
  await eventually(async () => (await ok<unknown[]>(core.dispatch('listProducts', undefined))).length === 2);
  admin = createS3Client({ ...defaultSettings, 's3.bucket': BUCKET, 's3.endpoint': s3.endpoint, 's3.forcePathStyle': true, 's3.checksums': 'when-required' }, S3RVER_CREDENTIALS);
});
afterEach(async () => {
  await cleanup();
  admin.destroy();
  await s3.dispose();
  await remote.drop();
  files.remove();
});

describe('the upload queue', () => {
  it('uploads dropped photos byte-exact, records one catalog row each, and survives deleting the originals', async () => {
    const dropped = [...photos(3), ...photos(1, 11 * 1024 * 1024, 'big')];
    const outcomes = await ok<EnqueueOutcome[]>(core.dispatch('enqueueUploads', { sku, files: dropped }));
    expect(outcomes.map((o) => o.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
    const contents = dropped.map((f) => fs.readFileSync(f));
    for (const f of dropped) fs.rmSync(f);

    core.uploads.start();
    await core.uploads.queue.untilIdle();
    expect((await jobs()).map((j) => j.state)).toEqual(['done', 'done', 'done', 'done']);

    const keys = await storedKeys();
    expect(keys).toHaveLength(4);
    for (const content of contents) {
      const sha = crypto.createHash('sha256').update(content).digest('hex');
      const key = keys.find((k) => k.includes(sha))!;
      expect(key).toMatch(new RegExp(`^products/gpu-000001/${sha}\\.jpg$`));
      const object = await admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(Buffer.from(await object.Body!.transformToByteArray()).equals(content)).toBe(true);
      expect(object.ContentType).toBe('image/jpeg');
      expect(object.CacheControl).toBe('public, max-age=31536000, immutable');
    }
    const rows = await remote.admin.query('SELECT sha256, position, is_primary, s3_key, public_url FROM product_images ORDER BY position');
    expect(rows.rows.map((r) => r.position)).toEqual([1, 2, 3, 4]);
    expect(rows.rows.filter((r) => r.is_primary)).toHaveLength(1);
    expect(rows.rows[0].public_url).toBe(`${s3.endpoint}/${BUCKET}/${rows.rows[0].s3_key}`);
    const product = await ok<{ imageCount: number }>(core.dispatch('getProduct', { sku }));
    expect(product.imageCount).toBe(4);
    expect(fs.readdirSync(path.join(core.workspace.dir, 'staging')).filter((d) => d !== 'tmp').flatMap((d) => fs.readdirSync(path.join(core.workspace.dir, 'staging', d)))).toEqual([]);

    // The same photo again: refused as already on the product, nothing uploaded twice.
    const again = path.join(files.dir, 'again.jpg');
    fs.writeFileSync(again, contents[0]!);
    const [dup] = await ok<EnqueueOutcome[]>(core.dispatch('enqueueUploads', { sku, files: [again] }));
    expect(dup).toMatchObject({ status: 'duplicate', reason: 'already-on-product' });
  });

  it('waits while S3 is down, spending no attempts, and finishes by itself when it is back', async () => {
    await s3.stop();
    await ok(core.dispatch('enqueueUploads', { sku, files: photos(3) }));
    core.uploads.start();
    await eventually(async () => !(await status()).online);
    await eventually(async () => (await status()).waitingForConnection === 3);
    const waiting = await jobs();
    expect(waiting.every((j) => (j.state === 'waiting' || j.state === 'queued') && j.attempts === 0)).toBe(true);

    await s3.start();
    await core.uploads.queue.untilIdle();
    expect((await jobs()).map((j) => j.state)).toEqual(['done', 'done', 'done']);
    expect(await storedKeys()).toHaveLength(3);
    expect((await status()).online).toBe(true);
  });

  it('pauses the whole queue once on a wrong secret (kind auth), and drains after the fix and resume', async () => {
    await ok(core.dispatch('setAwsCredentials', { accessKeyId: 'S3RVER', secretAccessKey: 'not-the-secret' }));
    const notices: string[] = [];
    core.events.on('queueNotice', (n) => notices.push(n.kind));
    await ok(core.dispatch('enqueueUploads', { sku, files: photos(4) }));
    core.uploads.start();
    await core.uploads.queue.untilIdle();
    const paused = await status();
    expect(paused).toMatchObject({ paused: true, attention: { kind: 'auth' } });
    expect(paused.attention!.message).not.toContain('not-the-secret');
    expect((await jobs()).every((j) => j.state === 'paused' && j.attempts === 0)).toBe(true);
    expect(notices).toEqual(['attention']);

    await ok(core.dispatch('setAwsCredentials', S3RVER_CREDENTIALS));
    await ok(core.dispatch('resumeAllUploads', undefined));
    await core.uploads.queue.untilIdle();
    expect((await jobs()).map((j) => j.state)).toEqual(['done', 'done', 'done', 'done']);
    expect((await status()).attention).toBeNull();
  });

  it('keeps stored photos in `uploaded` while PostgreSQL is down, and records them when it is back', async () => {
    await ok(core.dispatch('updateSettings', { 'db.port': 1 }));
    await ok(core.dispatch('enqueueUploads', { sku, files: photos(2) }));
    core.uploads.start();
    await eventually(async () => (await jobs()).every((j) => j.state === 'uploaded' && j.failure?.kind === 'unreachable'));
    expect(await storedKeys()).toHaveLength(2);
    expect((await remote.admin.query('SELECT count(*)::int AS n FROM product_images')).rows[0]).toEqual({ n: 0 });

    await ok(core.dispatch('updateSettings', { 'db.port': testPg.port }));
    await core.uploads.queue.untilIdle();
    expect((await jobs()).map((j) => j.state)).toEqual(['done', 'done']);
    expect((await remote.admin.query('SELECT count(*)::int AS n FROM product_images')).rows[0]).toEqual({ n: 2 });
  });

  it('pauses, resumes and cancels single jobs; a cancelled job leaves nothing in the bucket', async () => {
    const outcomes = await ok<EnqueueOutcome[]>(core.dispatch('enqueueUploads', { sku, files: photos(2) }));
    const [a, b] = outcomes.map((o) => (o.status === 'queued' ? o.job.id : '')) as [string, string];
    expect(await ok<UploadJob>(core.dispatch('pauseUpload', { id: a }))).toMatchObject({ state: 'paused', pausedBy: 'user' });
    expect(await ok<UploadJob>(core.dispatch('cancelUpload', { id: b }))).toMatchObject({ state: 'cancelled' });
    core.uploads.start();
    await core.uploads.queue.untilIdle();
    expect(await storedKeys()).toEqual([]);
    const refused = await core.dispatch('retryUpload', { id: a });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringContaining('Only a failed upload can be retried') } });

    await ok(core.dispatch('resumeUpload', { id: a }));
    await core.uploads.queue.untilIdle();
    expect(await storedKeys()).toHaveLength(1);
    const stored = await jobs();
    expect(stored.find((j) => j.id === a)?.state).toBe('done');
    await expect(admin.send(new HeadObjectCommand({ Bucket: BUCKET, Key: stored.find((j) => j.id === b)!.s3Key }))).rejects.toThrow();
  });
});
