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

/** Starts a real S3-compatible server (s3rver + SigV4 gate) on a random loopback port. */
export async function startS3Server(buckets: string[]): Promise<TestS3Server> {
  const data = makeTempDir('vitrina-s3-');
  let proc: ChildProcess | undefined;
  let port = 0;
  const start = async () => {
    proc = spawn(process.execPath, ['--openssl-legacy-provider', '--no-warnings', child, data.dir, buckets.join(','), String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
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
