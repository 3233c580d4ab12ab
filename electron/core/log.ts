import fs from 'node:fs';
import path from 'node:path';
import type { Redactor } from './redact';

export type LogLevel = 'info' | 'warn' | 'error';

/** A structured, redacted log: one JSON object per line in `<dataDir>/logs/vitrina.log`. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  readonly file: string;
}

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Writes synchronously: log lines are rare (settings changes, connection tests, failures) and a crash must
 * not lose the line that explains it. Every line passes through the redactor. Rotates once at 5 MiB.
 */
export function createFileLogger(dataDir: string, redactor: Redactor): Logger {
  const dir = path.join(dataDir, 'logs');
  const file = path.join(dir, 'vitrina.log');
  fs.mkdirSync(dir, { recursive: true });
  return {
    file,
    log(level, event, fields = {}) {
      const line = redactor.redact(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
      try {
        if (fs.existsSync(file) && fs.statSync(file).size > MAX_BYTES) fs.renameSync(file, `${file}.1`);
        fs.appendFileSync(file, `${line}\n`);
      } catch {
        // A full disk or read-only folder must not take the app down with it; the line is lost.
      }
    },
  };
}
