import type { ErrorKind } from '../../../../shared/result';
import { AppFailure } from '../../errors';
import type { TransferErrorInfo } from '../transfer';

/**
 * What the queue does after a job's transfer or catalog record fails — one place, so the policy reads as a
 * table:
 * - `offline`: S3 (or PostgreSQL) did not answer: the job waits, spending no attempt, until the probe succeeds.
 * - `retry`: a transient answer (5xx, SlowDown, a verification mismatch, a corrected clock): again after a
 *   backoff (or S3's Retry-After), without limit while the staged file exists.
 * - `attention`: only a person can fix it (credentials, permissions, bucket, region, keychain, settings):
 *   the whole queue pauses once with one message, instead of every job failing the same way.
 * - `fail`: something about this job alone (its staged copy is damaged or gone): the job fails with the reason.
 */
export type Decision =
  | { action: 'offline'; failure: AppFailure }
  | { action: 'retry'; failure: AppFailure; afterMs?: number }
  | { action: 'attention'; failure: AppFailure }
  | { action: 'fail'; failure: AppFailure };

/** Kinds that stop every job alike: fixing them is a settings or credentials change. */
const NEEDS_A_PERSON: readonly ErrorKind[] = ['auth', 's3-denied', 'no-bucket', 'wrong-region', 'not-configured', 'keychain-unavailable', 'tls', 'db-denied', 'forbidden'];

export function decideTransfer(info: TransferErrorInfo, error: unknown): Decision {
  const { failure } = info;
  if (failure.kind === 'unreachable' && !answered(error)) return { action: 'offline', failure };
  if (failure.kind === 'clock-skew') return { action: 'retry', failure, afterMs: 0 };
  if (NEEDS_A_PERSON.includes(failure.kind)) return { action: 'attention', failure };
  if (info.transient) return { action: 'retry', failure, ...(info.retryAfterMs !== undefined ? { afterMs: info.retryAfterMs } : {}) };
  return { action: 'fail', failure };
}

/** For catalog records (PostgreSQL): unreachable waits, a person's problem pauses, anything else retries. */
export function decideRecord(failure: AppFailure): Decision {
  if (failure.kind === 'unreachable') return { action: 'offline', failure };
  if (NEEDS_A_PERSON.includes(failure.kind) || failure.kind === 'no-database' || failure.kind === 'db-too-new') return { action: 'attention', failure };
  return { action: 'retry', failure };
}

/**
 * Whether S3 answered at all (an HTTP status): a 503 is S3 online and busy, which gets a backoff; no answer
 * (refused, reset, timed out, DNS) is the network, which gets the offline wait.
 */
function answered(error: unknown): boolean {
  return typeof (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode === 'number';
}
