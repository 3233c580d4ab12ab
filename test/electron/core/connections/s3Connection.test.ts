import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/createCore';
import type { ConnectionCheck } from '../../../../shared/ipc/contract';
import { makeTestCore } from '../../../support/core';
import { S3RVER_CREDENTIALS, startS3Server, type TestS3Server } from '../../../support/s3server';

let s3: TestS3Server;
let core: Core;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  s3 = await startS3Server(['shop-photos']);
  ({ core, cleanup } = makeTestCore());
  await core.dispatch('updateSettings', { 's3.endpoint': s3.endpoint, 's3.forcePathStyle': true, 's3.checksums': 'when-required', 's3.bucket': 'shop-photos' });
});
afterAll(async () => {
  await cleanup();
  await s3.dispose();
});

const testS3 = () => core.dispatch('testS3Connection', undefined);
const setAws = (accessKeyId: string, secretAccessKey: string) => core.dispatch('setAwsCredentials', { accessKeyId, secretAccessKey });

describe('Test S3 connection against a real S3-compatible server', () => {
  it('says what is missing before anything is configured', async () => {
    const result = await testS3();
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-configured' } });
    if (!result.ok) expect(result.error.message).toMatch(/credentials/);
  });

  it('succeeds with good credentials', async () => {
    await setAws(S3RVER_CREDENTIALS.accessKeyId, S3RVER_CREDENTIALS.secretAccessKey);
    const result = await testS3();
    expect(result).toMatchObject({ ok: true, value: { target: expect.stringContaining('shop-photos') } });
    if (result.ok) expect((result.value as ConnectionCheck).latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('maps a wrong secret (signature mismatch) to auth, without the secret in the message', async () => {
    await setAws(S3RVER_CREDENTIALS.accessKeyId, 'definitely-the-wrong-secret');
    const result = await testS3();
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth' } });
    if (!result.ok) {
      expect(result.error.message).toMatch(/secret access key does not match/);
      expect(result.error.message).not.toContain('definitely-the-wrong-secret');
    }
  });

  it('maps an unknown access key to auth', async () => {
    await setAws('AKIAUNKNOWNKEY000000', S3RVER_CREDENTIALS.secretAccessKey);
    const result = await testS3();
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', message: expect.stringMatching(/does not recognize the access key ID AKIA…0000/) } });
  });

  it('maps a missing bucket to no-bucket', async () => {
    await setAws(S3RVER_CREDENTIALS.accessKeyId, S3RVER_CREDENTIALS.secretAccessKey);
    await core.dispatch('updateSettings', { 's3.bucket': 'no-such-bucket' });
    const result = await testS3();
    expect(result).toMatchObject({ ok: false, error: { kind: 'no-bucket', message: expect.stringContaining('"no-such-bucket" does not exist') } });
    await core.dispatch('updateSettings', { 's3.bucket': 'shop-photos' });
  });

  it('maps a server that is down to unreachable, and recovers when it is back', async () => {
    await s3.stop();
    const down = await testS3();
    expect(down).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    await s3.start();
    expect(await testS3()).toMatchObject({ ok: true });
  });

  it('maps a TLS handshake failure to tls', async () => {
    // A plain-TCP server that answers a TLS ClientHello with garbage: the handshake fails.
    const server = net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await core.dispatch('updateSettings', { 's3.endpoint': `https://127.0.0.1:${port}` });
    const result = await testS3();
    expect(result).toMatchObject({ ok: false, error: { kind: 'tls' } });
    server.close();
    await core.dispatch('updateSettings', { 's3.endpoint': s3.endpoint });
  });
});
