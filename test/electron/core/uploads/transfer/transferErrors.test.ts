import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyTransferError,
  isAbortError,
  TransferVerificationError,
  uploadFile,
  type TransferOptions,
  type TransferTarget,
} from '../../../../../electron/core/uploads/transfer';
import { startMultipartS3Server } from '../../../../support/s3rverMultipart';
import type { TestS3Server } from '../../../../support/s3server';
import { makeTempDir } from '../../../../support/tempDir';
import { BUCKET, MemoryCheckpoints, MiB, makeClient, s3Target, stagedFile } from './transferHarness';

let s3: TestS3Server;
let dir: ReturnType<typeof makeTempDir>;
const clients: S3Client[] = [];

beforeAll(async () => {
  s3 = await startMultipartS3Server([BUCKET]);
  dir = makeTempDir('vitrina-transfer-errors-');
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await s3.dispose();
  dir.remove();
});

const client = (endpoint: string, secret?: string) => {
  const made = makeClient(endpoint, 'auto', secret);
  clients.push(made);
  return made;
};
const target = (key: string, bucket = BUCKET): TransferTarget => ({ bucket, key, contentType: 'image/jpeg', cacheControl: 'public, max-age=31536000, immutable' });
const multipart: Partial<TransferOptions> = { multipartThreshold: 5 * MiB, partSize: 5 * MiB };

async function failure(endpoint: string, opts: Partial<TransferOptions> & { bytes?: number; bucket?: string } = {}) {
  const file = stagedFile(dir.dir, `f-${Math.random().toString(36).slice(2)}.jpg`, opts.bytes ?? 1000);
  const error = await uploadFile(file, target(`products/x/${file.sha256}.jpg`, opts.bucket), new MemoryCheckpoints(), {
    client: client(endpoint),
    checksums: 'auto',
    ...opts,
  }).then(
    () => {
      throw new Error('the upload should have failed');
    },
    (e: unknown) => e,
  );
  return { error, info: classifyTransferError(error, s3Target(endpoint)) };
}

describe('transfer errors against the real S3 server', () => {
  it('accepts UNSIGNED-PAYLOAD signatures, and the server it runs against does check CRC32s', async () => {
    // The SigV4 gate recomputes every signature; the round trips in uploadFile.test.ts pass through it.
    // Here: a wrong CRC32 is refused, so the 200s there prove the module's CRC32 values.
    const put = client(s3.endpoint).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'products/x/bad-crc.jpg', Body: Buffer.from('hello'), ChecksumCRC32: 'AAAAAA==' }));
    await expect(put).rejects.toMatchObject({ name: 'BadDigest' });
  });

  it.each([
    ['a single PUT', 1000],
    ['a multipart upload', 6 * MiB],
  ])('a wrong secret on %s is auth and permanent', async (_what, bytes) => {
    const { info } = await failure(s3.endpoint, { client: client(s3.endpoint, 'definitely-the-wrong-secret'), bytes, ...multipart });
    expect(info).toMatchObject({ transient: false, failure: { kind: 'auth', message: expect.stringMatching(/secret access key does not match/) } });
    expect(info.failure.message).not.toContain('definitely-the-wrong-secret');
  });

  it('a missing bucket is no-bucket and permanent', async () => {
    const { info } = await failure(s3.endpoint, { bucket: 'no-such-bucket' });
    expect(info).toMatchObject({ transient: false, failure: { kind: 'no-bucket' } });
  });

  it('a stopped server is unreachable and transient', async () => {
    await s3.stop();
    try {
      const { info } = await failure(s3.endpoint, { bytes: 6 * MiB, ...multipart });
      expect(info).toMatchObject({ transient: true, failure: { kind: 'unreachable' } });
    } finally {
      await s3.start();
    }
  });

  it('an aborted signal is an abort, not a failure', async () => {
    const controller = new AbortController();
    controller.abort();
    const { error, info } = await failure(s3.endpoint, { signal: controller.signal });
    expect(isAbortError(error)).toBe(true);
    expect(info).toMatchObject({ aborted: true });
  });
});

