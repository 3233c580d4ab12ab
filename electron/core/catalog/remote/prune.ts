import crypto from 'node:crypto';
import type pg from 'pg';

/**
 * Pruning the sync bookkeeping in PostgreSQL: `vitrina_changes` (read by incremental pulls) and
 * `vitrina_applied_ops` (op ids of pushed edits), which otherwise grow forever. Migration 0040 adds the
 * horizons that say how far pruning went.
 *
 * Changes — kept CHANGES_RETENTION_DAYS by `changed_at` (the writing transaction's start time):
 * - Deleted by transaction id, below `changes_horizon`, which is raised to just above the newest change
 *   that is old enough — never above the snapshot xmin, so every change below the horizon belongs to a
 *   finished transaction and later pulls (whose xmin can only be higher) stay incremental.
 * - A mirror whose watermark is below the horizon loads everything instead of pulling (sync/pull.ts).
 *   A machine offline for less than the retention never notices pruning.
 * - Safe under concurrent pulls: a pull reads the horizon and the changes in one REPEATABLE READ snapshot.
 *   The horizon is committed BEFORE any row below it is deleted, so a snapshot that misses a deleted row
 *   also sees the horizon that announces it; a snapshot taken before that commit still sees every row
 *   (MVCC keeps deleted rows for older snapshots, and VACUUM waits for them). Concurrent writers only
 *   add rows above the xmin, which pruning never touches.
 * - Cheap: the horizon is found by walking the txid index from its oldest entry, a head of at most
 *   `batchSize` rows per step; rows are deleted in batches, each its own short transaction (row locks,
 *   WAL and replication lag stay small, the storefront's writes never wait). `maxRows` bounds one run;
 *   what is left is found again by the next one.
 *
 * Applied ops — kept APPLIED_OPS_RETENTION_DAYS by `applied_at`, six times as long as changes: an op id
 * matters only to a machine that crashed (or lost the network) between the server's COMMIT and marking the
 * edit done locally, and that then stays off for months. Such a machine must not apply its edit twice even
 * after the id is gone, and it does not: every edit carries the versions of the rows it changes
 * (`OutboxEntry.baseVersions`), and its first application bumped them, so the re-push ends as a conflict
 * for the user to discard instead of a second application (test/…/sync/prune.test.ts proves it); an edit
 * that changed nothing bumped nothing, and applying it again changes nothing either. The long retention
 * keeps such conflicts rare, at ~100 bytes per id.
 */

/** How long changes are kept: a machine offline longer than this reloads the catalog on its next sync. */
export const CHANGES_RETENTION_DAYS = 30;
/** How long the ids of applied edits are kept (see above). */
export const APPLIED_OPS_RETENTION_DAYS = 180;

/**
 * The `pg_try_advisory_lock` key that keeps two machines from pruning at once: the first 8 bytes of
 * sha256('vitrina-prune') as a signed bigint. Fixed forever, like MIGRATION_LOCK_KEY.
 */
export const PRUNE_LOCK_KEY: string = crypto.createHash('sha256').update('vitrina-prune').digest().readBigInt64BE(0).toString();

/**
 * The statements that touch the big tables, exported so that tests can check that their plans use the
 * indexes. $1 = the cutoff (null: the default retention, $3 days) or the horizon; $2 = a row limit.
 * GREATEST keeps a horizon from ever moving down (and ignores NULL, "never pruned").
 */
export const PRUNE_SQL = {
  raiseChangesHorizon: `WITH cutoff AS (SELECT coalesce($1::timestamptz, now() - make_interval(days => $3)) AS at),
          head AS (SELECT txid, changed_at FROM vitrina_changes
                    WHERE txid >= coalesce((SELECT changes_horizon FROM vitrina_database), '0'::xid8)
                    ORDER BY txid LIMIT $2),
          first_kept AS (SELECT txid FROM head WHERE changed_at >= (SELECT at FROM cutoff) ORDER BY txid LIMIT 1),
          last_gone AS (SELECT txid FROM head
                         WHERE NOT EXISTS (SELECT 1 FROM first_kept) OR txid < (SELECT txid FROM first_kept)
                         ORDER BY txid DESC LIMIT 1),
          raised AS (UPDATE vitrina_database
                        SET changes_horizon = GREATEST(changes_horizon,
                              LEAST(((SELECT txid FROM last_gone)::text::numeric + 1)::text::xid8, pg_snapshot_xmin(pg_current_snapshot())))
                      WHERE EXISTS (SELECT 1 FROM last_gone)
                      RETURNING changes_horizon)
     SELECT coalesce((SELECT changes_horizon FROM raised), (SELECT changes_horizon FROM vitrina_database))::text AS h`,
  // `= ANY(ARRAY(…))` rather than IN (…): one primary-key lookup per row found, whatever the table's size.
  deleteChanges: 'DELETE FROM vitrina_changes WHERE id = ANY (ARRAY(SELECT id FROM vitrina_changes WHERE txid < $1::xid8 LIMIT $2))',
  deleteAppliedOps: 'DELETE FROM vitrina_applied_ops WHERE op_id = ANY (ARRAY(SELECT op_id FROM vitrina_applied_ops WHERE applied_at < $1::timestamptz LIMIT $2))',
} as const;

export interface PruneOptions {
  /** Changes written before this are deleted. Default: the server's now() minus CHANGES_RETENTION_DAYS. */
  olderThan?: Date;
  /** Op ids applied before this are deleted. Default: the server's now() minus APPLIED_OPS_RETENTION_DAYS. */
  appliedOpsOlderThan?: Date;
  /** Rows per delete statement, and per step of the horizon. Default 10 000. */
  batchSize?: number;
  /** At most this many rows of each table per run. Default 1 000 000. */
  maxRows?: number;
}

