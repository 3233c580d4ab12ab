import type { AwsCredentials } from '../../shared/ipc/contract';
import type { Settings } from '../../shared/settings';
import type { CredentialService } from './credentials/credentialService';
import { isDemoStore, loadDemoCatalog } from './demo/demoCatalog';
import { startDemoStorage, type DemoStorage } from './demo/demoStorage';
import { demoWorkspaceDir, resolveWorkspace, type WorkspaceKind } from './demo/workspace';
import type { CoreEvents } from './events';
import type { Logger } from './log';
import { databaseFile } from './paths';
import { openLocalDatabase, type LocalDatabase } from './store/database';
import { ProductsTable } from './store/products';
import type { SettingsTable } from './store/settings';

export interface ActiveWorkspaceDeps {
  dataDir: string;
  /** The shop's store: always open, it holds the settings and the shop's catalog mirror. */
  shopDb: LocalDatabase;
  settings: SettingsTable;
  credentials: CredentialService;
  events: CoreEvents;
  logger: Logger;
  nativeBinding?: string;
}

/**
 * Which catalog and storage the app works on right now: the shop's (its store, bucket and database), or —
 * while neither bucket nor database is set — the demo's, in `<dataDir>/demo` with its own store and S3 server
 * on loopback. Handlers ask this object for the catalog store and the effective S3 settings, so the demo
 * goes through exactly the same code paths as the shop. Saving a bucket or database host switches to the
 * shop; the demo's files stay where they are and can never be synced anywhere.
 */
export class ActiveWorkspace {
  private demoDb: LocalDatabase | null = null;
  private storage: DemoStorage | null = null;
  private storageWanted = false;
  private switching: Promise<void> = Promise.resolve();
  private readonly shopProducts: ProductsTable;
  private demoProducts: ProductsTable | null = null;
  private readonly beforeSwitch: (() => Promise<void>)[] = [];

  constructor(private readonly deps: ActiveWorkspaceDeps) {
    this.shopProducts = new ProductsTable(deps.shopDb);
    if (this.resolve() === 'demo') this.openDemoStore();
    deps.events.on('settingsChanged', () => {
      this.switching = this.switching.then(() => this.follow()).catch((error: unknown) => {
        deps.logger.log('error', 'workspace-switch-failed', { error: (error as Error).message });
      });
    });
  }

  get kind(): WorkspaceKind {
    return this.demoDb ? 'demo' : 'shop';
  }

  /**
   * Registers work to finish before the active store closes on a switch (the upload queue stops its
   * transfers, which then resume from their checkpoints when the workspace is active again).
   */
  onBeforeSwitch(stop: () => Promise<void>): void {
    this.beforeSwitch.push(stop);
  }

  /** The active workspace's folder: the data folder for the shop, `<dataDir>/demo` for the demo. */
  get dir(): string {
    return this.demoDb ? demoWorkspaceDir(this.deps.dataDir) : this.deps.dataDir;
  }

  /** The store holding the active catalog (mirror, outbox, upload queue). */
  get db(): LocalDatabase {
    return this.demoDb ?? this.deps.shopDb;
  }

  get products(): ProductsTable {
    return this.demoProducts ?? this.shopProducts;
  }

  /**
   * Starts what runs in the background for the active workspace: the demo's S3 server. Only the app and
   * dev:web call this; the CLI works on the demo store without starting a server.
   */
  async startServices(): Promise<void> {
    this.storageWanted = true;
    await this.switching;
    if (this.demoDb && !this.storage) this.storage = await startDemoStorage(demoWorkspaceDir(this.deps.dataDir), { onError: (e) => this.deps.logger.log('error', 'demo-storage-error', { error: e.message }) });
  }

  /** The stored settings, with the demo storage's endpoint and bucket while the demo is active. */
  effectiveSettings(): Settings {
    const stored = this.deps.settings.getAll();
    return this.storage ? { ...stored, ...this.storage.settings } : stored;
  }

  /** The credentials for the effective S3 settings: the demo server's fixed ones, or the keychain's. */
  loadS3Credentials = async (): Promise<AwsCredentials | null> =>
    this.storage ? { ...this.storage.credentials } : this.deps.credentials.getAws();

  async close(): Promise<void> {
    this.storageWanted = false;
    await this.switching;
    await this.closeDemo();
  }

  private resolve(): WorkspaceKind {
    return resolveWorkspace(this.deps.dataDir, this.deps.settings.getAll()).kind;
  }

  private openDemoStore(): void {
    const db = openLocalDatabase(databaseFile(demoWorkspaceDir(this.deps.dataDir)), { nativeBinding: this.deps.nativeBinding });
    if (!isDemoStore(db)) loadDemoCatalog(db);
    this.demoDb = db;
    this.demoProducts = new ProductsTable(db);
  }

  /** Follows a settings change: leaving the demo when the shop gets configured, and back if it is cleared. */
  private async follow(): Promise<void> {
    const wanted = this.resolve();
    if (wanted === this.kind) return;
    for (const stop of this.beforeSwitch) await stop();
    if (wanted === 'shop') await this.closeDemo();
    else {
      this.openDemoStore();
      if (this.storageWanted) await this.startServices();
    }
    this.deps.logger.log('info', 'workspace-changed', { kind: wanted });
    this.deps.events.emit('workspaceChanged', { kind: wanted });
  }

  private async closeDemo(): Promise<void> {
    const { storage, demoDb } = this;
    this.storage = null;
    this.demoDb = null;
    this.demoProducts = null;
    await storage?.close();
    demoDb?.close();
  }
}
