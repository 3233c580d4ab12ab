import { createCore, type Core, type CoreOptions } from '../../electron/core/createCore';
import { useTestKeychainService } from './keychain';
import { makeTempDir } from './tempDir';

/**
 * A real core (SQLite store in a temp folder, the real keychain under a test-only service name) and a
 * cleanup that clears the keychain entries it wrote and deletes the folder.
 */
export function makeTestCore(options: Partial<CoreOptions> = {}): { core: Core; dataDir: string; cleanup(): Promise<void> } {
  useTestKeychainService();
  const tmp = makeTempDir();
  const core = createCore({ dataDir: tmp.dir, transport: 'web', systemLocale: 'en-US', ...options });
  return {
    core,
    dataDir: tmp.dir,
    cleanup: async () => {
      await core.dispatch('clearCredentials', { which: 'all' });
      await core.close();
      tmp.remove();
    },
  };
}
