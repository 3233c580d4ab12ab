import crypto from 'node:crypto';
import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLIED_OPS_RETENTION_DAYS, PRUNE_LOCK_KEY, PRUNE_SQL, pruneRemote } from '../../../../../electron/core/catalog/remote/prune';
import { createRemote, eventually, pauseBefore, seedCatalog, type RemoteFixture } from '../sync/helpers';

let remote: RemoteFixture;
let client: pg.Client;
const extra: pg.Client[] = [];

beforeEach(async () => {
  remote = await createRemote();
  client = await remote.connect();
});
afterEach(async () => {
  await Promise.all([client, ...extra.splice(0)].map((c) => c.end().catch(() => {})));
  await remote.drop();
});

const q = async <T = Record<string, unknown>>(sql: string, values: unknown[] = []) => (await remote.admin.query(sql, values)).rows as T[];
const txids = async () => (await q<{ t: string }>('SELECT DISTINCT txid::text AS t FROM vitrina_changes ORDER BY 1')).map((r) => BigInt(r.t));
const horizon = async () => (await q<{ h: string | null }>('SELECT changes_horizon::text AS h FROM vitrina_database'))[0]!.h;
/** Makes every change written so far look `days` old. */
const age = (days: number) => q(`UPDATE vitrina_changes SET changed_at = now() - make_interval(days => $1)`, [days]);
const hourFromNow = () => new Date(Date.now() + 3_600_000);

