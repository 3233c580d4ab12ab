import type { AppInfo, Handlers } from '../../shared/ipc/contract';
import type { CredentialService } from './credentials/credentialService';
import type { CoreEvents } from './events';
import type { Logger } from './log';
import type { ActiveWorkspace } from './activeWorkspace';
import { buildReport } from './store/reports';
import type { SettingsTable } from './store/settings';

export interface HandlerDeps {
  settings: SettingsTable;
  /** The active catalog (shop or demo) and the S3 settings that go with it. */
  workspace: ActiveWorkspace;
  credentials: CredentialService;
  events: CoreEvents;
  logger: Logger;
  appInfo: Omit<AppInfo, 'workspace'>;
}

/**
 * The implementation of every channel of the contract — the only one: Electron IPC, the dev:web bridge
 * and the CLI all reach these through the dispatcher. Requests arrive already parsed by their schemas.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { settings, credentials, events, logger } = deps;
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
    testDbConnection: async () => {
      const { testDbConnection } = await import('./connections/testDb');
      const result = await testDbConnection(settings.getAll(), () => credentials.getDbPassword());
      logger.log('info', 'db-test-ok', { latencyMs: result.latencyMs });
      return result;
    },
  };
}
