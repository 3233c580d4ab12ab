import type pg from 'pg';

/**
 * Reading `vitrina_changes` (filled by the triggers of migration 0020) without ever skipping a change.
 *
 * Why not "changes since the last timestamp / the last id": a transaction stamps its change rows when it
 * writes them, but other readers see them only when it commits. A laptop that updates product A at 10:00
 * and commits at 10:05 produces a row stamped 10:00 (and an `id` drawn at 10:00) that becomes visible after
 * a reader already moved its cursor past 10:04. Timestamps and sequences are both assigned before commit.
 *
 * What is safe: the snapshot's xmin. `pg_snapshot_xmin(pg_current_snapshot())` is the oldest transaction
 * still running when the snapshot was taken; every transaction id below it has finished (committed or
 * rolled back), so the changes with `txid < xmin` are final and visible to this and any later snapshot.
 * A pull therefore reads `watermark <= txid < xmin` and stores xmin as the next watermark:
 * - a transaction still open at pull time has `txid >= xmin`, so it falls into a later pull — however
 *   long it takes to commit and whatever time it stamped;
 * - the ranges of successive pulls are adjacent and disjoint, so nothing is read twice or skipped;
 * - cost: one long-running transaction holds xmin back, which delays (never loses) everyone's changes.
 * `xid8` is epoch-extended 64-bit, so the comparison survives transaction-id wraparound. Values travel as
 * decimal strings: they do not fit a JS number safely.
 *
 * First sync: read the watermark and do the full load in the same REPEATABLE READ transaction, then pull
 * from that watermark. Changes already in the full load may be pulled again; re-applying is harmless.
 */
export async function readSnapshotWatermark(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
  return rows[0]!.xmin;
}

/** The tables whose changes are tracked. */
export type TrackedTable = 'products' | 'product_images' | 'product_reviews';

/** One changed row: re-read it by key (`id`, or `product_id` for reviews). */
export interface CatalogChange {
  table: TrackedTable;
  /** The row's key as text: a product id, an image uuid, or the reviewed product's id. */
  rowKey: string;
  /**
   * The last operation on this key in the range: `U` (inserted or updated) or `D` (deleted). Fetch the row's
   * current state anyway and treat "not found" as deleted — a later pull may already know more.
   */
  op: 'U' | 'D';
  /** The transaction of that last operation (xid8 as a decimal string). */
  txid: string;
}

/**
 * The changes of transactions `from <= txid < to`, one per row key: the last operation on it. "Last" is by
 * the change row's `id`, which follows the real order for a given key — a second writer of the same row
 * waits for the first one's row lock (or unique-index check) before its trigger draws an id.
 * `to` must be a watermark from `readSnapshotWatermark` (or older); beyond it, transactions may still
 * commit into the range after this read.
 */
export async function readChanges(client: pg.Client, range: { from: string; to: string }): Promise<CatalogChange[]> {
  const { rows } = await client.query<{ table_name: TrackedTable; row_key: string; op: 'U' | 'D'; txid: string }>(
    `SELECT DISTINCT ON (table_name, row_key) table_name, row_key, op, txid::text AS txid
       FROM vitrina_changes
      WHERE txid >= $1::xid8 AND txid < $2::xid8
      ORDER BY table_name, row_key, id DESC`,
    [range.from, range.to],
  );
  return rows.map((r) => ({ table: r.table_name, rowKey: r.row_key, op: r.op, txid: r.txid }));
}
