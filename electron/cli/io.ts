import type { Readable, Writable } from 'node:stream';
import type { Result } from '../../shared/result';

/** The process streams, injected so the CLI can be driven in-process as well as spawned. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
}

/** Exit codes: 0 ok, 1 the operation failed, 2 the command line was wrong. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Thrown by commands to end with a given exit code after printing `message` to stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Unwraps a Result from the core: a validation error is a usage error (2), anything else a failure (1). */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new CliExit(result.error.kind === 'validation' ? EXIT.usage : EXIT.failure, result.error.message);
}

export const mark = (ok: boolean) => (ok ? '✔' : '✖');

/**
 * Reads a secret from stdin: without echo when a person types it at a terminal, or the whole piped input
 * otherwise (`printf '%s' "$SECRET" | vitrina …`). Never from argv, where shell history and `ps` see it.
 */
export async function readSecretLines(io: CliIo, prompt: string): Promise<string[]> {
  if (io.stdin.isTTY && io.stdin.setRawMode) return [await readHidden(io, prompt)];
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .split(/\r?\n/)
    .filter((line, i) => i === 0 || line !== '');
}

async function readHidden(io: CliIo, prompt: string): Promise<string> {
  io.stderr.write(prompt);
  io.stdin.setRawMode!(true);
  io.stdin.resume();
  let value = '';
  try {
    for await (const chunk of io.stdin) {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return value;
        if (char === '\u0003') throw new CliExit(EXIT.failure, 'Cancelled.');
        if (char === '\u007f') value = value.slice(0, -1);
        else value += char;
      }
    }
    return value;
  } finally {
    io.stdin.setRawMode!(false);
    io.stdin.pause();
    io.stderr.write('\n');
  }
}
