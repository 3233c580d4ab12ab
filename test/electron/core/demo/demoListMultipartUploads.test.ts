import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  type ListMultipartUploadsCommandInput,
  type MultipartUpload,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../../electron/core/connections/s3Client';
import { DEMO_BUCKET, startDemoStorage, type DemoStorage } from '../../../../electron/core/demo/demoStorage';
import { defaultSettings } from '../../../../shared/settings';
import { makeTempDir } from '../../../support/tempDir';

// ListMultipartUploads, which `vitrina reconcile` uses to find unfinished uploads and s3rver lacks, answered
// by the demo storage through Vitrina's S3 client.

const tmp = makeTempDir('vitrina-demo-list-uploads-');
let storage: DemoStorage;
let client: S3Client;
let startedAt: number;
/** Upload ids by key, in creation order. */
const created = new Map<string, string[]>();

const create = async (Key: string, ChecksumAlgorithm?: 'CRC32') => {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: DEMO_BUCKET, Key, ChecksumAlgorithm }));
  created.set(Key, [...(created.get(Key) ?? []), UploadId!]);
  // Initiation times a few milliseconds apart, so that their order is the creation order.
  await new Promise((resolve) => setTimeout(resolve, 15));
  return UploadId!;
};
const list = (input: Omit<ListMultipartUploadsCommandInput, 'Bucket'>) => client.send(new ListMultipartUploadsCommand({ Bucket: DEMO_BUCKET, ...input }));
const ids = (uploads: MultipartUpload[] | undefined) => (uploads ?? []).map((u) => `${u.Key} ${u.UploadId}`);
const expected = (...keys: string[]) => keys.flatMap((key) => created.get(key)!.map((id) => `${key} ${id}`));

// In S3's order: by key as UTF-8 bytes (U+FF5E sorts before U+1F600 in UTF-8, after it in UTF-16), then by initiation.
const KEYS = ['lmu/a.jpg', 'lmu/b/c.jpg', 'lmu/d.jpg', 'lmu/é.jpg', 'lmu/～.jpg', 'lmu/😀.jpg'];

beforeAll(async () => {
  storage = await startDemoStorage(tmp.dir);
  client = createS3Client({ ...defaultSettings, ...storage.settings }, storage.credentials);
  startedAt = Date.now();
  // Created out of key order; two uploads of the same key.
  await create('lmu/😀.jpg');
  await create('lmu/d.jpg', 'CRC32');
  await create('lmu/a.jpg');
  await create('lmu/é.jpg');
  await create('other/x.jpg');
  await create('lmu/b/c.jpg');
  await create('lmu/～.jpg');
  await create('lmu/a.jpg');
});
afterAll(async () => {
  client.destroy();
  await storage.close();
  tmp.remove();
});

describe('demo storage: ListMultipartUploads', () => {
  it('lists the unfinished uploads under a prefix, by key then initiation, with their details', async () => {
    const listed = await list({ Prefix: 'lmu/' });
    expect(ids(listed.Uploads)).toEqual(expected(...KEYS));
    expect(listed).toMatchObject({ IsTruncated: false, Prefix: 'lmu/', MaxUploads: 1000 });
    const now = Date.now();
    for (const upload of listed.Uploads!) {
      expect(upload.Initiated!.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(upload.Initiated!.getTime()).toBeLessThanOrEqual(now + 1000);
      expect(upload).toMatchObject({ StorageClass: 'STANDARD', Owner: { ID: '123456789000' }, Initiator: { ID: '123456789000' } });
    }
    expect(listed.Uploads!.find((u) => u.Key === 'lmu/d.jpg')!.ChecksumAlgorithm).toBe('CRC32');
    expect(listed.Uploads!.find((u) => u.Key === 'lmu/b/c.jpg')!.ChecksumAlgorithm).toBeUndefined();
    expect(ids((await list({ Prefix: 'other/' })).Uploads)).toEqual(expected('other/x.jpg'));
    expect(ids((await list({})).Uploads)).toEqual(expected(...KEYS, 'other/x.jpg'));
  });

  it('pages with key-marker and upload-id-marker, even between two uploads of one key', async () => {
    const pages: string[][] = [];
    const truncated: boolean[] = [];
    let markers: Pick<ListMultipartUploadsCommandInput, 'KeyMarker' | 'UploadIdMarker'> = {};
    for (;;) {
      const page = await list({ Prefix: 'lmu/', MaxUploads: 1, ...markers });
      pages.push(ids(page.Uploads));
      truncated.push(page.IsTruncated!);
      if (!page.IsTruncated) break;
      expect(page).toMatchObject({ NextKeyMarker: page.Uploads!.at(-1)!.Key, NextUploadIdMarker: page.Uploads!.at(-1)!.UploadId });
      markers = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
    }
    expect(pages.flat()).toEqual(expected(...KEYS));
    expect(pages.every((page) => page.length === 1)).toBe(true);
    expect(truncated).toEqual([...Array<boolean>(pages.length - 1).fill(true), false]);

    const twoPerPage = await list({ Prefix: 'lmu/', MaxUploads: 2 });
    expect(ids(twoPerPage.Uploads)).toEqual(expected('lmu/a.jpg'));
    expect(twoPerPage.IsTruncated).toBe(true);
  });

  it('with a key-marker alone, starts after every upload of that key', async () => {
    const listed = await list({ Prefix: 'lmu/', KeyMarker: 'lmu/a.jpg' });
    expect(ids(listed.Uploads)).toEqual(expected(...KEYS.slice(1)));
    expect(listed.KeyMarker).toBe('lmu/a.jpg');
  });

  it('no longer lists an aborted upload', async () => {
    const key = 'lmu/gone.jpg';
    const uploadId = await create(key);
    expect(ids((await list({ Prefix: key })).Uploads)).toEqual([`${key} ${uploadId}`]);
    await client.send(new AbortMultipartUploadCommand({ Bucket: DEMO_BUCKET, Key: key, UploadId: uploadId }));
    expect((await list({ Prefix: key })).Uploads ?? []).toEqual([]);
  });

  it('refuses a delimiter (not implemented) rather than ignoring it, and a max-uploads that is not a number', async () => {
    await expect(list({ Prefix: 'lmu/', Delimiter: '/' })).rejects.toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    const response = await fetch(`${storage.endpoint}/${DEMO_BUCKET}?uploads&max-uploads=lots`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>InvalidArgument</Code>');
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    await expect(client.send(new ListMultipartUploadsCommand({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});
