import os from 'node:os';
import path from 'node:path';

/** The app's name as Electron derives it from package.json `productName`; it names the data folder. */
export const APP_NAME = 'Vitrina';

/**
 * The per-user data folder: `--data-dir`, else `VITRINA_DATA_DIR`, else the folder Electron calls
 * `userData` — computed here the same way so the CLI and dev:web (which have no Electron) find the very same
 * store. The Electron shell sets `userData` to this value too, so they agree by construction.
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env.VITRINA_DATA_DIR) return path.resolve(env.VITRINA_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

/** The keychain service name; tests set `VITRINA_KEYCHAIN_SERVICE` so they never touch a user's entries. */
export function resolveKeychainService(env: NodeJS.ProcessEnv = process.env): string {
  return env.VITRINA_KEYCHAIN_SERVICE || APP_NAME;
}

export const databaseFile = (dataDir: string) => path.join(dataDir, 'vitrina.db');
