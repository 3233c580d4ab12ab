import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../../../electron/core/connections/s3Client';
import { testS3Connection } from '../../../../electron/core/connections/testS3';
import { DEMO_BUCKET, startDemoStorage, type DemoStorage } from '../../../../electron/core/demo/demoStorage';
import { defaultSettings, type Settings } from '../../../../shared/settings';
import { makeTempDir } from '../../../support/tempDir';

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const portOf = (storage: DemoStorage) => Number(new URL(storage.endpoint).port);
/** The settings the demo workspace runs with: the shop's (here the defaults) with the demo's S3 settings on top. */
const demoSettings = (storage: DemoStorage): Settings => ({ ...defaultSettings, ...storage.settings });
const clientFor = (storage: DemoStorage) => createS3Client(demoSettings(storage), storage.credentials);

const tmp = makeTempDir('vitrina-demo-storage-');
let storage: DemoStorage;
let client: S3Client;

beforeAll(async () => {
  storage = await startDemoStorage(tmp.dir);
  client = clientFor(storage);
});
afterAll(async () => {
  client.destroy();
  await storage.close();
  tmp.remove();
});

describe('demo storage is S3-compatible through our S3 code path', () => {
  it('serves one bucket on 127.0.0.1 with settings that need no other configuration', () => {
    expect(storage.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(storage.bucket).toBe(DEMO_BUCKET);
    expect(storage.settings).toEqual({
      's3.endpoint': storage.endpoint,
      's3.bucket': 'vitrina-demo',
      's3.region': 'us-east-1',
      's3.forcePathStyle': true,
      's3.checksums': 'when-required',
      's3.publicBaseUrl': `${storage.endpoint}/vitrina-demo`,
    });
    expect(fs.existsSync(path.join(tmp.dir, 's3', DEMO_BUCKET))).toBe(true);
  });

  it('passes Test connection (HeadBucket) with the demo credentials', async () => {
    const result = await testS3Connection(demoSettings(storage), async () => storage.credentials);
    expect(result.target).toContain('vitrina-demo');
  });

  it('keeps the bytes of a PutObject exact through HeadObject and GetObject', async () => {
    const photo = crypto.randomBytes(300_000);
    await client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: 'products/1/front.jpg', Body: photo, ContentType: 'image/jpeg' }));
    const head = await client.send(new HeadObjectCommand({ Bucket: DEMO_BUCKET, Key: 'products/1/front.jpg' }));
    expect(head.ContentLength).toBe(photo.length);
    expect(head.ContentType).toBe('image/jpeg');
    const got = await client.send(new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: 'products/1/front.jpg' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(photo));
  });

  it('keeps the bytes of a photo streamed from disk exact (with `auto` checksums s3rver would store aws-chunked framing)', async () => {
    const photo = crypto.randomBytes(200_000);
    const file = path.join(tmp.dir, 'photo.jpg');
    fs.writeFileSync(file, photo);
    const Body = fs.createReadStream(file);
    await client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: 'products/1/side.jpg', Body, ContentLength: photo.length }));
    const head = await client.send(new HeadObjectCommand({ Bucket: DEMO_BUCKET, Key: 'products/1/side.jpg' }));
    expect(head.ContentLength).toBe(photo.length);
    const got = await client.send(new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: 'products/1/side.jpg' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(photo));
  });

  it('keeps the bytes of a multipart upload (lib-storage) exact', async () => {
    const photo = crypto.randomBytes(5 * 1024 * 1024 + 123_457);
    await new Upload({ client, params: { Bucket: DEMO_BUCKET, Key: 'products/2/big.jpg', Body: photo }, partSize: 5 * 1024 * 1024 }).done();
    const got = await client.send(new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: 'products/2/big.jpg' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(photo));
  });

  it('shows photos at their public URL without signing, as a public bucket does', async () => {
    const photo = crypto.randomBytes(1000);
    await client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: 'products/3/públic ñ.jpg', Body: photo }));
    const response = await fetch(`${storage.settings['s3.publicBaseUrl']}/products/3/${encodeURIComponent('públic ñ.jpg')}`);
    expect(response.status).toBe(200);
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(photo));
  });

  it('pages ListObjectsV2 with continuation tokens (s3rver would answer 500 without the legacy OpenSSL provider)', async () => {
    const keys = ['list/a.jpg', 'list/b.jpg', 'list/c.jpg', 'list/d ñ.jpg', 'list/e.jpg'];
    for (const key of keys) await client.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: key, Body: key }));
    const pages = [];
    for await (const page of paginateListObjectsV2({ client }, { Bucket: DEMO_BUCKET, Prefix: 'list/', MaxKeys: 2 })) pages.push(page);
    expect(pages.map((page) => page.KeyCount)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => page.Contents ?? []).map((object) => object.Key)).toEqual(keys);
    expect(pages[0]!.Contents![0]!.Owner).toBeUndefined();
    const last = pages.at(-1)!;
    expect(last.IsTruncated).toBe(false);
    expect(last.NextContinuationToken).toBeUndefined();
  });

  it('still lists with StartAfter and delimiters', async () => {
    const pages = [];
    for await (const page of paginateListObjectsV2({ client }, { Bucket: DEMO_BUCKET, StartAfter: 'list/c.jpg', Prefix: 'list/' })) pages.push(page);
    expect(pages.flatMap((page) => page.Contents ?? []).map((object) => object.Key)).toEqual(['list/d ñ.jpg', 'list/e.jpg']);
    const top = await client.send(new ListObjectsV2Command({ Bucket: DEMO_BUCKET, Delimiter: '/' }));
    // Only `list/`: s3rver 3.7 omits prefixes whose objects all sit one level deeper (`products/1/…`).
    expect(top.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['list/']);
  });
});

