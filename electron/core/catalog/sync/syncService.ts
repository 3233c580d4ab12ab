import type pg from 'pg';
import type { ErrorKind } from '../../../../shared/result';
import type { SyncReport } from '../../../../shared/sync';
import { isDemoStore } from '../../demo/demoCatalog';
import type { LocalDatabase } from '../../store/database';
import { AppFailure } from '../../errors';
import { MirrorWriter, SYNC_KEYS } from '../local/mirror';
import { OutboxTable } from '../local/outbox';
import { housekeepIfDue, type HousekeepingResult } from './housekeeping';
import { pullCatalog } from './pull';
import { pushOutbox } from './push';
import { classifySyncError } from './syncErrors';

/**
 * The PostgreSQL schema version sync needs: 50, for the photos' variants, warnings and perceptual hash that
 * the mirror reads with every photo row (0050-image-details). Below it, sync stops with "run `vitrina db
 * migrate`" and edits stay queued. (Pruning needs 40; it is checked separately in sync/housekeeping.ts.)
 */
export const REQUIRED_REMOTE_SCHEMA = 50;

export type { SyncReport } from '../../../../shared/sync';

export interface SyncServiceOptions {
  db: LocalDatabase;
  /** Opens a connection to the shop's database (the app: `connectConfigured`; tests: a throwaway DB). */
  connect: () => Promise<pg.Client>;
  /** Called after every sync, e.g. to tell the UI. */
  onReport?: (report: SyncReport) => void;
  /** Called after the (at most daily) pruning of sync bookkeeping, e.g. to log what it did or why it failed. */
  onHousekeeping?: (result: HousekeepingResult) => void;
  now?: () => Date;
}

export interface SyncSchedule {
  /** Time between syncs while everything works. */
  intervalMs: number;
  /** First retry delay after a failure; doubles up to `maxRetryMs`. Default 1 s. */
  retryMs?: number;
  /** Default: `intervalMs`, at most 60 s. */
  maxRetryMs?: number;
}

/** Failures that may pass by themselves: retry soon, with backoff, rather than at the next interval. */
const RETRY_SOON: readonly ErrorKind[] = ['unreachable', 'internal'];

/**
 * Two-way sync of the catalog: push the outbox, then pull; after a successful sync, at most once a day,
 * prune the sync bookkeeping (housekeeping.ts). One sync at a time — a second caller gets the
 * running sync's report. Everything except talking to PostgreSQL (edits, browsing, the outbox) works without
 * it; sync only moves what is queued.
 */
export class SyncService {
  private running: Promise<SyncReport> | null = null;
  private schedule: (SyncSchedule & { delay: number }) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: SyncServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** True while a sync runs. */
  get isRunning(): boolean {
    return this.running !== null;
  }

  /** True once `start` was called and until `stop`. */
  get isScheduled(): boolean {
    return this.schedule !== null;
  }

  /** Syncs now, or joins the sync already running. */
  syncNow(): Promise<SyncReport> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Syncs at once, then every `intervalMs`; after a failure, retries with backoff (1 s, 2 s, 4 s… up to
   * `maxRetryMs`) until PostgreSQL answers, and syncs then. Calling it again changes the schedule.
   */
  start(schedule: SyncSchedule): void {
    this.clearTimer();
    this.schedule = { ...schedule, delay: schedule.retryMs ?? 1_000 };
    this.arm(0);
  }

  /** The network is back (e.g. the OS says so): sync now instead of at the next retry. */
  connectionReturned(): void {
    if (this.schedule && !this.running) this.arm(0);
  }

  /** Stops the schedule and waits for a running sync to finish. */
  async stop(): Promise<void> {
    this.schedule = null;
    this.clearTimer();
    await this.running;
  }

