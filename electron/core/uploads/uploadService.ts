import os from 'node:os';
import path from 'node:path';
import type { ActiveWorkspace } from '../activeWorkspace';
import type { CredentialService } from '../credentials/credentialService';
import type { CoreEvents } from '../events';
import type { Logger } from '../log';
import type { SettingsTable } from '../store/settings';
import { LocalCatalogRecorder } from './record/localRecorder';
import { PgCatalogRecorder } from './record/pgRecorder';
import type { CatalogRecorder } from './record/types';
import { UploadQueue, type UploadQueueDeps } from './queue/uploadQueue';

export interface UploadServiceDeps {
  workspace: ActiveWorkspace;
  settings: SettingsTable;
  credentials: CredentialService;
  events: CoreEvents;
  logger: Logger;
  /** Tests shorten the queue's waits. */
  timing?: UploadQueueDeps['timing'];
}

/**
 * The upload queue of the active workspace, rebuilt when the app moves between the demo and the shop. The
 * shop's photos are recorded in its PostgreSQL (then the mirror); the demo's only in its local catalog.
 * The queue runs once `start()` is called (the app, dev:web, `vitrina queue run`); other callers only queue.
 */
export class UploadService {
  private current: UploadQueue;
  private running = false;
  private switching: Promise<void> = Promise.resolve();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: UploadServiceDeps) {
    this.current = this.build();
    // The queue of the store that is about to close stops first; the new workspace's queue starts after.
    deps.workspace.onBeforeSwitch(() => this.current.stop());
    this.unsubscribe.push(
      deps.events.on('workspaceChanged', () => {
        this.switching = this.switching.then(() => this.rebuild());
      }),
      deps.events.on('settingsChanged', () => this.current.reconfigure()),
      deps.events.on('credentialsChanged', () => this.current.reconfigure()),
    );
  }

  /** The active workspace's queue. */
  get queue(): UploadQueue {
    return this.current;
  }

  start(): void {
    this.running = true;
    this.current.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const off of this.unsubscribe) off();
    await this.switching;
    await this.current.stop();
  }

  private async rebuild(): Promise<void> {
    this.current = this.build();
    if (this.running) this.current.start();
    this.deps.events.emit('queueStatusChanged', this.current.status());
  }

  private build(): UploadQueue {
    const { workspace, settings, credentials, events, logger } = this.deps;
    const db = workspace.db;
    const recorder: CatalogRecorder =
      workspace.kind === 'demo'
        ? new LocalCatalogRecorder(db)
        : new PgCatalogRecorder(async () => {
            const { connectConfigured } = await import('../connections/testDb');
            return connectConfigured(settings.getAll(), () => credentials.getDbPassword());
          }, db);
    return new UploadQueue({
      db,
      stagingDir: path.join(workspace.dir, 'staging'),
      settings: () => workspace.effectiveSettings(),
      loadCredentials: workspace.loadS3Credentials,
      recorder,
      logger,
      allowedRoots: [os.homedir(), os.tmpdir()],
      actor: actorName(),
      timing: this.deps.timing,
      onJobs: (jobs) => {
        events.emit('uploadsChanged', jobs);
        // A recorded photo changes its product (photo count, thumbnail).
        const productIds = [...new Set(jobs.filter((j) => j.state === 'done').map((j) => j.productId))];
        if (productIds.length) events.emit('catalogChanged', { productIds });
      },
      onStatus: (status) => events.emit('queueStatusChanged', status),
      onAttention: (failure) => events.emit('queueNotice', { kind: 'attention', message: failure.message }),
      onDrained: () => events.emit('queueNotice', { kind: 'drained', message: 'All photos are uploaded.' }),
    });
  }
}

function actorName(): string | null {
  try {
    return os.userInfo().username || null;
  } catch {
    return null;
  }
}
