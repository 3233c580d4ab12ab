import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../../electron/core/connections/s3Client';
import { DEMO_BUCKET, startDemoStorage, type DemoStorage } from '../../../../electron/core/demo/demoStorage';
import { defaultSettings } from '../../../../shared/settings';
import { makeTempDir } from '../../../support/tempDir';

// The demo storage answers the multipart calls the upload engine resumes and cancels with (ListParts,
// AbortMultipartUpload), checks CRC32s and completions as S3 does, and gives multipart objects S3's ETag.
// Everything goes through Vitrina's one S3 client with the settings and credentials the demo exposes.

const MiB = 1024 * 1024;
const tmp = makeTempDir('vitrina-demo-multipart-');
let storage: DemoStorage;
let client: S3Client;

const clientFor = (running: DemoStorage) => createS3Client({ ...defaultSettings, ...running.settings }, running.credentials);

beforeAll(async () => {
  storage = await startDemoStorage(tmp.dir);
  client = clientFor(storage);
});
afterAll(async () => {
  client.destroy();
  await storage.close();
  tmp.remove();
});

const md5 = (bytes: Uint8Array) => crypto.createHash('md5').update(bytes).digest();
const crc32 = (bytes: Uint8Array) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(bytes) >>> 0);
  return out.toString('base64');
};
/** S3's multipart ETag: MD5 of the binary part MD5s, "-", the part count; quoted as S3 sends it. */
const multipartEtag = (parts: Uint8Array[]) => `"${crypto.createHash('md5').update(Buffer.concat(parts.map(md5))).digest('hex')}-${parts.length}"`;

const create = async (Key: string, checksum = false) =>
  (await client.send(new CreateMultipartUploadCommand({ Bucket: DEMO_BUCKET, Key, ...(checksum ? { ChecksumAlgorithm: 'CRC32' as const } : {}) }))).UploadId!;
const uploadPart = (Key: string, UploadId: string, PartNumber: number, Body: Buffer, ChecksumCRC32?: string) =>
  client.send(new UploadPartCommand({ Bucket: DEMO_BUCKET, Key, UploadId, PartNumber, Body, ...(ChecksumCRC32 ? { ChecksumCRC32 } : {}) }));
const listParts = (Key: string, UploadId: string, extra: { MaxParts?: number; PartNumberMarker?: string } = {}) =>
  client.send(new ListPartsCommand({ Bucket: DEMO_BUCKET, Key, UploadId, ...extra }));
const complete = (Key: string, UploadId: string, Parts: { PartNumber: number; ETag: string | undefined }[]) =>
  client.send(new CompleteMultipartUploadCommand({ Bucket: DEMO_BUCKET, Key, UploadId, MultipartUpload: { Parts } }));
const uploadsDir = () => path.join(tmp.dir, 's3', DEMO_BUCKET, '._S3rver_uploads');

