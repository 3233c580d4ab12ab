import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../../../../electron/core/connections/s3Client';
import type { S3Target } from '../../../../../electron/core/connections/s3Errors';
import type { CompletedPart, MultipartCheckpoint, TransferCheckpointStore } from '../../../../../electron/core/uploads/transfer';
import { defaultSettings } from '../../../../../shared/settings';
import { S3RVER_CREDENTIALS } from '../../../../support/s3server';

export const MiB = 1024 * 1024;
export const BUCKET = 'shop-photos';

/** A client as the queue builds it: createS3Client from settings, one attempt (the queue retries). */
export function makeClient(endpoint: string, checksums: 'auto' | 'when-required', secretAccessKey: string = S3RVER_CREDENTIALS.secretAccessKey): S3Client {
  const settings = { ...defaultSettings, 's3.endpoint': endpoint, 's3.forcePathStyle': true, 's3.checksums': checksums, 's3.bucket': BUCKET };
  return createS3Client(settings, { accessKeyId: S3RVER_CREDENTIALS.accessKeyId, secretAccessKey }, { maxAttempts: 1 });
}

export const s3Target = (endpoint: string): S3Target => ({ bucket: BUCKET, region: 'us-east-1', endpoint, maskedAccessKeyId: 'S3RV…' });

/** A staged file of pseudo-random bytes (incompressible, every part different). */
export function stagedFile(dir: string, name: string, bytes: number): { path: string; bytes: number; sha256: string } {
  const file = path.join(dir, name);
  const data = crypto.randomBytes(bytes);
  fs.writeFileSync(file, data);
  return { path: file, bytes, sha256: crypto.createHash('sha256').update(data).digest('hex') };
}

export async function storedObject(client: S3Client, key: string): Promise<{ sha256: string; bytes: number; contentType?: string; cacheControl?: string }> {
  const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const body = Buffer.from(await got.Body!.transformToByteArray());
  return { sha256: crypto.createHash('sha256').update(body).digest('hex'), bytes: body.length, contentType: got.ContentType, cacheControl: got.CacheControl };
}

export type StoreEvent = { call: 'begin'; uploadId: string; partSize: number } | { call: 'partDone'; part: CompletedPart } | { call: 'clear' };

/** The checkpoint port in memory, recording every call (the queue's SQLite one is tested with the store). */
export class MemoryCheckpoints implements TransferCheckpointStore {
  checkpoint: MultipartCheckpoint | null = null;
  readonly events: StoreEvent[] = [];
  /** Called after each call is recorded, e.g. to abort the transfer after N parts. */
  onEvent: (event: StoreEvent) => void = () => undefined;

  load(): MultipartCheckpoint | null {
    return this.checkpoint && { ...this.checkpoint, parts: [...this.checkpoint.parts] };
  }
  begin(uploadId: string, partSize: number): void {
    this.checkpoint = { uploadId, partSize, parts: [] };
    this.record({ call: 'begin', uploadId, partSize });
  }
  partDone(part: CompletedPart): void {
    if (!this.checkpoint) throw new Error('partDone before begin');
    this.checkpoint.parts = [...this.checkpoint.parts.filter((p) => p.partNumber !== part.partNumber), part];
    this.record({ call: 'partDone', part });
  }
  clear(): void {
    this.checkpoint = null;
    this.record({ call: 'clear' });
  }
  private record(event: StoreEvent) {
    this.events.push(event);
    this.onEvent(event);
  }
}

export interface SeenRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  /** Body bytes that reached the server (the proxy), complete or not. */
  bodyBytes: number;
  status?: number;
}

/**
 * A pass-through HTTP proxy in front of the S3 server that logs every request and counts the body bytes
 * that actually arrived: the evidence for "only the missing parts were sent again".
 */
export async function startCountingProxy(targetPort: number): Promise<{ endpoint: string; requests: SeenRequest[]; close(): Promise<void> }> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const seen: SeenRequest = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://proxy'), headers: req.headers, bodyBytes: 0 };
    requests.push(seen);
    req.on('data', (chunk: Buffer) => (seen.bodyBytes += chunk.length));
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
      seen.status = up.statusCode;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.on('close', () => {
      if (!req.complete) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** UploadPart requests (PUT with partNumber) in a request log. */
export const partRequests = (requests: SeenRequest[]) => requests.filter((r) => r.method === 'PUT' && r.url.searchParams.has('partNumber'));
