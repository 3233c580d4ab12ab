import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choosePartSize, uploadFile, type TransferTarget } from '../../../../../electron/core/uploads/transfer';
import { AppFailure } from '../../../../../electron/core/errors';
import { signPayloadUnsigned } from '../../../../../electron/core/uploads/transfer/payloadSigning';
import { startMultipartS3Server } from '../../../../support/s3rverMultipart';
import type { TestS3Server } from '../../../../support/s3server';
import { makeTempDir } from '../../../../support/tempDir';
import { BUCKET, MemoryCheckpoints, MiB, makeClient, partRequests, stagedFile, startCountingProxy, storedObject } from './transferHarness';

let s3: TestS3Server;
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
let dir: ReturnType<typeof makeTempDir>;
const clients: S3Client[] = [];

beforeAll(async () => {
  s3 = await startMultipartS3Server([BUCKET]);
  proxy = await startCountingProxy(s3.port);
  dir = makeTempDir('vitrina-transfer-');
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await proxy.close();
  await s3.dispose();
  dir.remove();
});

const client = (checksums: 'auto' | 'when-required') => {
  const made = makeClient(proxy.endpoint, checksums);
  clients.push(made);
  return made;
};
const target = (key: string): TransferTarget => ({ bucket: BUCKET, key, contentType: 'image/jpeg', cacheControl: 'public, max-age=31536000, immutable' });
const crc32Header = (file: string, start: number, end: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(zlib.crc32(fs.readFileSync(file).subarray(start, end)) >>> 0);
  return bytes.toString('base64');
};
/** The requests the server saw since `mark`. */
const since = (mark: number) => proxy.requests.slice(mark);

