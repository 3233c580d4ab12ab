import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../../electron/core/errors';
import { openLocalDatabase } from '../../../../electron/core/store/database';
import type { Migration } from '../../../../electron/core/store/migrate';
import { migrations } from '../../../../electron/core/store/migrations';
import { makeTempDir } from '../../../support/tempDir';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir();
  file = path.join(tmp.dir, 'vitrina.db');
});
afterEach(() => tmp.remove());

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const failureOf = (fn: () => unknown): AppFailure => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppFailure) return error;
    throw error;
  }
  throw new Error('expected an AppFailure');
};

describe('local store', () => {
  it('creates a fresh database in WAL mode with every migration applied', () => {
    const db = openLocalDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toContain('settings');
    db.close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('looks settings up by key through the primary-key index', () => {
    const db = openLocalDatabase(':memory:');
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT value FROM settings WHERE key = ?').all('s3.bucket') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX sqlite_autoindex_settings_1|USING PRIMARY KEY/);
    db.close();
  });

  it('upgrades across migrations, keeping existing data', () => {
    const v1: Migration[] = [{ version: 10, name: '0010-a', up: 'CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);' }];
    const v2: Migration[] = [
      ...v1,
      { version: 20, name: '0020-b', up: 'ALTER TABLE a ADD COLUMN w TEXT;' },
      { version: 30, name: '0030-c', up: "CREATE TABLE c (x INTEGER); UPDATE a SET w = 'migrated';" },
    ];
    const first = openLocalDatabase(file, { migrations: v1 });
    first.prepare("INSERT INTO a (v) VALUES ('kept')").run();
    first.close();

    const second = openLocalDatabase(file, { migrations: v2 });
    expect(second.pragma('user_version', { simple: true })).toBe(30);
    expect(second.prepare('SELECT v, w FROM a').get()).toEqual({ v: 'kept', w: 'migrated' });
    second.close();
  });

  it('applies pending migrations in one transaction: a failing one leaves the file as it was', () => {
    const v1: Migration[] = [{ version: 10, name: '0010-a', up: 'CREATE TABLE a (id INTEGER PRIMARY KEY);' }];
    openLocalDatabase(file, { migrations: v1 }).close();
    const broken: Migration[] = [
      ...v1,
      { version: 20, name: '0020-ok', up: 'CREATE TABLE b (id INTEGER);' },
      { version: 30, name: '0030-broken', up: 'CREATE TABLE nonsense (' },
    ];
    expect(() => openLocalDatabase(file, { migrations: broken })).toThrow();
    const db = openLocalDatabase(file, { migrations: v1 });
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const db = openLocalDatabase(file);
    db.pragma('user_version = 99990');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(file);
    const failure = failureOf(() => openLocalDatabase(file));
    expect(failure.kind).toBe('store-too-new');
    expect(failure.message).toContain('newer version of Vitrina');
    expect(failure.message).toContain(file);
    expect(sha(file)).toBe(before);
  });

  it('reports a file that is not a database as corrupt and never replaces or deletes it', () => {
    fs.writeFileSync(file, 'these are not the bytes of a SQLite database, but a user may still need them');
    const before = sha(file);
    const failure = failureOf(() => openLocalDatabase(file));
    expect(failure.kind).toBe('store-corrupt');
    expect(failure.message).toMatch(/damaged/);
    expect(failure.message).toMatch(/left it untouched/);
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(tmp.dir)).toEqual(['vitrina.db']);
  });

  it('reports a database whose pages are damaged as corrupt and keeps the file', () => {
    const db = openLocalDatabase(file);
    db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('k', '"v"', 'now');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // Keep the 100-byte header valid, garble the schema page after it.
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 100, Math.min(bytes.length, 4096));
    fs.writeFileSync(file, bytes);
    const before = sha(file);
    const failure = failureOf(() => openLocalDatabase(file));
    expect(failure.kind).toBe('store-corrupt');
    expect(sha(file)).toBe(before);
  });

  it('refuses a migration list that is out of order', () => {
    const bad: Migration[] = [
      { version: 20, name: '0020', up: '' },
      { version: 10, name: '0010', up: '' },
    ];
    expect(() => openLocalDatabase(':memory:', { migrations: bad })).toThrow(/out of order/);
  });
});