describe('demo storage: ListParts', () => {
  it('lists the stored parts in pages, with their ETag, size and CRC32', async () => {
    const key = 'mp/list-parts.jpg';
    const uploadId = await create(key, true);
    const bodies = [crypto.randomBytes(1000), crypto.randomBytes(2000), crypto.randomBytes(3000)];
    // Sent out of order: the list is by part number.
    for (const n of [3, 1, 2]) {
      const sent = await uploadPart(key, uploadId, n, bodies[n - 1]!, crc32(bodies[n - 1]!));
      expect(sent.ETag).toBe(`"${md5(bodies[n - 1]!).toString('hex')}"`);
      expect(sent.ChecksumCRC32).toBe(crc32(bodies[n - 1]!));
    }

    const first = await listParts(key, uploadId, { MaxParts: 2 });
    expect(first).toMatchObject({ IsTruncated: true, NextPartNumberMarker: '2', MaxParts: 2, ChecksumAlgorithm: 'CRC32', StorageClass: 'STANDARD' });
    const second = await listParts(key, uploadId, { MaxParts: 2, PartNumberMarker: first.NextPartNumberMarker });
    expect(second).toMatchObject({ IsTruncated: false, PartNumberMarker: '2', NextPartNumberMarker: '3' });

    const parts = [...first.Parts!, ...second.Parts!];
    expect(parts.map((p) => ({ n: p.PartNumber, etag: p.ETag, size: p.Size, crc: p.ChecksumCRC32 }))).toEqual(
      bodies.map((body, i) => ({ n: i + 1, etag: `"${md5(body).toString('hex')}"`, size: body.length, crc: crc32(body) })),
    );
    expect(parts.every((p) => p.LastModified instanceof Date && Math.abs(p.LastModified.getTime() - Date.now()) < 60_000)).toBe(true);
  });

  it('lists a part sent again with its new bytes, and without a checksum when it came without one', async () => {
    const key = 'mp/resent.jpg';
    const uploadId = await create(key);
    const first = crypto.randomBytes(100);
    await uploadPart(key, uploadId, 1, first, crc32(first));
    const again = crypto.randomBytes(500);
    await uploadPart(key, uploadId, 1, again);
    const { Parts } = await listParts(key, uploadId);
    expect(Parts).toHaveLength(1);
    expect(Parts![0]).toMatchObject({ PartNumber: 1, Size: 500, ETag: `"${md5(again).toString('hex')}"` });
    expect(Parts![0]!.ChecksumCRC32).toBeUndefined();
  });

  it('lists an upload with no parts yet as empty, not truncated', async () => {
    const key = 'mp/empty.jpg';
    const listed = await listParts(key, await create(key));
    expect(listed.Parts ?? []).toEqual([]);
    expect(listed.IsTruncated).toBe(false);
  });
});

