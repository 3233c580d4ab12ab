import path from 'node:path';
import type { Settings } from '../../../shared/settings';
import { databaseFile } from '../paths';
import { openLocalDatabase, type LocalDatabase } from '../store/database';
import { isDemoStore, loadDemoCatalog } from './demoCatalog';
import { startDemoStorage, type DemoStorage, type DemoStorageOptions } from './demoStorage';

/**
 * `shop`: the shop's store in the data folder, synced with its PostgreSQL and bucket. `demo`: a separate
 * folder with its own store (sample catalog, no PostgreSQL) and its own S3-compatible storage on loopback.
 */
export type WorkspaceKind = 'demo' | 'shop';

/** The workspace to open, from `resolveWorkspace`. */
export interface Workspace {
  kind: WorkspaceKind;
  /** The folder holding the workspace's `vitrina.db` (and, for the demo, `s3/`). */
  dir: string;
}

/** `<dataDir>/demo`: the demo workspace never shares a file with the shop's, so none of its data can be synced. */
export const demoWorkspaceDir = (dataDir: string) => path.join(dataDir, 'demo');

/**
 * Which workspace to open: the shop's once its bucket or its database host is set (in the shop store's
 * settings), else the demo. Saving either setting in Settings is the one change that leaves the demo.
 */
export function resolveWorkspace(dataDir: string, settings: Pick<Settings, 's3.bucket' | 'db.host'>): Workspace {
  const shopConfigured = settings['s3.bucket'] !== '' || settings['db.host'] !== '';
  return shopConfigured ? { kind: 'shop', dir: dataDir } : { kind: 'demo', dir: demoWorkspaceDir(dataDir) };
}

/** An open demo workspace: its own store (with the sample catalog) and its running storage. */
export interface DemoWorkspace {
  dir: string;
  db: LocalDatabase;
  storage: DemoStorage;
  /** Stops the storage, then closes the store. Stop anything using either (upload queue) first. */
  close(): Promise<void>;
}

/** As for the shop store, plus the demo storage's hooks. */
export interface DemoWorkspaceOptions extends DemoStorageOptions {
  /** better-sqlite3 built for Electron's ABI, as for the shop store (see store/database.ts). */
  nativeBinding?: string;
}

/**
 * Opens (creating on first run) the demo workspace under `<dataDir>/demo`: the store `vitrina.db` with the
 * same migrations as the shop's, the sample catalog loaded the first time, and the demo storage started.
 */
export async function openDemoWorkspace(dataDir: string, options: DemoWorkspaceOptions = {}): Promise<DemoWorkspace> {
  const dir = demoWorkspaceDir(dataDir);
  const db = openLocalDatabase(databaseFile(dir), { nativeBinding: options.nativeBinding });
  let storage: DemoStorage;
  try {
    // Only the first time: a later Vitrina may reorder or edit the sample list, and re-upserting by id
    // could then collide with SKUs the demo already has.
    if (!isDemoStore(db)) loadDemoCatalog(db);
    storage = await startDemoStorage(dir, { onError: options.onError });
  } catch (error) {
    db.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    dir,
    db,
    storage,
    close: () =>
      (closing ??= storage.close().finally(() => {
        db.close();
      })),
  };
}