/** A tiny HTTP server standing in for S3 with faults s3rver cannot produce. `answer` decides each response. */
async function fakeS3(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { endpoint, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}
const s3Error = (res: http.ServerResponse, status: number, code: string, headers: Record<string, string> = {}, extra = '') => {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code} from the fake</Message>${extra}</Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
};

describe('transfer errors S3 sends and s3rver cannot', () => {
  it('SlowDown (503) with Retry-After is transient, after the given delay', async () => {
    const fake = await fakeS3((_req, res) => s3Error(res, 503, 'SlowDown', { 'retry-after': '7' }));
    const { info } = await failure(fake.endpoint);
    await fake.close();
    expect(info).toMatchObject({ transient: true, retryAfterMs: 7000, failure: { kind: 'unreachable', message: expect.stringMatching(/slow down \(SlowDown\)/) } });
  });

  it('429 with an HTTP-date Retry-After is transient', async () => {
    const fake = await fakeS3((_req, res) => s3Error(res, 429, 'TooManyRequests', { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }));
    const { info } = await failure(fake.endpoint);
    await fake.close();
    expect(info.transient).toBe(true);
    expect(info.retryAfterMs).toBeGreaterThan(30_000);
    expect(info.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('InternalError (500) is transient', async () => {
    const fake = await fakeS3((_req, res) => s3Error(res, 500, 'InternalError'));
    const { info } = await failure(fake.endpoint, { bytes: 6 * MiB, ...multipart });
    await fake.close();
    expect(info).toMatchObject({ transient: true, failure: { kind: 'unreachable' } });
    expect(info.retryAfterMs).toBeUndefined();
  });

  it('RequestTimeTooSkewed reports the offset, and the client corrects its own clock for the retry', async () => {
    const serverTime = new Date(Date.now() + 20 * 60_000);
    const fake = await fakeS3((_req, res) =>
      s3Error(res, 403, 'RequestTimeTooSkewed', { date: serverTime.toUTCString() }, `<ServerTime>${serverTime.toISOString()}</ServerTime><MaxAllowedRequestTimeSkewMilliseconds>900000</MaxAllowedRequestTimeSkewMilliseconds>`),
    );
    const skewed = client(fake.endpoint);
    const { info } = await failure(fake.endpoint, { client: skewed });
    await fake.close();
    expect(info).toMatchObject({ transient: true, failure: { kind: 'clock-skew' } });
    expect(Math.abs(info.clockSkewMs! - 20 * 60_000)).toBeLessThan(60_000);
    expect(Math.abs(skewed.config.systemClockOffset - 20 * 60_000)).toBeLessThan(60_000);
  });

  it('AccessDenied is s3-denied and permanent', async () => {
    const fake = await fakeS3((_req, res) => s3Error(res, 403, 'AccessDenied'));
    const { info } = await failure(fake.endpoint);
    await fake.close();
    expect(info).toMatchObject({ transient: false, failure: { kind: 's3-denied' } });
  });

  it('a stored object whose ETag is not the MD5 of the file fails verification (retried from scratch)', async () => {
    const fake = await fakeS3((req, res) => {
      if (req.method === 'PUT') res.writeHead(200, { etag: '"0123456789abcdef0123456789abcdef"' }).end();
      else res.writeHead(200, { 'content-length': '1000', etag: '"0123456789abcdef0123456789abcdef"' }).end();
    });
    const { error, info } = await failure(fake.endpoint);
    await fake.close();
    expect(error).toBeInstanceOf(TransferVerificationError);
    expect(info).toMatchObject({ transient: true, failure: { kind: 'internal', message: expect.stringMatching(/did not match the local copy.*MD5/) } });
  });

  it('a stored object of the wrong size fails verification', async () => {
    const fake = await fakeS3((req, res) => {
      if (req.method === 'PUT') res.writeHead(200, { etag: '"whatever"' }).end();
      else res.writeHead(200, { 'content-length': '999' }).end();
    });
    const { error } = await failure(fake.endpoint);
    await fake.close();
    expect(error).toMatchObject({ kind: 'internal', message: expect.stringMatching(/999 bytes, the photo has 1000/) });
  });
});
