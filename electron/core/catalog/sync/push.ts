import type pg from 'pg';
import type { AppError } from '../../../../shared/result';
import type { LocalDatabase } from '../../store/database';
import { LocalApplier } from '../local/applyLocal';
import type { OutboxEntry, VersionMoves } from '../local/editTypes';
import { MirrorWriter } from '../local/mirror';
import { OutboxTable } from '../local/outbox';
import { firstLine, sqlState } from '../remote/pgUtil';
import { applyEditRemotely } from './remoteEdits';
import { readProductState, type ProductState } from './remoteRows';
import { classifySyncError } from './syncErrors';

/** What one push run did. */
export interface PushResult {
  /** Edits applied to PostgreSQL by this run. */
  pushed: number;
  /** Edits found already applied (a previous run crashed or lost the connection after the server's COMMIT). */
  alreadyApplied: number;
  /** Edits the server refused because its rows had moved on; they wait as `conflicted`. */
  conflicts: number;
  /** Why the run stopped early (the edit it was on, and all later ones, stay pending in order); null if it did not. */
  error: AppError | null;
}

export interface PushOptions {
  now?: () => Date;
  /** Tries per edit when PostgreSQL aborts it for a deadlock or a serialization failure. */
  maxRetries?: number;
}

type Outcome =
  | { status: 'applied' | 'already-applied'; moves: VersionMoves; state: ProductState }
  | { status: 'conflict'; reason: string; state: ProductState };

/**
 * Pushes the outbox to PostgreSQL: the pending edits queued when the run starts, in order, each in its own
 * transaction. For each edit:
 * 1. its id goes into `vitrina_applied_ops` in the same transaction — if it is already there, the edit was
 *    applied before (crash between the server's COMMIT and "done" here), so it is only marked done;
 * 2. the product's photo rows are locked (remoteEdits.ts), so machines editing one product take turns;
 * 3. the rows it depends on must still have the versions the user edited, else it is a conflict: rolled
 *    back entirely, marked `conflicted` with the reason, and the server's version is shown;
 * 4. the edit is applied and the photo invariants restored.
 * Then, in one SQLite transaction, the edit is marked, later edits are rebased on the new versions, the
 * product's rows in the mirror are replaced by the server's, and pending edits replayed over them.
 *
 * The run stops at the first error that is not a conflict (e.g. the server went away): that edit and all
 * later ones stay pending, in order, and nothing is lost.
 */
export async function pushOutbox(client: pg.Client, db: LocalDatabase, options: PushOptions = {}): Promise<PushResult> {
  const outbox = new OutboxTable(db);
  const writer = new MirrorWriter(db);
  const applier = new LocalApplier(db);
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const result: PushResult = { pushed: 0, alreadyApplied: 0, conflicts: 0, error: null };
  // Edits made while this run is under way wait for the next one, so a busy user cannot keep it going.
  const upTo = outbox.lastSeq();
  for (let entry = outbox.nextPending(upTo); entry; entry = outbox.nextPending(upTo)) {
    let outcome: Outcome;
    try {
      outcome = await pushOne(client, entry, options.maxRetries ?? 3);
    } catch (error) {
      result.error = classifySyncError(error);
      outbox.recordFailure(entry.id, result.error.message, now());
      return result;
    }
    const done = entry;
    db.transaction(() => {
      if (outcome.status === 'conflict') outbox.markConflicted(done.id, outcome.reason, now());
      else {
        outbox.markDone(done.id, outcome.status === 'applied' ? 'applied' : 'already-applied', now());
        outbox.rebase(done, outcome.moves);
      }
      writer.replaceProduct(outcome.state);
      applier.replayPending(now(), [done.edit.productId]);
    })();
    if (outcome.status === 'applied') result.pushed += 1;
    else if (outcome.status === 'already-applied') result.alreadyApplied += 1;
    else result.conflicts += 1;
  }
  return result;
}

async function pushOne(client: pg.Client, entry: OutboxEntry, maxRetries: number): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOne(client, entry);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const state = sqlState(error);
      // Deadlock or serialization failure: PostgreSQL undid the transaction; trying again is the cure.
      if ((state === '40P01' || state === '40001') && attempt < maxRetries) continue;
      // Integrity or data errors concern this edit alone (e.g. two machines adding a product's first review
      // at once, or a change some other writer made impossible). Treating them as conflicts keeps one bad
      // edit from blocking the queue forever.
      if (state?.startsWith('23') || state?.startsWith('22'))
        return { status: 'conflict', reason: rejectionReason(entry, error), state: await readProductState(client, entry.edit.productId) };
      throw error;
    }
  }
}

async function attemptOne(client: pg.Client, entry: OutboxEntry): Promise<Outcome> {
  const productId = entry.edit.productId;
  await client.query('BEGIN');
  const fresh = await client.query('INSERT INTO vitrina_applied_ops (op_id) VALUES ($1) ON CONFLICT (op_id) DO NOTHING', [entry.id]);
  if (fresh.rowCount === 0) {
    const stored = await client.query<{ outcome: { moves?: VersionMoves } | null }>('SELECT outcome FROM vitrina_applied_ops WHERE op_id = $1', [entry.id]);
    const state = await readProductState(client, productId);
    await client.query('COMMIT');
    return { status: 'already-applied', moves: stored.rows[0]?.outcome?.moves ?? {}, state };
  }
  const applied = await applyEditRemotely(client, entry);
  if (applied.status === 'conflict') {
    await client.query('ROLLBACK');
    return { status: 'conflict', reason: applied.reason, state: await readProductState(client, productId) };
  }
  await client.query('UPDATE vitrina_applied_ops SET outcome = $2 WHERE op_id = $1', [entry.id, { moves: applied.moves }]);
  const state = await readProductState(client, productId);
  // Deferred checks (photo positions) run here; a failure lands in pushOne's catch like any other.
  await client.query('COMMIT');
  return { status: 'applied', moves: applied.moves, state };
}

function rejectionReason(entry: OutboxEntry, error: unknown): string {
  const state = sqlState(error);
  if (entry.edit.kind === 'set-review' && state === '23505') return 'Someone reviewed this product on another computer at the same moment; their review was kept.';
  if (state === '23503') return 'The product was removed from the catalog, so this edit could not be applied.';
  return `PostgreSQL refused this edit (${firstLine(error)}); the catalog was left as it was.`;
}
