import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { AbortMultipartUploadCommand, ListPartsCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abortMultipart,
  classifyTransferError,
  isAbortError,
  uploadFile,
  type TransferOptions,
  type TransferTarget,
} from '../../../../../electron/core/uploads/transfer';
import { startMultipartS3Server } from '../../../../support/s3rverMultipart';
import type { TestS3Server } from '../../../../support/s3server';
import { makeTempDir } from '../../../../support/tempDir';
import { BUCKET, MemoryCheckpoints, MiB, makeClient, partRequests, s3Target, stagedFile, startCountingProxy, storedObject } from './transferHarness';

// 26 MiB in 5 MiB parts: parts 1–5 of 5 MiB and a 1 MiB part 6. The server lists 2 parts per ListParts page,
// so every resume below goes through ListParts pagination.
const SIZE = 26 * MiB;
const PARTS = 6;

let s3: TestS3Server;
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
let dir: ReturnType<typeof makeTempDir>;
let auto: S3Client;
let whenRequired: S3Client;

beforeAll(async () => {
  s3 = await startMultipartS3Server([BUCKET], { listPageSize: 2 });
  proxy = await startCountingProxy(s3.port);
  dir = makeTempDir('vitrina-resume-');
  auto = makeClient(proxy.endpoint, 'auto');
  whenRequired = makeClient(proxy.endpoint, 'when-required');
});
afterAll(async () => {
  auto.destroy();
  whenRequired.destroy();
  await proxy.close();
  await s3.dispose();
  dir.remove();
});

const target = (key: string): TransferTarget => ({ bucket: BUCKET, key, contentType: 'image/png', cacheControl: 'public, max-age=31536000, immutable' });
const options = (extra: Partial<TransferOptions> = {}): TransferOptions => ({
  client: auto,
  checksums: 'auto',
  multipartThreshold: 5 * MiB,
  partSize: 5 * MiB,
  partConcurrency: 1,
  ...extra,
});
const partNumbers = (requests: typeof proxy.requests) => partRequests(requests).map((r) => Number(r.url.searchParams.get('partNumber'))).sort((a, b) => a - b);
const sumBytes = (requests: typeof proxy.requests) => partRequests(requests).reduce((sum, r) => sum + r.bodyBytes, 0);

/** S3's own list of an upload's parts, read independently of the module. */
async function listedParts(key: string, uploadId: string): Promise<Array<{ number: number; size: number }>> {
  const parts: Array<{ number: number; size: number }> = [];
  let marker: string | undefined;
  for (;;) {
    const page = await auto.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumberMarker: marker }));
    parts.push(...(page.Parts ?? []).map((p) => ({ number: p.PartNumber!, size: p.Size! })));
    if (!page.IsTruncated) return parts;
    marker = page.NextPartNumberMarker;
  }
}

/**
 * S3's list once it stopped moving: a part whose body had fully left the client before the abort may still
 * be written by the server a moment later, and the resume must then see it as stored.
 */
async function settledParts(key: string, uploadId: string): Promise<Array<{ number: number; size: number }>> {
  let previous = JSON.stringify(await listedParts(key, uploadId));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const current = await listedParts(key, uploadId);
    if (JSON.stringify(current) === previous) return current;
    previous = JSON.stringify(current);
  }
}

/** Starts an upload and stops it (like pause or quit) once `afterParts` parts are recorded. */
async function interruptedUpload(name: string, afterParts: number, extra: Partial<TransferOptions> = {}) {
  const file = stagedFile(dir.dir, `${name}.png`, SIZE);
  const key = `products/${name}/${file.sha256}.png`;
  const store = new MemoryCheckpoints();
  const controller = new AbortController();
  store.onEvent = () => {
    if (store.events.filter((e) => e.call === 'partDone').length === afterParts) controller.abort();
  };
  const error = await uploadFile(file, target(key), store, options({ signal: controller.signal, ...extra })).catch((e: unknown) => e);
  expect(isAbortError(error)).toBe(true);
  expect(classifyTransferError(error, s3Target(proxy.endpoint))).toMatchObject({ aborted: true, transient: true });
  store.onEvent = () => undefined;
  return { file, key, store, uploadId: store.load()!.uploadId };
}

