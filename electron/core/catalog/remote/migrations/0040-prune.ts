/**
 * Bounded sync bookkeeping (pruned by ../prune.ts). `vitrina_changes` and `vitrina_applied_ops` used to grow
 * forever; pruning deletes their old rows, and the database records how far it went so that nobody mistakes
 * a gap for "nothing happened":
 *
 * - `changes_horizon`: every change with `txid` below it may have been deleted. A mirror whose pull
 *   watermark is below it cannot pull incrementally (it would miss what was deleted, e.g. a product removed
 *   meanwhile) and loads everything instead (../../sync/pull.ts). Null = nothing was ever pruned.
 * - `applied_ops_horizon`: op ids applied before this time may have been deleted (see prune.ts for why that
 *   is safe for a machine that comes back with an edit it already pushed).
 * - `pruned_at`: when a prune last ran, for people looking at the database.
 *
 * Adding nullable columns without a default only touches the catalog, so it does not rewrite the table.
 * The index on `applied_ops(applied_at)` lets prune find old op ids without reading the whole table; the
 * changes need no new index: prune walks `vitrina_changes_txid` from its oldest entry (see prune.ts).
 */
export const up = `
ALTER TABLE vitrina_database
  ADD COLUMN changes_horizon xid8,
  ADD COLUMN applied_ops_horizon timestamptz,
  ADD COLUMN pruned_at timestamptz;

CREATE INDEX vitrina_applied_ops_applied_at ON vitrina_applied_ops (applied_at);
`;
