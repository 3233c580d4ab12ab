import type pg from 'pg';
import type { AppError } from '../../../../shared/result';
import type { LocalDatabase } from '../../store/database';
import { MirrorWriter, SYNC_KEYS } from '../local/mirror';
import { OutboxTable } from '../local/outbox';
import { pruneRemote, type PruneOptions, type PruneResult } from '../remote/prune';
import { classifySyncError } from './syncErrors';

/** The PostgreSQL schema version that has the prune horizons (migration 0040). Older: sync works, no prune. */
export const PRUNE_REMOTE_SCHEMA = 40;

/** A machine prunes at most this often: the retentions are counted in days, so daily is precise enough. */
export const PRUNE_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * How long this machine keeps edits that ended (pushed, or a conflict settled). Nothing reads them for
 * correctness — a re-push only ever concerns pending edits — they are only history for someone looking
 * into what a machine did recently.
 */
export const DONE_EDITS_RETENTION_DAYS = 30;

/** What a housekeeping run did. */
export interface HousekeepingResult {
  /** Finished edits this machine forgot. */
  doneEditsDeleted: number;
  /** The remote prune (`skipped` when another machine was at it); null when the database predates schema 40. */
  remote: PruneResult | null;
  /** Why the remote prune failed (e.g. the user may not DELETE): the sync itself still counts as successful. */
  error: AppError | null;
}

export interface HousekeepingOptions {
  /** This machine's clock (the sync service's). */
  now: Date;
  /** The database's schema version, as the sync found it. */
  remoteSchema: number;
  /** For tests: cutoffs of the remote prune. */
  prune?: PruneOptions;
}

/**
 * Prunes the sync bookkeeping after a successful sync when the last run on this machine is a day old:
 * this machine's finished outbox edits, and PostgreSQL's old changes and op ids (remote/prune.ts), under
 * a try-lock so two machines never prune at once. Returns null when it is not due.
 *
 * The time is recorded before anything runs, so a prune that fails (no DELETE right, network gone) is tried
 * again tomorrow, not at every sync. It never throws: pruning is housekeeping and must not turn a
 * successful sync into a failed one.
 */
export async function housekeepIfDue(client: pg.Client, db: LocalDatabase, options: HousekeepingOptions): Promise<HousekeepingResult | null> {
  const writer = new MirrorWriter(db);
  const last = writer.state(SYNC_KEYS.lastPruneAt);
  const now = options.now.getTime();
  // Due when never run or a day old; also when the recorded time lies over a day ahead (a clock set back),
  // which would otherwise stop pruning until the clock catches up.
  if (last !== undefined && Math.abs(now - Date.parse(last)) < PRUNE_EVERY_MS) return null;
  writer.setStateValue(SYNC_KEYS.lastPruneAt, options.now.toISOString());
  const result: HousekeepingResult = { doneEditsDeleted: 0, remote: null, error: null };
  try {
    const before = new Date(now - DONE_EDITS_RETENTION_DAYS * 24 * 60 * 60 * 1000).toISOString();
    result.doneEditsDeleted = new OutboxTable(db).deleteDoneBefore(before);
    if (options.remoteSchema >= PRUNE_REMOTE_SCHEMA) result.remote = await pruneRemote(client, options.prune);
  } catch (error) {
    result.error = classifySyncError(error);
  }
  return result;
}
