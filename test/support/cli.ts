import { spawn } from 'node:child_process';
import path from 'node:path';

const bin = path.join(import.meta.dirname, '..', '..', 'scripts', 'vitrina.mjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `vitrina` executable (scripts/vitrina.mjs) as a child process. */
export function runVitrina(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', bin, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
