import pg from 'pg';
import type { ConnectionCheck } from '../../../shared/ipc/contract';
import type { Settings } from '../../../shared/settings';
import { AppFailure } from '../errors';
import { errorCodes, isTlsFailure, isUnreachable } from './networkErrors';

type SslOption = pg.ClientConfig['ssl'];

/** pg client options from settings. `prefer` is handled by the caller (TLS first, then plain). */
export function pgConfig(settings: Settings, password: string | null, ssl: SslOption): pg.ClientConfig {
  return {
    host: settings['db.host'],
    port: settings['db.port'],
    database: settings['db.database'],
    user: settings['db.user'],
    ...(password !== null ? { password } : {}),
    ssl,
    connectionTimeoutMillis: 5_000,
    query_timeout: 10_000,
    application_name: 'vitrina',
  };
}

function sslFor(mode: Settings['db.sslmode']): SslOption[] {
  switch (mode) {
    case 'disable':
      return [false];
    case 'prefer':
      return [{ rejectUnauthorized: false }, false];
    case 'require':
      return [{ rejectUnauthorized: false }];
    case 'verify-full':
      return [{ rejectUnauthorized: true }];
    default:
      throw new Error(`Unknown sslmode ${String(mode)}`);
  }
}

/** Connects with the settings' TLS mode; under `prefer`, a server without TLS is retried in plain text. */
export async function connectPg(settings: Settings, password: string | null): Promise<pg.Client> {
  const attempts = sslFor(settings['db.sslmode']);
  for (const [i, ssl] of attempts.entries()) {
    const client = new pg.Client(pgConfig(settings, password, ssl));
    client.on('error', () => {}); // a dropped connection is reported by the failing query instead
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      const last = i === attempts.length - 1;
      if (last || !/does not support SSL/i.test((error as Error).message)) throw classifyPgError(error, settings);
    }
  }
  throw new Error('unreachable: no TLS attempts');
}

/**
 * Opens a client on the configured database with the password from the keychain. A keychain that cannot
 * be read does not stop it — many servers need no password (trust, peer, certificates) — but if the server
 * then asks for one, the keychain failure is what the user needs to hear. Used by "Test connection" and by
 * everything else that talks to the shop's database (`vitrina db …`), so they fail the same way.
 */
export async function connectConfigured(settings: Settings, loadPassword: () => Promise<string | null>): Promise<pg.Client> {
  if (!settings['db.host'] || !settings['db.database'] || !settings['db.user'])
    throw new AppFailure('not-configured', 'The database host, name and user are not all set. Fill them in under Settings → Database (or `vitrina config set db.host …`).');
  let password: string | null = null;
  let keychainFailure: AppFailure | undefined;
  try {
    password = await loadPassword();
  } catch (error) {
    if (!(error instanceof AppFailure) || error.kind !== 'keychain-unavailable') throw error;
    keychainFailure = error;
  }
  return connectPg(settings, password).catch((error: unknown) => {
    throw keychainFailure && error instanceof AppFailure && error.kind === 'auth' ? keychainFailure : error;
  });
}

/** "Test connection" for PostgreSQL: `SELECT 1` with the stored password (see `connectConfigured`). */
export async function testDbConnection(settings: Settings, loadPassword: () => Promise<string | null>): Promise<ConnectionCheck> {
  const started = performance.now();
  const client = await connectConfigured(settings, loadPassword);
  try {
    await client.query('SELECT 1');
  } catch (error) {
    throw classifyPgError(error, settings);
  } finally {
    await client.end().catch(() => {});
  }
  return { target: describeDb(settings), latencyMs: Math.round(performance.now() - started) };
}

/** `user@host:port/database`, for messages and results (never contains the password). */
export const describeDb = (s: Settings) => `${s['db.user']}@${s['db.host']}:${s['db.port']}/${s['db.database']}`;

export function classifyPgError(error: unknown, settings: Settings): AppFailure {
  const codes = errorCodes(error);
  const message = (error as Error).message ?? '';
  const where = `${settings['db.host']}:${settings['db.port']}`;
  if (codes.includes('28P01'))
    return new AppFailure('auth', `PostgreSQL rejected the password for user "${settings['db.user']}". Enter the password again under Credentials (or \`vitrina credentials set db\`).`);
  if (codes.includes('28000'))
    return new AppFailure('auth', `PostgreSQL does not let user "${settings['db.user']}" connect to "${settings['db.database']}" from this computer (${message.split('\n')[0]}). Check the user name, or ask the database administrator to allow it.`);
  if (codes.includes('3D000'))
    return new AppFailure('no-database', `The database "${settings['db.database']}" does not exist on ${where}. Check the database name in Settings.`);
  if (/does not support SSL|SSL/i.test(message) || isTlsFailure(error))
    return new AppFailure('tls', `The secure connection to PostgreSQL at ${where} failed (${message.split('\n')[0]}). Check the SSL mode in Settings: "disable" for a local server without TLS, "verify-full" needs a trusted certificate.`);
  if (isUnreachable(error) || /timeout|terminated|ECONNREFUSED/i.test(message) || codes.includes('57P03'))
    return new AppFailure('unreachable', `PostgreSQL at ${where} could not be reached (${codes[0] ?? message.split('\n')[0]}). Check the host and port and that the server is running; Vitrina keeps working offline meanwhile.`);
  return new AppFailure('internal', `PostgreSQL answered with an unexpected error (${codes[0] ?? 'unknown'}: ${message.split('\n')[0]}). Try again; if it persists, send the log file to support.`);
}