/** What a prune run did. */
export interface PruneResult {
  /** Another machine was pruning (it holds PRUNE_LOCK_KEY): this run did nothing. */
  skipped: boolean;
  changesDeleted: number;
  appliedOpsDeleted: number;
  /** `vitrina_database.changes_horizon` afterwards (xid8 as decimal text), null if never raised. */
  changesHorizon: string | null;
  /** `vitrina_database.applied_ops_horizon` afterwards (ISO-8601), null if never raised. */
  appliedOpsHorizon: string | null;
}

/**
 * Deletes old changes and op ids and raises the horizons, unless another machine is pruning right now
 * (then `skipped`: one prune a day is plenty, so nobody waits for the lock). Needs schema 40 and, for the
 * database user, DELETE on `vitrina_changes` and `vitrina_applied_ops` and UPDATE on `vitrina_database`.
 * Runs outside any transaction of the caller: it commits as it goes (see above).
 */
export async function pruneRemote(client: pg.Client, options: PruneOptions = {}): Promise<PruneResult> {
  const locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [PRUNE_LOCK_KEY])).rows[0]!.ok;
  if (!locked) return { skipped: true, changesDeleted: 0, appliedOpsDeleted: 0, changesHorizon: null, appliedOpsHorizon: null };
  try {
    const batch = options.batchSize ?? 10_000;
    const maxRows = options.maxRows ?? 1_000_000;
    const changesDeleted = await pruneChanges(client, options.olderThan ?? null, batch, { left: maxRows });
    const appliedOpsDeleted = await pruneAppliedOps(client, options.appliedOpsOlderThan ?? null, batch, { left: maxRows });
    const { rows } = await client.query<{ changes: string | null; ops: Date | null }>(
      'UPDATE vitrina_database SET pruned_at = now() RETURNING changes_horizon::text AS changes, applied_ops_horizon AS ops',
    );
    return { skipped: false, changesDeleted, appliedOpsDeleted, changesHorizon: rows[0]?.changes ?? null, appliedOpsHorizon: rows[0]?.ops?.toISOString() ?? null };
  } finally {
    // A session lock: released here, or by the server if the connection dropped mid-prune.
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [PRUNE_LOCK_KEY]).catch(() => {});
  }
}

/** Raises the changes horizon one head of the txid index at a time, deleting below it after each step. */
async function pruneChanges(client: pg.Client, olderThan: Date | null, batch: number, budget: { left: number }): Promise<number> {
  let horizon = (await client.query<{ h: string | null }>('SELECT changes_horizon::text AS h FROM vitrina_database')).rows[0]?.h ?? null;
  // Leftovers of a run that stopped after raising the horizon (budget, dropped connection) go first.
  let deleted = horizon === null ? 0 : await deleteBelow(client, 'changes', horizon, batch, budget);
  while (budget.left > 0) {
    const raised = await raiseChangesHorizon(client, olderThan, batch);
    if (raised === null || raised === horizon) break;
    horizon = raised;
    deleted += await deleteBelow(client, 'changes', horizon, batch, budget);
  }
  return deleted;
}

/**
 * One step: among the oldest `limit` changes at or above the horizon, the newest one written before the
 * cutoff that is not preceded (in txid order) by a change to keep; the horizon goes just above it, capped
 * at the snapshot xmin. Above the newest deleted change rather than at the oldest kept one, so that a
 * mirror that pulled after the last deleted change stays incremental. Returns the horizon afterwards, or
 * null when it was never set and nothing is old enough.
 */
async function raiseChangesHorizon(client: pg.Client, olderThan: Date | null, limit: number): Promise<string | null> {
  const { rows } = await client.query<{ h: string | null }>(PRUNE_SQL.raiseChangesHorizon, [olderThan, limit, CHANGES_RETENTION_DAYS]);
  return rows[0]?.h ?? null;
}

/** Moves the applied-ops horizon up to the cutoff (never down) and deletes the op ids below it. */
async function pruneAppliedOps(client: pg.Client, olderThan: Date | null, batch: number, budget: { left: number }): Promise<number> {
  const { rows } = await client.query<{ h: string | null }>(
    `UPDATE vitrina_database
        SET applied_ops_horizon = GREATEST(applied_ops_horizon, coalesce($1::timestamptz, now() - make_interval(days => $2)))
      RETURNING applied_ops_horizon::text AS h`,
    [olderThan, APPLIED_OPS_RETENTION_DAYS],
  );
  const horizon = rows[0]?.h ?? null;
  return horizon === null ? 0 : deleteBelow(client, 'applied-ops', horizon, batch, budget);
}

/** Deletes the rows below `horizon` in batches (each statement commits on its own), within the budget. */
async function deleteBelow(client: pg.Client, table: 'changes' | 'applied-ops', horizon: string, batch: number, budget: { left: number }): Promise<number> {
  let deleted = 0;
  while (budget.left > 0) {
    const limit = Math.min(batch, budget.left);
    const n = (await client.query(table === 'changes' ? PRUNE_SQL.deleteChanges : PRUNE_SQL.deleteAppliedOps, [horizon, limit])).rowCount ?? 0;
    deleted += n;
    budget.left -= n;
    if (n < limit) break;
  }
  return deleted;
}

/**
 * The changes horizon as a pull must read it: in its own snapshot, and tolerant of a database still at
 * schema 30 (no column yet, so never pruned: null). Read through to_jsonb so that sync keeps working until
 * someone runs `vitrina db migrate`, which staff laptops may not be allowed to do.
 */
export const CHANGES_HORIZON_SQL = `(SELECT to_jsonb(d) ->> 'changes_horizon' FROM vitrina_database d)`;
