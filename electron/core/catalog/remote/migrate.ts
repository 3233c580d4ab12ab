import crypto from 'node:crypto';
import type pg from 'pg';
import { AppFailure } from '../../errors';
import type { Migration } from '../../store/migrate';
import { catalogMigrations } from './migrations';
import { databaseName, firstLine, inTransaction, sqlState } from './pgUtil';
import { checkProductsTable, createMinimalProductsIfMissing } from './products';

/**
 * The `pg_advisory_lock` key that serialises `migrateCatalog` across every machine using the database: the
 * first 8 bytes of sha256('vitrina-migrate') as a signed bigint, -8760652136029387635 (a string, as pg
 * passes bigints). Fixed forever: two Vitrina versions must agree on it. In `pg_locks` it shows as an
 * advisory lock with classid 2255219020 and objid 1462994061 (the high and low 32 bits).
 */
export const MIGRATION_LOCK_KEY: string = crypto.createHash('sha256').update('vitrina-migrate').digest().readBigInt64BE(0).toString();

/** What `migrateCatalog` did. */
export interface CatalogMigrationResult {
  /** Names of the migrations this run applied, in order (empty when the database was up to date). */
  applied: string[];
  /** The database's schema version afterwards: the newest migration this build knows. */
  current: number;
  /** Whether this run created the minimal `products` table (`withProducts` and there was none). */
  createdProducts: boolean;
}

export interface CatalogMigrationOptions {
  /** Create a minimal `products` table when the database has none (a new shop without a storefront). */
  withProducts?: boolean;
  /** How long to wait for another machine's migration to finish. Default 60 s. */
  lockWaitMs?: number;
  /** The migrations to apply; tests pass extra ones. Default: this build's. */
  migrations?: readonly Migration[];
}

/** Each wait for a lock (the migration lock, or `products` while the storefront is busy) stays well under
 *  pgConfig's 10 s client-side query timeout, which would otherwise abandon a still-waiting statement. */
const LOCK_ATTEMPT_MS = 5_000;

/**
 * Brings the shop's PostgreSQL database to this build's schema: Vitrina's tables (product_images,
 * product_reviews), change tracking, and — with `withProducts` — a minimal products table for a new shop.
 *
 * - The whole run holds `pg_advisory_lock(MIGRATION_LOCK_KEY)`, so two machines never migrate at once; the
 *   second one waits, then finds everything applied.
 * - Each migration runs in its own transaction with its row in `vitrina_schema_migrations`, so a failure
 *   keeps what was applied before it and leaves that migration entirely undone. Running again is safe.
 * - A database migrated by a newer Vitrina is refused, untouched.
 * - The storefront's `products` table must exist with the columns Vitrina reads; the error says what is
 *   missing (see products.ts).
 */
export async function migrateCatalog(client: pg.Client, options: CatalogMigrationOptions = {}): Promise<CatalogMigrationResult> {
  const migrations = options.migrations ?? catalogMigrations;
  const latest = migrations.at(-1)?.version ?? 0;
  await checkServerVersion(client);
  await acquireMigrationLock(client, options.lockWaitMs ?? 60_000);
  try {
    const recorded = await recordedVersions(client);
    const newest = Math.max(0, ...(recorded ?? []));
    if (newest > latest)
      throw new AppFailure(
        'db-too-new',
        `The PostgreSQL database "${await databaseName(client)}" was set up by a newer version of Vitrina (schema ${newest}; this version knows up to ${latest}). Update Vitrina on this computer; the database was left untouched.`,
      );
    const createdProducts = options.withProducts ? await createMinimalProductsIfMissing(client) : false;
    const pending = migrations.filter((m) => !recorded?.has(m.version));
    // Before anything is created: a database without the storefront's table is refused untouched.
    await checkProductsTable(client, { forChanges: pending.length > 0 });
    if (!recorded) await createMigrationsTable(client);
    for (const migration of pending) await applyMigration(client, migration);
    return { applied: pending.map((m) => m.name), current: latest, createdProducts };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => {});
  }
}

async function checkServerVersion(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ num: string; text: string }>(`SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS text`);
  const row = rows[0]!;
  // xid8 and pg_current_xact_id(), which change tracking relies on, arrived in PostgreSQL 13.
  if (Number(row.num) < 130000)
    throw new AppFailure('not-configured', `Vitrina needs PostgreSQL 13 or newer; this server runs ${row.text}. Upgrade the database server.`);
}

/**
 * Session-level advisory lock, taken in short attempts: `lock_timeout` applies to advisory locks too, and
 * SET LOCAL keeps the caller's session settings unchanged. A session lock taken inside a transaction
 * outlives its COMMIT, and is released by the server if the connection drops mid-migration.
 */
async function acquireMigrationLock(client: pg.Client, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await inTransaction(client, async () => {
        await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.min(LOCK_ATTEMPT_MS, deadline - Date.now()))}`);
        await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      });
      return;
    } catch (error) {
      if (sqlState(error) !== '55P03') throw error;
      if (Date.now() >= deadline)
        throw new AppFailure(
          'db-busy',
          `Another computer has been setting up Vitrina's tables in the PostgreSQL database "${await databaseName(client)}" for over ${Math.round(waitMs / 1000)} s (it holds the migration lock). Try again in a minute.`,
        );
    }
  }
}

/** The versions recorded in `vitrina_schema_migrations`, or null when the table does not exist yet. */
async function recordedVersions(client: pg.Client): Promise<Set<number> | null> {
  // Looked up rather than CREATE … IF NOT EXISTS, which would demand CREATE on the schema even from a user
  // who only needs to learn that the database is up to date.
  const exists = (await client.query<{ t: string | null }>(`SELECT to_regclass('vitrina_schema_migrations')::text AS t`)).rows[0]!.t;
  if (exists === null) return null;
  const { rows } = await client.query<{ version: number }>('SELECT version FROM vitrina_schema_migrations');
  return new Set(rows.map((r) => r.version));
}

async function createMigrationsTable(client: pg.Client): Promise<void> {
  await client.query(`
    CREATE TABLE vitrina_schema_migrations (
      version    int PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
}

async function applyMigration(client: pg.Client, migration: Migration): Promise<void> {
  try {
    await inTransaction(client, async () => {
      // DDL on products (foreign keys, triggers) queues behind the storefront's open transactions and,
      // while queued, blocks the storefront's own writes: give up quickly rather than stall the shop.
      await client.query(`SET LOCAL lock_timeout = ${LOCK_ATTEMPT_MS}`);
      await client.query(migration.up);
      await client.query('INSERT INTO vitrina_schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    });
  } catch (error) {
    throw await migrationFailure(client, migration, error);
  }
}

async function migrationFailure(client: pg.Client, migration: Migration, error: unknown): Promise<unknown> {
  const state = sqlState(error);
  const detail = firstLine(error);
  const undone = `Migration ${migration.name} was undone; nothing else changed.`;
  if (state === '55P03')
    return new AppFailure('db-busy', `The storefront's tables in "${await databaseName(client)}" are busy (a long transaction holds them), so ${migration.name} could not be applied. ${undone} Try again when the shop is quieter.`);
  if (state === '42501')
    return new AppFailure('db-denied', `The database user may not change the schema (${detail}). ${undone} Run \`vitrina db migrate\` as the owner of the shop's tables.`);
  if (state === undefined) return error; // a dropped connection: the caller classifies it (unreachable, tls…)
  return new AppFailure('internal', `PostgreSQL refused migration ${migration.name} (${state}: ${detail}). ${undone}`);
}