describe.each(['auto', 'when-required'] as const)('uploadFile with s3.checksums = %s', (checksums) => {
  it('stores a small file with one streamed, UNSIGNED-PAYLOAD PutObject, byte-exact, with its headers', async () => {
    const file = stagedFile(dir.dir, `small-${checksums}.jpg`, 3 * MiB + 17);
    const key = `products/small/${file.sha256}.jpg`;
    const mark = proxy.requests.length;
    const progress: number[] = [];

    const result = await uploadFile(file, target(key), new MemoryCheckpoints(), { client: client(checksums), checksums, onProgress: (n) => progress.push(n) });

    expect(result).toMatchObject({ bytes: file.bytes, resumedParts: 0, sentBytes: file.bytes, verifiedBy: 'md5' });
    const puts = since(mark).filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    const put = puts[0]!;
    expect(put.url.searchParams.has('partNumber')).toBe(false);
    expect(put.bodyBytes).toBe(file.bytes);
    // The payload is not hashed for the signature, and the SDK did not re-frame the body (aws-chunked).
    expect(put.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(put.headers['content-length']).toBe(String(file.bytes));
    expect(put.headers['content-encoding'] ?? '').not.toMatch(/aws-chunked/);
    expect(put.headers['x-amz-decoded-content-length']).toBeUndefined();
    // The server verifies the CRC32 (BadDigest otherwise), so a 200 proves the value and its encoding.
    expect(put.headers['x-amz-checksum-crc32']).toBe(checksums === 'auto' ? crc32Header(file.path, 0, file.bytes) : undefined);
    expect(put.status).toBe(200);

    expect(await storedObject(client(checksums), key)).toEqual({
      sha256: file.sha256,
      bytes: file.bytes,
      contentType: 'image/jpeg',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    expect(progress.at(-1)).toBe(file.bytes);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('stores a large file as a multipart upload, byte-exact, checkpointing the upload before its parts', async () => {
    const file = stagedFile(dir.dir, `large-${checksums}.jpg`, 12 * MiB + 123);
    const key = `products/large/${file.sha256}.jpg`;
    const store = new MemoryCheckpoints();
    const mark = proxy.requests.length;
    let partsSentBeforeBegin = -1;
    store.onEvent = (event) => {
      if (event.call === 'begin') partsSentBeforeBegin = partRequests(since(mark)).length;
    };

    const result = await uploadFile(file, target(key), store, {
      client: client(checksums),
      checksums,
      multipartThreshold: 5 * MiB,
      partSize: 5 * MiB,
      partConcurrency: 2,
    });

    // The storage answers S3's multipart ETag (MD5 of the part MD5s, "-N"), so the whole object is checked
    // against what was read from disk.
    expect(result).toMatchObject({ bytes: file.bytes, resumedParts: 0, sentBytes: file.bytes, verifiedBy: 'md5' });
    expect(await storedObject(client(checksums), key)).toMatchObject({ sha256: file.sha256, contentType: 'image/jpeg', cacheControl: 'public, max-age=31536000, immutable' });

    const seen = since(mark);
    const create = seen.find((r) => r.method === 'POST' && r.url.searchParams.has('uploads'))!;
    expect(create.headers['x-amz-checksum-algorithm']).toBe(checksums === 'auto' ? 'CRC32' : undefined);
    const parts = partRequests(seen);
    expect(parts.map((r) => Number(r.url.searchParams.get('partNumber'))).sort()).toEqual([1, 2, 3]);
    for (const part of parts) {
      const n = Number(part.url.searchParams.get('partNumber'));
      expect(part.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
      expect(part.headers['content-encoding'] ?? '').not.toMatch(/aws-chunked/);
      expect(part.headers['x-amz-checksum-crc32']).toBe(checksums === 'auto' ? crc32Header(file.path, (n - 1) * 5 * MiB, Math.min(n * 5 * MiB, file.bytes)) : undefined);
      expect(part.status).toBe(200);
    }
    expect(parts.reduce((sum, r) => sum + r.bodyBytes, 0)).toBe(file.bytes);

    // The UploadId was durable before any part went out; each part was recorded; complete cleared it.
    expect(partsSentBeforeBegin).toBe(0);
    expect(store.events.map((e) => e.call)).toEqual(['begin', 'partDone', 'partDone', 'partDone', 'clear']);
    const recorded = store.events.flatMap((e) => (e.call === 'partDone' ? [e.part] : []));
    expect(recorded.map((p) => p.size).sort((a, b) => a - b)).toEqual([2 * MiB + 123, 5 * MiB, 5 * MiB]);
    for (const part of recorded) {
      expect(part.etag).toMatch(/^[0-9a-f]{32}$/);
      expect(part.checksumCrc32 === null).toBe(checksums === 'when-required');
    }
    expect(store.load()).toBeNull();
  });
});

describe('uploadFile edge cases', () => {
  it('signs even an in-memory body as UNSIGNED-PAYLOAD, which the SigV4-checking server accepts', async () => {
    // File streams are never hashed by the signer anyway; a Buffer body would be (SHA-256 of every byte).
    const body = crypto.randomBytes(1000);
    const mark = proxy.requests.length;
    await client('when-required').send(signPayloadUnsigned(new PutObjectCommand({ Bucket: BUCKET, Key: 'products/buffer/unsigned.bin', Body: body })));
    await client('when-required').send(new PutObjectCommand({ Bucket: BUCKET, Key: 'products/buffer/hashed.bin', Body: body }));
    const [unsigned, hashed] = since(mark);
    expect(unsigned).toMatchObject({ status: 200, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expect(hashed).toMatchObject({ status: 200, headers: { 'x-amz-content-sha256': crypto.createHash('sha256').update(body).digest('hex') } });
  });

  it('stores an empty file', async () => {
    const file = stagedFile(dir.dir, 'empty.jpg', 0);
    const result = await uploadFile(file, target('products/empty/e.jpg'), new MemoryCheckpoints(), { client: client('auto'), checksums: 'auto' });
    expect(result).toMatchObject({ bytes: 0, verifiedBy: 'md5' });
    expect(await storedObject(client('auto'), 'products/empty/e.jpg')).toMatchObject({ bytes: 0, sha256: file.sha256 });
  });

  it('refuses a client that would add its own checksums when s3.checksums is when-required, before any request', async () => {
    const file = stagedFile(dir.dir, 'guard.jpg', 1000);
    const mark = proxy.requests.length;
    const error = await uploadFile(file, target('products/guard/g.jpg'), new MemoryCheckpoints(), { client: client('auto'), checksums: 'when-required' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppFailure);
    expect((error as AppFailure).kind).toBe('internal');
    expect(since(mark)).toHaveLength(0);
  });

  it('refuses a staged file whose size is not the recorded one', async () => {
    const file = stagedFile(dir.dir, 'changed.jpg', 1000);
    const error = await uploadFile({ path: file.path, bytes: 999 }, target('products/changed/c.jpg'), new MemoryCheckpoints(), { client: client('auto'), checksums: 'auto' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'internal', message: expect.stringMatching(/1000 bytes instead of 999/) });
  });

  it('chooses whole-MiB parts of at least 5 MiB, few enough for 10,000 parts', () => {
    expect(choosePartSize(12 * MiB, 1)).toBe(5 * MiB);
    expect(choosePartSize(1024 * MiB)).toBe(8 * MiB);
    const big = 200 * 1024 * MiB;
    const part = choosePartSize(big, 8 * MiB);
    expect(Math.ceil(big / part)).toBeLessThanOrEqual(10_000);
    expect(part % MiB).toBe(0);
  });
});
