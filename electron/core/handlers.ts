import type { AppInfo, Handlers } from '../../shared/ipc/contract';
import type { CredentialService } from './credentials/credentialService';
import type { CoreEvents } from './events';
import type { Logger } from './log';
import type { LocalDatabase } from './store/database';
import type { ProductsTable } from './store/products';
import { buildReport } from './store/reports';
import type { SettingsTable } from './store/settings';

export interface HandlerDeps {
  settings: SettingsTable;
  products: ProductsTable;
  /** The local store, for read-only reports over the mirror. */
  db: LocalDatabase;
  credentials: CredentialService;
  events: CoreEvents;
  logger: Logger;
  appInfo: AppInfo;
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
    getAppInfo: async () => deps.appInfo,
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
      const result = await testS3Connection(settings.getAll(), () => credentials.getAws());
      logger.log('info', 's3-test-ok', { latencyMs: result.latencyMs });
      return result;
    },
    listProducts: async (query) => deps.products.list(query ?? {}),
    getProduct: async ({ sku }) => deps.products.getBySku(sku),
    listCategories: async () => deps.products.categories(),
    getReport: async (request) => buildReport(deps.db, request),
    testDbConnection: async () => {
      const { testDbConnection } = await import('./connections/testDb');
      const result = await testDbConnection(settings.getAll(), () => credentials.getDbPassword());
      logger.log('info', 'db-test-ok', { latencyMs: result.latencyMs });
      return result;
    },
  };
}