describe('pruneRemote', () => {
  it('deletes the changes older than the retention and raises the horizon just above the newest one deleted', async () => {
    // Products and photos: two transactions, both 40 days old; then one recent update.
    const [a] = await seedCatalog(remote.admin, { count: 3, images: 2 });
    const old = (await txids()).at(-1);
    await age(40);
    await remote.admin.query('UPDATE products SET price = 9 WHERE id = $1', [a]);
    const recent = (await txids()).at(-1);
    // The snapshot xmin is cluster-wide: a transaction of another test file may hold it (and the horizon) back
    // for a moment. Pruning again is harmless, so try until it is past.
    await eventually(async () => (await pruneRemote(client)).changesHorizon === String(old! + 1n));
    expect(await txids()).toEqual([recent]);
    expect(BigInt((await horizon())!)).toBeLessThanOrEqual(recent!);
    // Nothing is old enough any more: the horizon stays where it is, even for an older cutoff.
    expect(await pruneRemote(client)).toMatchObject({ skipped: false, changesDeleted: 0, changesHorizon: String(old! + 1n) });
    expect(await pruneRemote(client, { olderThan: new Date('2000-01-01') })).toMatchObject({ changesHorizon: String(old! + 1n) });
    expect((await q('SELECT pruned_at FROM vitrina_database'))[0]!.pruned_at).not.toBeNull();
  });

  it('leaves a never-pruned database alone when nothing is old enough', async () => {
    await seedCatalog(remote.admin, { count: 2, images: 1 });
    const before = await txids();
    expect(await pruneRemote(client)).toEqual({ skipped: false, changesDeleted: 0, appliedOpsDeleted: 0, changesHorizon: null, appliedOpsHorizon: expect.any(String) });
    expect(await txids()).toEqual(before);
  });

  it(`keeps applied op ids ${APPLIED_OPS_RETENTION_DAYS} days, deleting only older ones`, async () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await remote.admin.query(
      `INSERT INTO vitrina_applied_ops (op_id, applied_at) VALUES ($1, now() - interval '200 days'), ($2, now() - interval '100 days'), ($3, now())`,
      ids,
    );
    const result = await pruneRemote(client);
    expect(result.appliedOpsDeleted).toBe(1);
    expect((await q<{ id: string }>('SELECT op_id::text AS id FROM vitrina_applied_ops ORDER BY applied_at')).map((r) => r.id)).toEqual(ids.slice(1));
    const kept = Date.now() - Date.parse(result.appliedOpsHorizon!);
    expect(kept / 86_400_000).toBeCloseTo(APPLIED_OPS_RETENTION_DAYS, 0);
  });

  it('works through a backlog in bounded runs and steps, never leaving a change above the horizon deleted', async () => {
    // Three transactions of 5, 5 and 15 changes.
    await seedCatalog(remote.admin, { count: 5, images: 0, prefix: 'A' });
    await seedCatalog(remote.admin, { count: 5, images: 0, prefix: 'B' });
    await seedCatalog(remote.admin, { count: 15, images: 0, prefix: 'C' });
    const [, , last] = await txids();
    const remaining = async () => Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM vitrina_changes'))[0]!.n);
    // Everything is old; batches of 4 rows, at most 12 rows per run: the third run finishes.
    let deleted = 0;
    await eventually(async () => {
      const run = await pruneRemote(client, { olderThan: hourFromNow(), batchSize: 4, maxRows: 12 });
      expect(run.changesDeleted).toBeLessThanOrEqual(12);
      deleted += run.changesDeleted;
      // Whatever a run stopped at, it deleted nothing at or above the horizon.
      const above = await q<{ n: number }>('SELECT count(*)::int AS n FROM vitrina_changes WHERE txid >= $1::xid8', [run.changesHorizon ?? '0']);
      expect(await remaining()).toBe(25 - deleted);
      expect(above[0]!.n).toBeLessThanOrEqual(25 - deleted);
      return run.changesHorizon === String(last! + 1n) && deleted === 25;
    });
    expect(await remaining()).toBe(0);
  });

  it('uses the indexes, not a scan of the whole table', async () => {
    await remote.admin.query('SET enable_seqscan = off');
    const plan = async (sql: string, values: unknown[]) => (await q<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, values)).map((r) => r['QUERY PLAN']).join('\n');
    // (Bitmap) index scans: the oldest changes by txid or op ids by time, then the rows to delete by primary key.
    const scans = (text: string, index: string, condition = '') => new RegExp(`Index Scan (on|using) ${index}[^\\n]*\\n\\s*Index Cond: \\(${condition}`).test(text);
    const raise = await plan(PRUNE_SQL.raiseChangesHorizon, [null, 10_000, 30]);
    expect(scans(raise, 'vitrina_changes_txid', 'txid >=')).toBe(true);
    const changes = await plan(PRUNE_SQL.deleteChanges, ['12345', 10_000]);
    expect(scans(changes, 'vitrina_changes_txid', 'txid <') && scans(changes, 'vitrina_changes_pkey', 'id = ANY')).toBe(true);
    const ops = await plan(PRUNE_SQL.deleteAppliedOps, [new Date(), 10_000]);
    expect(scans(ops, 'vitrina_applied_ops_applied_at', 'applied_at <') && scans(ops, 'vitrina_applied_ops_pkey', 'op_id = ANY')).toBe(true);
    for (const text of [raise, changes, ops]) expect(text).not.toMatch(/Seq Scan on vitrina_(changes|applied_ops)/);
  });

  it('lets only one machine prune at a time: a second prune meanwhile skips at once', async () => {
    await seedCatalog(remote.admin, { count: 4, images: 1 });
    const other = await remote.connect();
    extra.push(other);
    // Machine A stops right before its first delete, holding the prune lock.
    const a = pauseBefore(client, /^DELETE FROM vitrina_changes/);
    const first = pruneRemote(a.client, { olderThan: hourFromNow() });
    await a.reached;
    expect(await pruneRemote(other, { olderThan: hourFromNow() })).toMatchObject({ skipped: true, changesDeleted: 0 });
    a.release();
    expect(await first).toMatchObject({ skipped: false });
    // The lock is free again (also for the machine that skipped).
    expect((await pruneRemote(other)).skipped).toBe(false);
    const held = await q<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`, [
      PRUNE_LOCK_KEY,
    ]);
    expect(held[0]!.n).toBe(0);
  });
});
