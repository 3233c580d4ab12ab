import type Database from 'better-sqlite3';
import { AppFailure } from '../errors';

export interface Migration {
  /** Strictly increasing; stored in `PRAGMA user_version` once applied. */
  version: number;
  name: string;
  /** SQL run as one batch inside the migration transaction. */
  up: string;
}

/**
 * Brings the database to the newest known version. All pending migrations run in ONE transaction with the
 * `user_version` bump, so a failure leaves the file exactly as it was. A database from a newer Vitrina is
 * refused rather than guessed at.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], file: string): number {
  assertOrdered(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppFailure(
      'store-too-new',
      `The local database ${file} was written by a newer version of Vitrina (schema ${current}; this version knows up to ${latest}). Update Vitrina to open it; the file was left untouched.`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    }
  })();
  return latest;
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version <= 0 || (previous && m.version <= previous.version)) {
      throw new Error(`Migration ${m.name} is out of order: versions must be positive and strictly increasing.`);
    }
  });
}
