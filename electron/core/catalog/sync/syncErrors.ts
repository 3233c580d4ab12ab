import type { AppError } from '../../../../shared/result';
import { isTlsFailure, isUnreachable } from '../../connections/networkErrors';
import { AppFailure, toAppError } from '../../errors';
import { firstLine, sqlState } from '../remote/pgUtil';

/**
 * A sync failure as the UI sees it. The injected `connect` usually throws AppFailures already (see
 * connections/testDb.ts); what remains are errors of a connection that was fine a moment ago.
 */
export function classifySyncError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.toAppError();
  const state = sqlState(error);
  const detail = firstLine(error);
  if (state === '42P01' || state === '42703' || state === '42883')
    return { kind: 'not-configured', message: `The shop's database is missing tables Vitrina syncs with (${detail}). Run \`vitrina db migrate\` to set them up; edits stay queued on this computer meanwhile.` };
  if (state === '42501')
    return { kind: 'auth', message: `The database user may not read or write Vitrina's tables (${detail}). Ask the database administrator to grant it; edits stay queued on this computer meanwhile.` };
  if (state === '28P01' || state === '28000') return { kind: 'auth', message: `PostgreSQL refused the login (${detail}). Check the database user and password.` };
  if (state === '3D000') return { kind: 'no-database', message: `The configured database does not exist (${detail}). Check the database name in Settings.` };
  if (isTransient(error))
    return { kind: 'unreachable', message: `PostgreSQL could not be reached (${detail}). Vitrina keeps working offline; edits stay queued and sync resumes when the server answers.` };
  if (isTlsFailure(error)) return { kind: 'tls', message: `The secure connection to PostgreSQL failed (${detail}). Check the SSL mode in Settings.` };
  return toAppError(error);
}

/**
 * Network trouble, a server shutting down or refusing connections for now, a query the client gave up on:
 * retry later. SQLSTATE class 08 is "connection exception"; 57P01–57P03 are shutdown / not yet accepting;
 * 53300 is too many connections.
 */
export function isTransient(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(state);
  return isUnreachable(error) || /timeout|terminated|ECONNREFUSED|Connection ended|not queryable/i.test((error as Error | null)?.message ?? '');
}