describe('demo storage: AbortMultipartUpload and NoSuchUpload', () => {
  it('aborts an upload: its parts are gone from disk and every later call on it is NoSuchUpload', async () => {
    const key = 'mp/aborted.jpg';
    const uploadId = await create(key);
    await uploadPart(key, uploadId, 1, crypto.randomBytes(1000));
    expect(fs.existsSync(path.join(uploadsDir(), uploadId))).toBe(true);

    const aborted = await client.send(new AbortMultipartUploadCommand({ Bucket: DEMO_BUCKET, Key: key, UploadId: uploadId }));
    expect(aborted.$metadata.httpStatusCode).toBe(204);
    expect(fs.existsSync(path.join(uploadsDir(), uploadId))).toBe(false);

    await expect(listParts(key, uploadId)).rejects.toMatchObject({ name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });
    await expect(uploadPart(key, uploadId, 2, crypto.randomBytes(10))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(complete(key, uploadId, [{ PartNumber: 1, ETag: '"x"' }])).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(client.send(new AbortMultipartUploadCommand({ Bucket: DEMO_BUCKET, Key: key, UploadId: uploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
    // s3rver would have stored the part and recreated the folder.
    expect(fs.existsSync(path.join(uploadsDir(), uploadId))).toBe(false);
  });

  it('refuses upload ids that never existed, that belong to another key, or that are not ids at all', async () => {
    const key = 'mp/owned.jpg';
    const uploadId = await create(key);
    for (const [Key, UploadId] of [
      [key, crypto.randomBytes(16).toString('hex')],
      ['mp/other-key.jpg', uploadId],
      [key, '../../..'],
      [key, ''],
    ] as const) {
      await expect(listParts(Key, UploadId), `${Key} ${UploadId}`).rejects.toMatchObject({ name: 'NoSuchUpload' });
      await expect(uploadPart(Key, UploadId, 1, Buffer.from('part')), `${Key} ${UploadId}`).rejects.toMatchObject({ name: 'NoSuchUpload' });
    }
    expect((await listParts(key, uploadId)).Parts ?? []).toEqual([]);
  });
});

describe('demo storage: CRC32', () => {
  it('refuses a PutObject whose CRC32 does not match (BadDigest) and stores nothing', async () => {
    const body = crypto.randomBytes(2000);
    const put = client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: 'crc/bad.jpg', Body: body, ChecksumCRC32: crc32(Buffer.from('other')) }));
    await expect(put).rejects.toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new HeadObjectCommand({ Bucket: DEMO_BUCKET, Key: 'crc/bad.jpg' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('stores a PutObject whose CRC32 matches, and echoes it', async () => {
    const body = crypto.randomBytes(2000);
    const put = await client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: 'crc/good.jpg', Body: body, ChecksumCRC32: crc32(body) }));
    expect(put).toMatchObject({ ChecksumCRC32: crc32(body), ETag: `"${md5(body).toString('hex')}"` });
    expect((await client.send(new HeadObjectCommand({ Bucket: DEMO_BUCKET, Key: 'crc/good.jpg' }))).ContentLength).toBe(body.length);
  });

  it('refuses a part whose CRC32 does not match, keeping the part already stored under that number', async () => {
    const key = 'crc/part.jpg';
    const uploadId = await create(key, true);
    const good = crypto.randomBytes(4000);
    await uploadPart(key, uploadId, 1, good, crc32(good));
    await expect(uploadPart(key, uploadId, 1, crypto.randomBytes(4000), crc32(good))).rejects.toMatchObject({ name: 'BadDigest' });
    expect((await listParts(key, uploadId)).Parts).toMatchObject([{ PartNumber: 1, ETag: `"${md5(good).toString('hex')}"`, ChecksumCRC32: crc32(good) }]);
  });
});

describe('demo storage: CompleteMultipartUpload', () => {
  it('assembles the parts byte-exact, with S3’s multipart ETag in the answer, HeadObject and listings', async () => {
    const key = 'done/photo.jpg';
    const uploadId = await create(key);
    const bodies = [crypto.randomBytes(5 * MiB), crypto.randomBytes(5 * MiB), crypto.randomBytes(123_457)];
    const etags = await Promise.all(bodies.map(async (body, i) => (await uploadPart(key, uploadId, i + 1, body)).ETag));
    const done = await complete(
      key,
      uploadId,
      etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })),
    );
    expect(done.ETag).toBe(multipartEtag(bodies));

    const head = await client.send(new HeadObjectCommand({ Bucket: DEMO_BUCKET, Key: key }));
    expect(head).toMatchObject({ ETag: multipartEtag(bodies), ContentLength: bodies.reduce((sum, b) => sum + b.length, 0) });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: DEMO_BUCKET, Prefix: key }));
    expect(listed.Contents?.map((o) => o.ETag)).toEqual([multipartEtag(bodies)]);
    const got = await fetch(`${storage.settings['s3.publicBaseUrl']}/${key}`);
    expect(md5(new Uint8Array(await got.arrayBuffer()))).toEqual(md5(Buffer.concat(bodies)));
    // The upload is finished: S3 forgets it.
    await expect(listParts(key, uploadId)).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  it.each([
    ['a part that was never sent', [1, 2], [0, 0], 'InvalidPart'],
    ['an ETag that is not the part’s', [1], [1], 'InvalidPart'],
    ['parts out of order', [3, 1], [0, 0], 'InvalidPartOrder'],
  ])('refuses to complete with %s', async (_what, numbers, wrongEtag, code) => {
    const key = `done/refused-${code}-${numbers.join('')}.jpg`;
    const uploadId = await create(key);
    const sent = new Map<number, string | undefined>();
    for (const n of [1, 3]) sent.set(n, (await uploadPart(key, uploadId, n, crypto.randomBytes(n === 1 ? 5 * MiB : 1000))).ETag);
    const parts = numbers.map((n, i) => ({ PartNumber: n, ETag: wrongEtag[i] ? '"00000000000000000000000000000000"' : (sent.get(n) ?? '"ffffffffffffffffffffffffffffffff"') }));
    await expect(complete(key, uploadId, parts)).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: 400 } });
    // Nothing was assembled, and the upload can still be completed properly.
    await expect(client.send(new HeadObjectCommand({ Bucket: DEMO_BUCKET, Key: key }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await expect(complete(key, uploadId, [1, 3].map((n) => ({ PartNumber: n, ETag: sent.get(n) })))).resolves.toMatchObject({ ETag: expect.stringMatching(/-2"$/) });
  });

  it('refuses a part under 5 MiB that is not the last (EntityTooSmall)', async () => {
    const key = 'done/too-small.jpg';
    const uploadId = await create(key);
    const etags = [(await uploadPart(key, uploadId, 1, crypto.randomBytes(1000))).ETag, (await uploadPart(key, uploadId, 2, crypto.randomBytes(1000))).ETag];
    await expect(complete(key, uploadId, etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })))).rejects.toMatchObject({ name: 'EntityTooSmall' });
  });
});
