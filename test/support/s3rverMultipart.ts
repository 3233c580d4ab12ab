import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { TestS3Server } from './s3server';
import { makeTempDir } from './tempDir';

const child = path.join(import.meta.dirname, 's3rverMultipartChild.mjs');

/**
 * Like `startS3Server` (s3rver behind the SigV4 gate, credentials S3RVER_CREDENTIALS), plus what a resumable
 * multipart uploader needs and s3rver 3.7.1 lacks: ListParts (paginated, `listPageSize` parts per page so
 * that tests exercise pagination with a handful of parts), AbortMultipartUpload, NoSuchUpload for an upload
 * that is gone, and S3's handling of `x-amz-checksum-crc32` (verified, stored per part, listed, echoed).
 * See s3rverMultipartChild.mjs.
 */
export async function startMultipartS3Server(buckets: string[], options: { listPageSize?: number } = {}): Promise<TestS3Server> {
  const data = makeTempDir('vitrina-s3mp-');
  let proc: ChildProcess | undefined;
  let port = 0;
  const start = async () => {
    const args = ['--openssl-legacy-provider', '--no-warnings', child, data.dir, buckets.join(','), String(port), String(options.listPageSize ?? 1000)];
    proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      const rl = readline.createInterface({ input: proc!.stdout! });
      rl.once('line', resolve);
      proc!.once('exit', (code) => reject(new Error(`s3rver (multipart) exited with ${code}`)));
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
