import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkS3Permissions } from '../../../../electron/core/connections/s3Permissions';
import { createS3Client } from '../../../../electron/core/connections/s3Client';
import { defaultSettings } from '../../../../shared/settings';
import { startS3Server, S3RVER_CREDENTIALS, type TestS3Server } from '../../../support/s3server';

/**
 * `vitrina doctor`'s permission probe against a real S3-compatible server, and against the same server behind
 * a proxy that refuses some actions the way an IAM policy does (AccessDenied, 403) — s3rver has no policies,
 * so that refusal is the one fault simulated here.
 */
const BUCKET = 'shop-photos';
let s3: TestS3Server;
let policy: http.Server;
let denied: (req: http.IncomingMessage) => boolean = () => false;

beforeAll(async () => {
  s3 = await startS3Server([BUCKET]);
  policy = http.createServer((req, res) => {
    if (denied(req)) {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: s3.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => policy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => policy.close(resolve));
  await s3.dispose();
});

const client = (endpoint: string) =>
  createS3Client({ ...defaultSettings, 's3.bucket': BUCKET, 's3.endpoint': endpoint, 's3.forcePathStyle': true, 's3.checksums': 'when-required' }, { ...S3RVER_CREDENTIALS }, { maxAttempts: 1 });

describe('checkS3Permissions', () => {
  it('finds every action of the minimal policy allowed on a store that allows all', async () => {
    const results = await checkS3Permissions(client(s3.endpoint), BUCKET, 'products/');
    expect(results.map((r) => [r.permission, r.ok])).toEqual([
      ['s3:ListBucket', true], ['s3:PutObject', true], ['s3:GetObject', true], ['s3:ListBucketMultipartUploads', true],
      ['s3:ListMultipartUploadParts', true], ['s3:AbortMultipartUpload', true], ['s3:DeleteObject', true],
    ]);
  });

  it('names each refused action and what needs it, and leaves no probe object behind when it can delete', async () => {
    denied = (req) => (req.method === 'GET' && /[?&]uploads(=|&|$)/.test(req.url ?? '')) || (req.method === 'DELETE' && !/uploadId=/.test(req.url ?? ''));
    const endpoint = `http://127.0.0.1:${(policy.address() as AddressInfo).port}`;
    const results = await checkS3Permissions(client(endpoint), BUCKET, 'products/');
    const missing = results.filter((r) => !r.ok);
    expect(missing.map((r) => r.permission)).toEqual(['s3:ListBucketMultipartUploads', 's3:DeleteObject']);
    expect(missing[0]!.detail).toMatch(/^missing: .*reconcile/);
    expect(missing[1]!.detail).toMatch(/^missing: deleting photos/);
  });

  it('throws, rather than blaming the policy, when the store cannot be reached', async () => {
    await expect(checkS3Permissions(client('http://127.0.0.1:1'), BUCKET, 'products/')).rejects.toThrow();
  });
});

describe('testS3Connection under the README’s prefix-scoped policy', () => {
  it('passes when only HeadBucket is refused (listing under the prefix works), and fails with the reason otherwise', async () => {
    const { testS3Connection } = await import('../../../../electron/core/connections/testS3');
    const endpoint = `http://127.0.0.1:${(policy.address() as AddressInfo).port}`;
    const settings = { ...defaultSettings, 's3.bucket': BUCKET, 's3.endpoint': endpoint, 's3.forcePathStyle': true, 's3.checksums': 'when-required' as const };
    denied = (req) => req.method === 'HEAD' || (req.method === 'GET' && !/prefix=products%2F/.test(req.url ?? ''));
    await expect(testS3Connection(settings, async () => ({ ...S3RVER_CREDENTIALS }))).resolves.toMatchObject({ target: `bucket "${BUCKET}" (${endpoint})` });
    denied = (req) => req.method === 'HEAD' || req.method === 'GET';
    await expect(testS3Connection(settings, async () => ({ ...S3RVER_CREDENTIALS }))).rejects.toMatchObject({ kind: 's3-denied' });
  });
});
