import type { AppInfo, Handlers } from '../../shared/ipc/contract';
import type { CredentialService } from './credentials/credentialService';
import type { CoreEvents } from './events';
import type { Logger } from './log';
import type { ActiveWorkspace } from './activeWorkspace';
import type { WorkspaceSync } from './catalog/sync/workspaceSync';
import { buildReport } from './store/reports';
import type { UploadService } from './uploads/uploadService';
import type { SettingsTable } from './store/settings';

export interface HandlerDeps {
  settings: SettingsTable;
  /** The active catalog (shop or demo) and the S3 settings that go with it. */
  workspace: ActiveWorkspace;
  credentials: CredentialService;
  events: CoreEvents;
  logger: Logger;
  appInfo: Omit<AppInfo, 'workspace'>;
  sync: WorkspaceSync;
  uploads: UploadService;
}

/**
 * The implementation of every channel of the contract — the only one: Electron IPC, the dev:web bridge
 * and the CLI all reach these through the dispatcher. Requests arrive already parsed by their schemas.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { settings, credentials, events, logger, sync } = deps;
  /** Runs a local catalog edit, announces it, and returns the product as it is now. */
  const edit = async (run: (edits: ReturnType<WorkspaceSync['edits']>) => { edit: { productId: number } }) => {
    const { productId } = run(sync.edits()).edit;
    sync.edited(productId);
    return deps.workspace.products.getById(productId);
  };
  const credentialsChanged = async () => {
    const status = await credentials.status();
    events.emit('credentialsChanged', status);
    return status;
  };
  return {
    getAppInfo: async () => ({ ...deps.appInfo, workspace: deps.workspace.kind }),
    getSettings: async () => settings.getAll(),
    updateSettings: async (patch) => {
      const updated = settings.update(patch);
      logger.log('info', 'settings-updated', { keys: Object.keys(patch) });
      events.emit('settingsChanged', updated);
      return updated;
    },
    getCredentialStatus: () => credentials.status(),
    setAwsCredentials: async (aws) => {
      await credentials.setAws(aws);
      logger.log('info', 'credentials-set', { which: 'aws' });
      return credentialsChanged();
    },
    setDbPassword: async ({ password }) => {
      await credentials.setDbPassword(password);
      logger.log('info', 'credentials-set', { which: 'db' });
      return credentialsChanged();
    },
    clearCredentials: async ({ which }) => {
      await credentials.clear(which);
      logger.log('info', 'credentials-cleared', { which });
      return credentialsChanged();
    },
    // The AWS SDK and pg load on first use: most CLI commands and app start-up never need them.
    testS3Connection: async () => {
      const { testS3Connection } = await import('./connections/testS3');
      const result = await testS3Connection(deps.workspace.effectiveSettings(), deps.workspace.loadS3Credentials);
      logger.log('info', 's3-test-ok', { latencyMs: result.latencyMs });
      return result;
    },
    listProducts: async (query) => deps.workspace.products.list(query ?? {}),
    getProduct: async ({ sku }) => deps.workspace.products.getBySku(sku),
    listCategories: async () => deps.workspace.products.categories(),
    getReport: async (request) => buildReport(deps.workspace.db, request),
    getSyncStatus: async () => sync.status(),
    syncNow: () => sync.syncNow(),
    reorderImages: ({ productId, imageIds }) => edit((e) => e.reorderImages(productId, imageIds)),
    setPrimaryImage: ({ imageId }) => edit((e) => e.setPrimaryImage(imageId)),
    setAltText: ({ imageId, altText, altTextEs }) =>
      edit((e) => e.setAltText(imageId, { ...(altText !== undefined ? { altText } : {}), ...(altTextEs !== undefined ? { altTextEs } : {}) })),
    deleteImage: ({ imageId }) => edit((e) => e.deleteImage(imageId)),
    setReview: ({ productId, status, note }) => edit((e) => e.setReview(productId, { status, ...(note !== undefined ? { note } : {}) })),
    listConflicts: async () => sync.edits().listConflicts(),
    reapplyConflict: async ({ id }) => {
      const next = sync.edits().reapplyConflict(id);
      sync.edited(next.edit.productId);
      return sync.edits().listConflicts();
    },
    discardConflict: async ({ id }) => {
      const edits = sync.edits();
      const productId = edits.listConflicts().find((c) => c.id === id)?.edit.productId;
      edits.discardConflict(id);
      if (productId !== undefined) sync.edited(productId);
      return edits.listConflicts();
    },
    enqueueUploads: ({ sku, files }) => deps.uploads.queue.enqueue(sku, files),
    listUploads: async (query) => deps.uploads.queue.list(query ?? {}),
    getQueueStatus: async () => deps.uploads.queue.status(),
    pauseAllUploads: async () => {
      deps.uploads.queue.pauseAll();
      return deps.uploads.queue.status();
    },
    resumeAllUploads: async () => {
      deps.uploads.queue.resumeAll();
      return deps.uploads.queue.status();
    },
    pauseUpload: async ({ id }) => deps.uploads.queue.pause(id),
    resumeUpload: async ({ id }) => deps.uploads.queue.resume(id),
    retryUpload: async ({ id }) => deps.uploads.queue.retry(id),
    cancelUpload: ({ id }) => deps.uploads.queue.cancel(id),
    retryFailedUploads: async () => ({ retried: deps.uploads.queue.retryFailed() }),
    testDbConnection: async () => {
      const { testDbConnection } = await import('./connections/testDb');
      const result = await testDbConnection(settings.getAll(), () => credentials.getDbPassword());
      logger.log('info', 'db-test-ok', { latencyMs: result.latencyMs });
      return result;
    },
  };
}
