import fs from 'node:fs';
import type { AppInfo, Handlers } from '../../shared/ipc/contract';
import { ActiveWorkspace } from './activeWorkspace';
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
  /** The shop's store (settings and the shop's catalog). The active catalog is `workspace.db`. */
  db: LocalDatabase;
  /** Starts background services of the active workspace (the demo's S3 server); the app and dev:web call it. */
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
  const handlers = createHandlers({ settings, workspace, credentials, events, logger, appInfo });
  return {
    dispatch: createDispatcher(handlers, { redactor, logger }),
    handlers,
    events,
    credentials,
    settings,
    workspace,
    logger,
    db,
    startServices: () => workspace.startServices(),
    close: async () => {
      await workspace.close();
      db.close();
    },
  };
}
