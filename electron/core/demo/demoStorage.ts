import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type S3rver from 's3rver';
import type { Settings } from '../../../shared/settings';
import type { MultipartShimOptions } from './multipartShim';
import { installDemoMiddleware } from './s3rverMiddleware';

/** The one bucket of the demo storage. */
export const DEMO_BUCKET = 'vitrina-demo';

/**
 * s3rver's built-in account, the only one it knows. These are not secrets, so they are never written to
 * the keychain: they open nothing but a server on 127.0.0.1 that holds demo photos and also accepts
 * anonymous requests, and storing them would put them where the shop's real AWS keys belong, where
 * "Connect your bucket" would then find fake keys instead of an empty slot.
 */
export const DEMO_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

const LOOPBACK = '127.0.0.1';

/** A running demo storage: an S3-compatible server on loopback, with its data in the workspace. */
export interface DemoStorage {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: typeof DEMO_BUCKET;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /**
   * The S3 settings that point Vitrina's one S3 client (connections/s3Client.ts) at this server. Overlay
   * them on the shop's settings for the demo workspace only; never save them (the port may change).
   */
  settings: Partial<Settings>;
  /** Stops the server, cutting open connections; the data stays. Safe to call twice. */
  close(): Promise<void>;
}

/** Hooks for the composition root. */
export interface DemoStorageOptions {
  /** Server-side failures (HTTP 5xx) inside s3rver, which is otherwise silent; client errors are not reported. */
  onError?: (error: Error) => void;
}

/**
 * Starts s3rver in this process, bound to 127.0.0.1, with its objects under `<workspaceDir>/s3` and the
 * bucket `vitrina-demo` created if missing.
 *
 * Port: the first start takes a random free port and remembers it in `<workspaceDir>/demo-storage.json`;
 * later starts reuse it, so the public URLs of demo photos (`http://127.0.0.1:<port>/vitrina-demo/…`)
 * stay valid across restarts. If that port is taken (another program, or a second Vitrina process), this
 * run uses a random port and the remembered one is kept, so the next start goes back to it; photos shown
 * by URL in that one run would break later, which is why the remembered port is never overwritten.
 *
 * Checksums must be `when-required`: with the SDK's default CRC checksums, uploads are sent aws-chunked
 * and s3rver stores the chunk framing verbatim, corrupting every photo.
 */
export async function startDemoStorage(workspaceDir: string, options: DemoStorageOptions = {}): Promise<DemoStorage> {
  const s3rver = await createDemoS3rver(path.join(workspaceDir, 's3'), [DEMO_BUCKET], options);
  // Our own http server rather than s3rver.run(): run() never settles when the port is taken (its listen
  // callback only fires on success) and the server's 'error' event then goes unhandled.
  const server = http.createServer(s3rver.callback());
  const portFile = path.join(workspaceDir, 'demo-storage.json');
  const remembered = readRememberedPort(portFile);
  let port: number;
  try {
    port = await listen(server, remembered ?? 0);
  } catch (error) {
    if (remembered === undefined || !isPortUnavailable(error)) throw error;
    port = await listen(server, 0);
  }
  if (remembered === undefined) writeRememberedPort(portFile, port);

  const endpoint = `http://${LOOPBACK}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    bucket: DEMO_BUCKET,
    credentials: { ...DEMO_CREDENTIALS },
    settings: {
      's3.endpoint': endpoint,
      's3.bucket': DEMO_BUCKET,
      's3.region': 'us-east-1',
      's3.forcePathStyle': true,
      's3.checksums': 'when-required',
      // s3rver serves objects to anonymous GETs, as a public bucket would: photos show with no signing.
      's3.publicBaseUrl': `${endpoint}/${DEMO_BUCKET}`,
    },
    close: () => (closing ??= closeServer(server)),
  };
}

/** How the demo's s3rver is built, for `createDemoS3rver`. */
export interface DemoS3rverOptions extends DemoStorageOptions, MultipartShimOptions {}

/**
 * s3rver with the demo storage's middleware (s3rverMiddleware.ts, multipartShim.ts), its buckets created
 * under `directory`, not listening yet. The tests' S3 server (test/support/s3server.ts) is built by this
 * same function behind a SigV4 gate, so the tests exercise the storage the demo runs.
 */
export async function createDemoS3rver(directory: string, buckets: string[], options: DemoS3rverOptions = {}): Promise<S3rver> {
  fs.mkdirSync(directory, { recursive: true });
  // Loaded on demand: a configured shop workspace never pays for s3rver (Koa, winston) at start-up.
  const { default: S3rver } = await import('s3rver');
  const s3rver = new S3rver({ directory, silent: true, vhostBuckets: false, configureBuckets: buckets.map((name) => ({ name })) });
  s3rver.on('error', (error) => {
    if ((error.status ?? 500) >= 500) options.onError?.(error);
  });
  installDemoMiddleware(s3rver, { maxPageSize: options.maxPageSize });
  await s3rver.configureBuckets();
  return s3rver;
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: LOOPBACK, exclusive: true });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets of S3 clients would otherwise hold close() open; an upload cut here is resumed by
    // the queue, which the caller stops before closing the storage.
    server.closeAllConnections();
  });
}

function isPortUnavailable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EADDRINUSE' || code === 'EACCES';
}

/** The remembered port, or undefined when there is none or the file is unreadable (then a new one is chosen). */
function readRememberedPort(file: string): number | undefined {
  try {
    const { port } = JSON.parse(fs.readFileSync(file, 'utf8')) as { port?: unknown };
    return typeof port === 'number' && Number.isInteger(port) && port >= 1024 && port <= 65535 ? port : undefined;
  } catch {
    return undefined;
  }
}

function writeRememberedPort(file: string, port: number): void {
  // Write then rename, so a crash never leaves a half-written file (which would only cost the port).
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify({ port })}\n`);
  fs.renameSync(temporary, file);
}
