import fs from 'node:fs';
import type { AppInfo, Handlers } from '../../shared/ipc/contract';
import { ActiveWorkspace } from './activeWorkspace';
import { WorkspaceSync } from './catalog/sync/workspaceSync';
import { UploadService } from './uploads/uploadService';
import { CredentialService } from './credentials/credentialService';
import { keytarSecretStore, type SecretStore } from './credentials/secretStore';
import { createDispatcher, type Dispatch } from './dispatch';
import { CoreEvents } from './events';
import { createHandlers } from './handlers';
import { createFileLogger, type Logger } from './log';
import { databaseFile, resolveKeychainService } from './paths';
import { Redactor } from './redact';
import { openLocalDatabase, type LocalDatabase } from './store/database';
import { SettingsTable } from './store/settings';
import { version } from './version';

export interface CoreOptions {
  dataDir: string;
  transport: AppInfo['transport'];
  systemLocale: string;
  /** Defaults to keytar under `VITRINA_KEYCHAIN_SERVICE` or `Vitrina`. */
  secretStore?: SecretStore;
  /** better-sqlite3 binary for Electron's ABI (see database.ts). */
  nativeBinding?: string;
  /** Sync timing (tests shorten it). */
  sync?: { intervalMs?: number; pushDelayMs?: number };
  /** Upload queue timing (tests shorten it). */
  uploadTiming?: { retryBaseMs?: number; retryMaxMs?: number; probeMinMs?: number; probeMaxMs?: number };
}

/** Everything a transport needs: the dispatcher, the events to forward, and a way to shut down. */
export interface Core {
  dispatch: Dispatch;
  handlers: Handlers;
  events: CoreEvents;
  credentials: CredentialService;
  settings: SettingsTable;
  workspace: ActiveWorkspace;
  logger: Logger;
  /** Catalog sync with the shop's PostgreSQL, and the edits of the active catalog. */
  sync: WorkspaceSync;
  /** The upload queue of the active workspace. */
  uploads: UploadService;
  /** The shop's store (settings and the shop's catalog). The active catalog is `workspace.db`. */
  db: LocalDatabase;
  /**
   * Starts background services: the demo's S3 server, and periodic sync in the shop's workspace. The app and
   * dev:web call it; the CLI runs what a command needs and no more.
   */
  startServices(): Promise<void>;
  /** Stops the services and closes the stores. */
  close(): Promise<void>;
}

/**
 * The composition root: the one place where ports get their real implementations. Electron's shell, the
 * dev:web server and the CLI each call it once; none of them builds services on its own.
 */
export function createCore(options: CoreOptions): Core {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const redactor = new Redactor();
  const logger = createFileLogger(options.dataDir, redactor);
  const db = openLocalDatabase(databaseFile(options.dataDir), { nativeBinding: options.nativeBinding });
  const settings = new SettingsTable(db);
  const credentials = new CredentialService(options.secretStore ?? keytarSecretStore(resolveKeychainService()), redactor);
  const events = new CoreEvents();
  const workspace = new ActiveWorkspace({ dataDir: options.dataDir, shopDb: db, settings, credentials, events, logger, nativeBinding: options.nativeBinding });
  const appInfo: Omit<AppInfo, 'workspace'> = {
    version,
    dataDir: options.dataDir,
    systemLocale: options.systemLocale,
    platform: process.platform,
    transport: options.transport,
  };
  const sync = new WorkspaceSync({ shopDb: db, workspace, settings, credentials, events, logger, ...options.sync });
  const uploads = new UploadService({ workspace, settings, credentials, events, logger, timing: options.uploadTiming });
  const handlers = createHandlers({ settings, workspace, credentials, events, logger, appInfo, sync, uploads });
  return {
    dispatch: createDispatcher(handlers, { redactor, logger }),
    handlers,
    events,
    credentials,
    settings,
    workspace,
    logger,
    db,
    sync,
    uploads,
    startServices: async () => {
      await workspace.startServices();
      sync.start();
      uploads.start();
    },
    close: async () => {
      await uploads.stop();
      await sync.stop();
      await workspace.close();
      db.close();
    },
  };
}
