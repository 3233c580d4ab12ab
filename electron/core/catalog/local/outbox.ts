import type { LocalDatabase } from '../../store/database';
import type { BaseVersions, CatalogEdit, ConflictedEdit, OutboxEntry, OutboxResolution, OutboxState, VersionMoves } from './editTypes';

interface OutboxRow {
  seq: number;
  id: string;
  kind: string;
  product_id: number;
  payload: string;
  base_versions: string;
  state: OutboxState;
  resolution: OutboxResolution | null;
  created_at: string;
  updated_at: string;
  attempts: number;
  last_error: string | null;
}

/**
 * The `outbox` table (migration 0030): queued catalog edits, in the order they were made. SQL only; the
 * rules (what an edit does, when it conflicts) live in edits.ts and sync/push.ts. No method opens a
 * transaction: callers combine outbox writes with mirror writes atomically.
 */
export class OutboxTable {
  constructor(private readonly db: LocalDatabase) {}

  /** Queues an edit as `pending`; returns the stored row. */
  append(input: { id: string; edit: CatalogEdit; baseVersions: BaseVersions; now: string }): OutboxEntry {
    const { kind, ...payload } = input.edit;
    const row = this.db
      .prepare(
        `INSERT INTO outbox (id, kind, product_id, payload, base_versions, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING *`,
      )
      .get(input.id, kind, input.edit.productId, JSON.stringify(payload), JSON.stringify(input.baseVersions), input.now, input.now) as OutboxRow;
    return toEntry(row);
  }

  get(id: string): OutboxEntry | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    return row && toEntry(row);
  }

  /** The highest seq queued so far (0 when empty): a push run stops there, edits made meanwhile wait. */
  lastSeq(): number {
    return (this.db.prepare('SELECT coalesce(max(seq), 0) FROM outbox').pluck().get() as number) ?? 0;
  }

  /** The oldest pending edit with `seq <= upTo`. */
  nextPending(upTo: number): OutboxEntry | undefined {
    const row = this.db.prepare(`SELECT * FROM outbox WHERE state = 'pending' AND seq <= ? ORDER BY seq LIMIT 1`).get(upTo) as OutboxRow | undefined;
    return row && toEntry(row);
  }

  /** Pending edits of the given products (all products when omitted), in push order. */
  pending(productIds?: Iterable<number>): OutboxEntry[] {
    if (productIds === undefined) return (this.db.prepare(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY seq`).all() as OutboxRow[]).map(toEntry);
    const ids = [...new Set(productIds)];
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT * FROM outbox WHERE state = 'pending' AND product_id IN (SELECT value FROM json_each(?)) ORDER BY seq`)
      .all(JSON.stringify(ids)) as OutboxRow[];
    return rows.map(toEntry);
  }

  /** How many edits are in each state. */
  counts(): Record<OutboxState, number> {
    const counts: Record<OutboxState, number> = { pending: 0, conflicted: 0, done: 0 };
    for (const row of this.db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: OutboxState; n: number }[]) counts[row.state] = row.n;
    return counts;
  }

  markDone(id: string, resolution: OutboxResolution, now: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'done', resolution = ?, updated_at = ? WHERE id = ?`).run(resolution, now, id);
  }

  /** The server won; `reason` tells the user why, and stays with the edit until it is re-applied or discarded. */
  markConflicted(id: string, reason: string, now: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'conflicted', last_error = ?, updated_at = ? WHERE id = ?`).run(reason, now, id);
  }

  /**
   * Forgets edits that ended (`done`: pushed, or a conflict re-applied or discarded) before `before` (ISO
   * time, compared with `updated_at`, when they ended). Pending and conflicted edits are never touched: they
   * still have to reach the server or the user. Safe for ordering: AUTOINCREMENT never reuses a `seq`.
   * Returns the number of rows deleted.
   */
  deleteDoneBefore(before: string): number {
    return this.db.prepare(`DELETE FROM outbox WHERE state = 'done' AND updated_at < ?`).run(before).changes;
  }

  /** A push attempt failed for a reason other than a conflict; the edit stays pending, in its place. */
  recordFailure(id: string, message: string, now: string): void {
    this.db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?').run(message, now, id);
  }

  /**
   * After an edit reached the server, the later pending edits of the same product that were made on top of
   * it (their base version of a row equals the pushed edit's "before") now build on the server's "after":
   * exactly what they would have read had the first edit been pushed before they were made. Without this,
   * two offline edits of the same photo would conflict with each other.
   */
  rebase(after: OutboxEntry, moves: VersionMoves): void {
    if (Object.keys(moves).length === 0) return;
    const update = this.db.prepare('UPDATE outbox SET base_versions = ? WHERE id = ?');
    for (const later of this.pending([after.edit.productId])) {
      if (later.seq <= after.seq) continue;
      let changed = false;
      const base = { ...later.baseVersions };
      for (const [key, [before, now]] of Object.entries(moves)) {
        if (base[key] === before) {
          base[key] = now;
          changed = true;
        }
      }
      if (changed) update.run(JSON.stringify(base), later.id);
    }
  }

  /** Conflicted edits, oldest first, with the product's SKU and name for display. */
  conflicts(): ConflictedEdit[] {
    const rows = this.db
      .prepare(
        `SELECT o.*, p.sku AS sku, p.name AS product_name FROM outbox o LEFT JOIN products p ON p.id = o.product_id
          WHERE o.state = 'conflicted' ORDER BY o.seq`,
      )
      .all() as (OutboxRow & { sku: string | null; product_name: string | null })[];
    return rows.map((row) => {
      const entry = toEntry(row);
      return { id: entry.id, edit: entry.edit, reason: entry.lastError ?? '', createdAt: entry.createdAt, sku: row.sku, productName: row.product_name };
    });
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    seq: row.seq,
    // Rows are only ever written by `append` from a typed edit; the kind column is the discriminant.
    edit: { kind: row.kind, ...JSON.parse(row.payload) } as CatalogEdit,
    baseVersions: JSON.parse(row.base_versions) as BaseVersions,
    state: row.state,
    resolution: row.resolution,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}
