import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ListMultipartUploadsCommand, ListPartsCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../../electron/core/connections/s3Client';
import { checkS3Permissions } from '../../../../electron/core/connections/s3Permissions';
import { DEMO_BUCKET, startDemoStorage, type DemoStorage } from '../../../../electron/core/demo/demoStorage';
import {
  abortMultipart,
  isAbortError,
  uploadFile,
  type CompletedPart,
  type MultipartCheckpoint,
  type TransferCheckpointStore,
  type TransferTarget,
} from '../../../../electron/core/uploads/transfer';
import { defaultSettings } from '../../../../shared/settings';
import { makeTempDir } from '../../../support/tempDir';

// The demo workspace's storage with the real upload engine and `vitrina doctor`'s probes: a large upload
// interrupted, the storage restarted (as when Vitrina quits), the upload resumed from ListParts and verified
// with S3's multipart ETag; cancel; reconcile's listing.

const MiB = 1024 * 1024;
const tmp = makeTempDir('vitrina-demo-engine-');
const open: { storage: DemoStorage; client: S3Client }[] = [];

/** The demo storage and a client as the queue builds it: the demo's settings and credentials, one attempt. */
async function start() {
  const storage = await startDemoStorage(tmp.dir);
  const client = createS3Client({ ...defaultSettings, ...storage.settings }, storage.credentials, { maxAttempts: 1 });
  open.push({ storage, client });
  return { storage, client };
}
afterEach(async () => {
  for (const { storage, client } of open.splice(0)) {
    client.destroy();
    await storage.close();
  }
});
afterAll(() => tmp.remove());

/** The checkpoint port in memory (the queue's is SQLite). */
class Checkpoints implements TransferCheckpointStore {
  checkpoint: MultipartCheckpoint | null = null;
  onPart: (parts: number) => void = () => undefined;
  load = () => this.checkpoint && { ...this.checkpoint, parts: [...this.checkpoint.parts] };
  begin = (uploadId: string, partSize: number) => void (this.checkpoint = { uploadId, partSize, parts: [] });
  partDone = (part: CompletedPart) => {
    this.checkpoint!.parts = [...this.checkpoint!.parts.filter((p) => p.partNumber !== part.partNumber), part];
    this.onPart(this.checkpoint!.parts.length);
  };
  clear = () => void (this.checkpoint = null);
}

function stagedFile(name: string, bytes: number) {
  const file = path.join(tmp.dir, name);
  const data = crypto.randomBytes(bytes);
  fs.writeFileSync(file, data);
  return { path: file, bytes, sha256: crypto.createHash('sha256').update(data).digest('hex') };
}
const target = (key: string): TransferTarget => ({ bucket: DEMO_BUCKET, key, contentType: 'image/jpeg', cacheControl: 'public, max-age=31536000, immutable' });
const options = (client: S3Client, signal?: AbortSignal) => ({ client, checksums: 'when-required' as const, multipartThreshold: 5 * MiB, partSize: 5 * MiB, partConcurrency: 1, signal });

/** Starts a 3-part upload and stops it (pause, quit) once two parts are stored. */
async function interrupted(client: S3Client, name: string) {
  const file = stagedFile(`${name}.jpg`, 12 * MiB + 321);
  const key = `products/${name}/${file.sha256}.jpg`;
  const checkpoints = new Checkpoints();
  const controller = new AbortController();
  checkpoints.onPart = (parts) => parts === 2 && controller.abort();
  const error = await uploadFile(file, target(key), checkpoints, options(client, controller.signal)).catch((e: unknown) => e);
  expect(isAbortError(error)).toBe(true);
  checkpoints.onPart = () => undefined;
  return { file, key, checkpoints, uploadId: checkpoints.load()!.uploadId };
}

describe('the upload engine on the demo storage', () => {
  it('resumes a large upload after the storage restarts, sending only the missing part, and verifies it by its multipart ETag', async () => {
    const first = await start();
    const { file, key, checkpoints, uploadId } = await interrupted(first.client, 'resumed');
    // What `vitrina reconcile` sees meanwhile.
    const unfinished = await first.client.send(new ListMultipartUploadsCommand({ Bucket: DEMO_BUCKET, Prefix: 'products/resumed/' }));
    expect(unfinished.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([[key, uploadId]]);
    first.client.destroy();
    await first.storage.close();

    const second = await start();
    const result = await uploadFile(file, target(key), checkpoints, options(second.client));
    expect(result).toMatchObject({ bytes: file.bytes, resumedParts: 2, sentBytes: 2 * MiB + 321, verifiedBy: 'md5' });
    expect(result.etag).toMatch(/^[0-9a-f]{32}-3$/);
    const got = await fetch(`${second.storage.settings['s3.publicBaseUrl']}/${key}`);
    expect(crypto.createHash('sha256').update(new Uint8Array(await got.arrayBuffer())).digest('hex')).toBe(file.sha256);
    expect((await second.client.send(new ListMultipartUploadsCommand({ Bucket: DEMO_BUCKET, Prefix: 'products/resumed/' }))).Uploads ?? []).toEqual([]);
  });

  it('cancels an interrupted upload with AbortMultipartUpload, idempotently', async () => {
    const { client } = await start();
    const { key, uploadId } = await interrupted(client, 'cancelled');
    await abortMultipart(client, DEMO_BUCKET, key, uploadId);
    await expect(client.send(new ListPartsCommand({ Bucket: DEMO_BUCKET, Key: key, UploadId: uploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(abortMultipart(client, DEMO_BUCKET, key, uploadId)).resolves.toBeUndefined();
  });
});

describe('vitrina doctor on the demo storage', () => {
  it('finds every permission it probes, multipart ones included', async () => {
    const { client } = await start();
    const checks = await checkS3Permissions(client, DEMO_BUCKET, 'products/');
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.permission)).toEqual(expect.arrayContaining(['s3:ListBucketMultipartUploads', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload']));
  });
});
