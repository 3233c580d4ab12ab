import os from 'node:os';
import type { AppError } from '../../../../shared/result';
import type { SyncReport, SyncStatus } from '../../../../shared/sync';
import type { ActiveWorkspace } from '../../activeWorkspace';
import type { CredentialService } from '../../credentials/credentialService';
import { AppFailure } from '../../errors';
import type { CoreEvents } from '../../events';
import type { Logger } from '../../log';
import type { LocalDatabase } from '../../store/database';
import type { SettingsTable } from '../../store/settings';
import { CatalogEdits } from '../local/edits';
import { SYNC_KEYS } from '../local/mirror';
import { OutboxTable } from '../local/outbox';
import { SyncService } from './syncService';

export interface WorkspaceSyncDeps {
  shopDb: LocalDatabase;
  workspace: ActiveWorkspace;
  settings: SettingsTable;
  credentials: CredentialService;
  events: CoreEvents;
  logger: Logger;
  /** Time between syncs while online. Default 60 s. */
  intervalMs?: number;
  /** Wait after a local edit before pushing it, so a burst of edits goes in one sync. Default 1.5 s. */
  pushDelayMs?: number;
}

/**
 * Sync for the app: one SyncService on the shop's store (never the demo's), running while the shop's
 * database is configured, and the edits of whichever catalog is active. It turns sync results into the
 * `syncStatusChanged` and `catalogChanged` events, and pushes local edits shortly after they are made.
 */
export class WorkspaceSync {
  private readonly service: SyncService;
  private readonly intervalMs: number;
  private readonly pushDelayMs: number;
  private wanted = false;
  private pushTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: WorkspaceSyncDeps) {
    this.intervalMs = deps.intervalMs ?? 60_000;
    this.pushDelayMs = deps.pushDelayMs ?? 1_500;
    this.service = new SyncService({
      db: deps.shopDb,
      connect: async () => {
        const { connectConfigured } = await import('../../connections/testDb');
        return connectConfigured(deps.settings.getAll(), () => deps.credentials.getDbPassword());
      },
      onReport: (report) => this.reported(report),
      onHousekeeping: (result) =>
        deps.logger.log(result.error ? 'warn' : 'info', 'sync-pruned', {
          doneEditsDeleted: result.doneEditsDeleted,
          skipped: result.remote?.skipped ?? null,
          changesDeleted: result.remote?.changesDeleted ?? 0,
          appliedOpsDeleted: result.remote?.appliedOpsDeleted ?? 0,
          error: result.error?.message ?? null,
        }),
    });
    const follow = () => this.follow();
    const offSettings = deps.events.on('settingsChanged', follow);
    const offWorkspace = deps.events.on('workspaceChanged', follow);
    this.unsubscribe = () => {
      offSettings();
      offWorkspace();
    };
  }

  /** Edits of the active catalog (shop or demo), recorded with this computer's user as the reviewer. */
  edits(): CatalogEdits {
    return new CatalogEdits(this.deps.workspace.db, { actor: reviewerName() });
  }

  /** A local edit was made: tell the UI, and push it soon. */
  edited(productId: number): void {
    this.deps.events.emit('catalogChanged', { productIds: [productId] });
    this.emitStatus();
    if (!this.service.isScheduled) return;
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.service.connectionReturned();
    }, this.pushDelayMs);
    this.pushTimer.unref();
  }

  status(): SyncStatus {
    const db = this.deps.workspace.db;
    const outbox = new OutboxTable(db).counts();
    const state = this.deps.workspace.kind === 'demo' ? 'demo' : !this.dbConfigured() ? 'not-configured' : this.service.isRunning ? 'syncing' : 'idle';
    const value = (key: string) => db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(key) as string | undefined;
    const lastError = value(SYNC_KEYS.lastError);
    return {
      state,
      lastSuccessAt: value(SYNC_KEYS.lastSuccessAt) ?? null,
      lastAttemptAt: value(SYNC_KEYS.lastAttemptAt) ?? null,
      lastError: lastError ? (JSON.parse(lastError) as AppError) : null,
      pendingEdits: outbox.pending,
      conflicts: outbox.conflicted,
    };
  }

  /** Syncs the shop's catalog now (or joins the running sync). Refuses the demo and an unconfigured database. */
  async syncNow(): Promise<SyncReport> {
    if (this.deps.workspace.kind === 'demo')
      throw new AppFailure('not-configured', 'The demo workspace is never synced: its catalog is a sample. Set up the shop\'s database in Settings (or `vitrina config set db.host …`) to sync the real catalog.');
    if (!this.dbConfigured())
      throw new AppFailure('not-configured', 'The shop\'s database is not set up, so there is nothing to sync with. Fill in Settings → Database (or `vitrina config set db.host …`).');
    const running = this.service.syncNow();
    this.emitStatus();
    return running;
  }

  /** Starts the schedule (at once, then every interval, retrying with backoff) while the shop's database is set. */
  start(): void {
    this.wanted = true;
    this.follow();
  }

  /** The OS says the network is back, or the computer woke up: sync now rather than at the next retry. */
  connectionReturned(): void {
    this.service.connectionReturned();
  }

  async stop(): Promise<void> {
    this.wanted = false;
    this.unsubscribe();
    if (this.pushTimer) clearTimeout(this.pushTimer);
    await this.service.stop();
  }

  private dbConfigured(): boolean {
    const s = this.deps.settings.getAll();
    return s['db.host'] !== '' && s['db.database'] !== '' && s['db.user'] !== '';
  }

  /** Runs the schedule exactly while wanted, in the shop's workspace, with a database configured. */
  private follow(): void {
    const run = this.wanted && this.deps.workspace.kind === 'shop' && this.dbConfigured();
    if (run && !this.service.isScheduled) {
      this.deps.logger.log('info', 'sync-started', { intervalMs: this.intervalMs });
      this.service.start({ intervalMs: this.intervalMs });
    } else if (!run && this.service.isScheduled) void this.service.stop();
    this.emitStatus();
  }

  private reported(report: SyncReport): void {
    this.deps.logger.log(report.error ? 'warn' : 'info', 'sync-finished', {
      pushed: report.pushed,
      conflicts: report.conflicts,
      upserts: report.pulled?.upserts ?? 0,
      deletes: report.pulled?.deletes ?? 0,
      durationMs: report.durationMs,
      error: report.error?.kind ?? null,
    });
    if (report.pushed || report.conflicts || report.pulled?.upserts || report.pulled?.deletes) this.deps.events.emit('catalogChanged', {});
    this.emitStatus();
  }

  private emitStatus(): void {
    this.deps.events.emit('syncStatusChanged', this.status());
  }
}

/** Who reviews: the OS user name, which a shop's machines usually set per person. */
function reviewerName(): string | null {
  try {
    return os.userInfo().username || null;
  } catch {
    return null;
  }
}