describe('demo storage stays on this computer', () => {
  it('listens on 127.0.0.1 only', async () => {
    const port = portOf(storage);
    // This machine's other IPv4 addresses (link-local IPv6 ones would need a scope id), and IPv6 loopback.
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((info) => info !== undefined && !info.internal && info.family === 'IPv4')
      .map((info) => info!.address);
    for (const address of ['::1', ...others]) await expect(connect(address, port), address).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|EHOSTUNREACH/) });
    await expect(connect('127.0.0.1', port)).resolves.toBeUndefined();
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: portOf(storage), path: `/${DEMO_BUCKET}/products/1/front.jpg`, headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        }).on('error', reject);
      });
    expect(await status(`attacker.example:${portOf(storage)}`)).toBe(403);
    expect(await status(`localhost:${portOf(storage)}`)).toBe(200);
  });
});

describe('demo storage across restarts', () => {
  const dir = makeTempDir('vitrina-demo-restart-');
  const open: DemoStorage[] = [];
  const start = async () => {
    const started = await startDemoStorage(dir.dir);
    open.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(() => dir.remove());

  it('keeps its objects and, when it is free, its port', async () => {
    const first = await start();
    const firstClient = clientFor(first);
    await firstClient.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: 'kept.jpg', Body: 'still here' }));
    firstClient.destroy();
    await first.close();
    await first.close(); // twice is harmless

    const second = await start();
    expect(second.endpoint).toBe(first.endpoint);
    const secondClient = clientFor(second);
    const got = await secondClient.send(new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: 'kept.jpg' }));
    expect(await got.Body!.transformToString()).toBe('still here');
    secondClient.destroy();
  });

  it('uses another port while the remembered one is taken, and returns to it afterwards', async () => {
    const remembered = JSON.parse(fs.readFileSync(path.join(dir.dir, 'demo-storage.json'), 'utf8')) as { port: number };
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(remembered.port, '127.0.0.1', resolve));
    try {
      const displaced = await start();
      expect(portOf(displaced)).not.toBe(remembered.port);
      await displaced.close();
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    expect(portOf(await start())).toBe(remembered.port);
  });
});

function connect(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', reject);
  });
}