  private arm(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => void this.tick(), delayMs);
    // A pending sync must not keep a CLI or test process alive.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    const report = await this.syncNow();
    const schedule = this.schedule;
    if (!schedule) return;
    const maxRetry = schedule.maxRetryMs ?? Math.min(schedule.intervalMs, 60_000);
    if (report.error && RETRY_SOON.includes(report.error.kind)) {
      this.arm(schedule.delay);
      schedule.delay = Math.min(schedule.delay * 2, maxRetry);
    } else {
      schedule.delay = schedule.retryMs ?? 1_000;
      this.arm(schedule.intervalMs);
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(): Promise<SyncReport> {
    const started = performance.now();
    const { db } = this.options;
    const report: SyncReport = { pushed: 0, conflicts: 0, pulled: null, pending: 0, durationMs: 0, finishedAt: '', error: null };
    let client: pg.Client | undefined;
    try {
      // The demo's store holds sample products and demo photos: none of it may reach the shop's database.
      if (isDemoStore(db)) throw new AppFailure('validation', 'The demo workspace is never synced: its catalog is a sample. Set up the shop\'s database in Settings to sync the real catalog.');
      client = await this.options.connect();
      const remoteSchema = await checkRemoteSchema(client);
      const push = await pushOutbox(client, db, { now: this.now });
      report.pushed = push.pushed + push.alreadyApplied;
      report.conflicts = push.conflicts;
      report.error = push.error;
      // A push stopped by an unreachable server means the pull would fail the same way. Any other stop (one
      // edit the server keeps refusing) must not also freeze the mirror: pull anyway.
      if (push.error?.kind !== 'unreachable') {
        const pull = await pullCatalog(client, db, { now: this.now });
        report.pulled = { full: pull.full, upserts: pull.upserts, deletes: pull.deletes };
      }
      // Only after a sync that fully succeeded: the mirror is current and the outbox settled.
      if (!report.error) {
        const housekeeping = await housekeepIfDue(client, db, { now: this.now(), remoteSchema });
        if (housekeeping) this.options.onHousekeeping?.(housekeeping);
      }
    } catch (error) {
      report.error ??= classifySyncError(error);
    } finally {
      await client?.end().catch(() => {});
    }
    report.pending = new OutboxTable(db).counts().pending;
    report.durationMs = Math.round(performance.now() - started);
    report.finishedAt = this.now().toISOString();
    this.record(report);
    this.options.onReport?.(report);
    return report;
  }

  private record(report: SyncReport): void {
    const writer = new MirrorWriter(this.options.db);
    this.options.db.transaction(() => {
      writer.setStateValue(SYNC_KEYS.lastAttemptAt, report.finishedAt);
      if (report.error) writer.setStateValue(SYNC_KEYS.lastError, JSON.stringify(report.error));
      else {
        writer.setStateValue(SYNC_KEYS.lastSuccessAt, report.finishedAt);
        writer.setStateValue(SYNC_KEYS.lastError, null);
      }
    })();
  }
}

/** Refuses, with the fix, a database whose Vitrina tables are missing or older than sync needs; returns its version. */
async function checkRemoteSchema(client: pg.Client): Promise<number> {
  const exists = (await client.query<{ t: string | null }>(`SELECT to_regclass('vitrina_schema_migrations')::text AS t`)).rows[0]!.t;
  const version = exists === null ? 0 : ((await client.query<{ v: number | null }>('SELECT max(version) AS v FROM vitrina_schema_migrations')).rows[0]!.v ?? 0);
  if (version < REQUIRED_REMOTE_SCHEMA)
    throw new AppFailure(
      'not-configured',
      version === 0
        ? "Vitrina's tables are not set up in the shop's database yet. Run `vitrina db migrate` once (as the owner of the shop's tables); edits stay queued on this computer meanwhile."
        : `The shop's database has Vitrina's tables of an older version (${version}; sync needs ${REQUIRED_REMOTE_SCHEMA}). Run \`vitrina db migrate\` to update them; edits stay queued on this computer meanwhile.`,
    );
  return version;
}