describe('resuming a multipart upload', () => {
  it('sends only the parts S3 does not have, and the object is byte-exact', async () => {
    const { file, key, store, uploadId } = await interruptedUpload('resume', 3);
    // The checkpoint is still valid: the upload and the three recorded parts.
    expect(store.load()).toMatchObject({ uploadId, partSize: 5 * MiB });
    expect(store.load()!.parts.map((p) => p.partNumber).sort()).toEqual([1, 2, 3]);
    const onServer = await listedParts(key, uploadId);
    expect(onServer.map((p) => p.number)).toEqual([1, 2, 3]);

    const mark = proxy.requests.length;
    const result = await uploadFile(file, target(key), store, options({ partConcurrency: 3 }));

    const seen = proxy.requests.slice(mark);
    expect(partNumbers(seen)).toEqual([4, 5, 6]);
    expect(sumBytes(seen)).toBe(SIZE - 15 * MiB);
    expect(result).toMatchObject({ resumedParts: 3, sentBytes: SIZE - 15 * MiB, bytes: SIZE });
    // ListParts was paginated (2 parts per page): the module read past the first page.
    const lists = seen.filter((r) => r.method === 'GET' && r.url.searchParams.has('uploadId'));
    expect(lists.length).toBeGreaterThanOrEqual(2);
    expect(lists[1]!.url.searchParams.get('part-number-marker')).toBe('2');
    expect(await storedObject(auto, key)).toMatchObject({ sha256: file.sha256, bytes: SIZE });
    expect(store.load()).toBeNull();
  });

  it('after an abort with parts in flight, trusts S3’s list over the checkpoint', async () => {
    const { file, key, store, uploadId } = await interruptedUpload('in-flight', 1, { partConcurrency: 3 });
    const onServer = await settledParts(key, uploadId);
    const missing = Array.from({ length: PARTS }, (_, i) => i + 1).filter((n) => !onServer.some((p) => p.number === n));
    const resumedBytes = onServer.reduce((sum, p) => sum + p.size, 0);

    const mark = proxy.requests.length;
    const result = await uploadFile(file, target(key), store, options({ partConcurrency: 3 }));

    const seen = proxy.requests.slice(mark);
    expect(partNumbers(seen)).toEqual(missing);
    expect(sumBytes(seen)).toBe(SIZE - resumedBytes);
    expect(result.resumedParts).toBe(onServer.length);
    expect(await storedObject(auto, key)).toMatchObject({ sha256: file.sha256 });
  });

  it('re-sends a part S3 lists whose bytes are not the file’s', async () => {
    const { file, key, store, uploadId } = await interruptedUpload('tampered', 2);
    // Part 1 replaced on the server by other bytes of the same size (and a matching CRC32 of those bytes).
    const other = crypto.randomBytes(5 * MiB);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(other) >>> 0);
    await auto.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 1, Body: other, ChecksumCRC32: crc.toString('base64') }));

    const mark = proxy.requests.length;
    const result = await uploadFile(file, target(key), store, options());

    expect(partNumbers(proxy.requests.slice(mark))).toEqual([1, 3, 4, 5, 6]);
    expect(result.resumedParts).toBe(1);
    expect(await storedObject(auto, key)).toMatchObject({ sha256: file.sha256 });
  });

  it('starts over when the upload vanished (aborted behind its back)', async () => {
    const { file, key, store, uploadId } = await interruptedUpload('vanished', 2);
    await auto.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));

    store.events.length = 0;
    const mark = proxy.requests.length;
    const result = await uploadFile(file, target(key), store, options({ partConcurrency: 3 }));

    expect(store.events[0]).toEqual({ call: 'clear' });
    expect(store.events[1]).toMatchObject({ call: 'begin' });
    expect(store.events[1]).not.toMatchObject({ uploadId });
    expect(partNumbers(proxy.requests.slice(mark))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result).toMatchObject({ resumedParts: 0, sentBytes: SIZE });
    expect(await storedObject(auto, key)).toMatchObject({ sha256: file.sha256 });
  });

  it('abandons an upload started with the other checksum setting and starts over', async () => {
    const { file, key, store, uploadId } = await interruptedUpload('setting-changed', 2);
    store.events.length = 0;
    const result = await uploadFile(file, target(key), store, options({ client: whenRequired, checksums: 'when-required' }));

    expect(store.events.slice(0, 2).map((e) => e.call)).toEqual(['clear', 'begin']);
    expect(result.resumedParts).toBe(0);
    await expect(auto.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    expect(await storedObject(auto, key)).toMatchObject({ sha256: file.sha256 });
  });

  it('abortMultipart removes an upload, and is idempotent', async () => {
    const { key, uploadId } = await interruptedUpload('cancelled', 1);
    await abortMultipart(auto, BUCKET, key, uploadId);
    await expect(auto.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(abortMultipart(auto, BUCKET, key, uploadId)).resolves.toBeUndefined();
  });
});
