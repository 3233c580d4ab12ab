import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { makeTempDir } from './tempDir';

/** s3rver's built-in account (the only one it knows). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface TestS3Server {
  endpoint: string;
  port: number;
  /** Kills the server process (an outage); `start()` brings it back on the same port with the same data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data. */
  dispose(): Promise<void>;
}

const child = path.join(import.meta.dirname, 's3rverChild.mjs');

/** Options of the tests' S3 server. */
export interface TestS3ServerOptions {
  /** Parts per ListParts page and uploads per ListMultipartUploads page (S3: 1,000), so tests can page through a few. */
  listPageSize?: number;
}

/**
 * Starts a real S3-compatible server on a random loopback port, in its own process: the SigV4 gate in front
 * of the demo storage's s3rver stack (s3rver plus ListObjectsV2 without DES, and ListParts,
 * AbortMultipartUpload, ListMultipartUploads, NoSuchUpload, CRC32 checks and S3's multipart ETag from
 * electron/core/demo/multipartShim.ts). Credentials: S3RVER_CREDENTIALS. See s3rverChild.mjs.
 */
export async function startS3Server(buckets: string[], options: TestS3ServerOptions = {}): Promise<TestS3Server> {
  const data = makeTempDir('vitrina-s3-');
  let proc: ChildProcess | undefined;
  let port = 0;
  const start = async () => {
    const args = ['--no-warnings', child, data.dir, buckets.join(','), String(port), String(options.listPageSize ?? 1000)];
    proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      const rl = readline.createInterface({ input: proc!.stdout! });
      rl.once('line', resolve);
      proc!.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
    });
    port = (JSON.parse(line) as { port: number }).port;
  };
  const stop = async () => {
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc!.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    get endpoint() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    stop,
    start,
    dispose: async () => {
      await stop();
      data.remove();
    },
  };
}
