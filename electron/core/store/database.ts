import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppFailure } from '../errors';
import { migrate, type Migration } from './migrate';
import { migrations as allMigrations } from './migrations';

export type LocalDatabase = Database.Database;

export interface OpenOptions {
  /**
   * Path to a better-sqlite3 binary built for Electron's ABI. The Electron shell passes it so that
   * node_modules can keep the Node build that tests and the CLI load (see scripts/electron-native.mjs).
   */
  nativeBinding?: string;
  /** For tests of the migration runner; the app always uses the full list. */
  migrations?: readonly Migration[];
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens (or creates) the local store: WAL mode, foreign keys, migrations applied. A file that is not a
 * SQLite database or is damaged is reported with `store-corrupt` and left byte-for-byte as it was: it may
 * hold the only copy of queued uploads, so it is never replaced or deleted.
 */
export function openLocalDatabase(file: string, options: OpenOptions = {}): LocalDatabase {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    assertLooksLikeSqlite(file);
  }
  let db: LocalDatabase | undefined;
  try {
    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    db.pragma('journal_mode = WAL');
    // FULL: a job the UI reported as queued must survive a power cut, not just a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.migrations ?? allMigrations, file);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof AppFailure) throw error;
    if (isCorruption(error)) throw corrupt(file, (error as Error).message);
    throw error;
  }
}

function assertLooksLikeSqlite(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // a fresh install
    throw error;
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    if (read === 0) return; // an empty file is a valid empty database to SQLite
    if (read < header.length || !header.equals(SQLITE_HEADER)) throw corrupt(file, 'file is not a database');
  } finally {
    fs.closeSync(fd);
  }
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_VTAB';
}

function corrupt(file: string, detail: string): AppFailure {
  return new AppFailure(
    'store-corrupt',
    `The local database ${file} is damaged (${detail}). Vitrina left it untouched. Quit Vitrina, move the file somewhere safe (it may hold queued uploads), and start again to create a new one.`,
  );
}
