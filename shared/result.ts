/**
 * Results cross every process boundary (IPC, the dev:web bridge, the CLI) instead of exceptions:
 * Electron's `ipcMain.handle` keeps only an error's message, so anything richer must be data.
 */

/**
 * Every way a request can fail, as the UI and the CLI see it. Each kind maps to one human sentence and a
 * next step; new kinds are added here first so that every `switch` over them stays exhaustive.
 */
export const errorKinds = [
  /** The request itself was malformed (bad payload, bad setting value). Fix the input. */
  'validation',
  /** Something the request needs (bucket, credentials, database host) has not been set up yet. */
  'not-configured',
  /** The OS keychain (Secret Service, Keychain, Credential Manager) cannot be reached. */
  'keychain-unavailable',
  /** The server rejected the credentials: unknown key, wrong secret (signature mismatch), bad password. */
  'auth',
  /** The credentials are valid but lack permission for this bucket or object. */
  's3-denied',
  /** The configured bucket does not exist. */
  'no-bucket',
  /** The bucket lives in another region than the one configured. */
  'wrong-region',
  /** The configured PostgreSQL database does not exist. */
  'no-database',
  /** The server could not be reached at all (DNS, refused, timeout, network down, 5xx). */
  'unreachable',
  /** The computer's clock is too far from the server's for signed requests. */
  'clock-skew',
  /** The TLS handshake failed: bad or untrusted certificate, or the server speaks no TLS. */
  'tls',
  /** The local SQLite database is damaged; it was left untouched. */
  'store-corrupt',
  /** The local SQLite database was written by a newer Vitrina. */
  'store-too-new',
  /** The shop's PostgreSQL database was set up by a newer Vitrina. */
  'db-too-new',
  /** PostgreSQL tables Vitrina needs are locked by another long transaction or migration; try again later. */
  'db-busy',
  /** The database user lacks a privilege Vitrina needs (e.g. to create its tables). */
  'db-denied',
  /** The request came from a frame or connection that is not Vitrina's own UI. */
  'forbidden',
  /** A bug: something failed that Vitrina did not expect. The message says what, never a secret. */
  'internal',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

/** A failure as the other side of the boundary sees it: a kind to branch on and a sentence to show. */
export interface AppError {
  kind: ErrorKind;
  /** One or two human sentences: what happened and what to do next. Never contains a secret. */
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (kind: ErrorKind, message: string): Result<never> => ({
  ok: false,
  error: { kind, message },
});

/** For `default:` branches of exhaustive switches: a compile error when a case is missing. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
