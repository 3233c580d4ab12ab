import { createRequire } from 'node:module';
import { AppFailure } from '../errors';

/**
 * Port to the OS keychain. Implementations must never write a secret anywhere else (no file fallback) and
 * must throw `AppFailure('keychain-unavailable')` when the keychain cannot be reached. keytar is
 * unmaintained upstream; replacing it (e.g. with Electron's safeStorage) means one new implementation here.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Returns whether something was deleted. */
  delete(account: string): Promise<boolean>;
}

type Keytar = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

export const KEYCHAIN_FIX =
  process.platform === 'linux'
    ? 'Vitrina needs a Secret Service keychain: install gnome-keyring (or KeePassXC with Secret Service enabled) and libsecret-1-0, log in to a desktop session so it is unlocked, then restart Vitrina.'
    : 'Make sure you are logged in to your user session so the system keychain is unlocked, then restart Vitrina.';

/** The OS keychain through keytar, under one service name (`Vitrina`, or `VITRINA_KEYCHAIN_SERVICE`). */
export function keytarSecretStore(service: string): SecretStore {
  let keytar: Keytar | undefined;
  const load = (): Keytar => {
    if (!keytar) {
      try {
        keytar = createRequire(import.meta.url)('keytar') as Keytar;
      } catch (error) {
        throw unavailable(`its native module did not load: ${(error as Error).message}`);
      }
    }
    return keytar;
  };
  const call = async <T>(fn: (k: Keytar) => Promise<T>): Promise<T> => {
    const k = load();
    try {
      return await fn(k);
    } catch (error) {
      throw unavailable((error as Error).message);
    }
  };
  return {
    get: (account) => call((k) => k.getPassword(service, account)),
    set: (account, secret) => call((k) => k.setPassword(service, account, secret)),
    delete: (account) => call((k) => k.deletePassword(service, account)),
  };
}

function unavailable(detail: string): AppFailure {
  // keytar's messages describe the D-Bus/keychain failure; they never contain the secret being stored.
  return new AppFailure('keychain-unavailable', `The system keychain is not available (${detail}). ${KEYCHAIN_FIX}`);
}
