import { errorCodes, isUnreachable } from '../../connections/networkErrors';
import { classifyS3Error, type S3Target } from '../../connections/s3Errors';
import { AppFailure } from '../../errors';

/** What the queue needs to decide between retrying (when) and failing the job. */
export interface TransferErrorInfo {
  failure: AppFailure;
  /** Retrying later can succeed (network, 5xx, throttling, skew the SDK has corrected, vanished upload, bad copy). */
  transient: boolean;
  /** From S3's Retry-After header (throttling), when it sent one. */
  retryAfterMs?: number;
  /** Server clock minus local clock, for RequestTimeTooSkewed. The SDK client has already corrected its own offset. */
  clockSkewMs?: number;
  /** The multipart upload no longer exists on S3 (expired or aborted); its checkpoint must be (and was) cleared. */
  vanishedUpload?: boolean;
  /** The caller's AbortSignal stopped the transfer (pause, cancel, quit): not a failure of the job. */
  aborted?: boolean;
}

/** Thrown when the caller's signal stops a transfer. Named AbortError like the SDK's and Node's own. */
export class TransferAbortedError extends Error {
  constructor(readonly reason?: unknown) {
    super('The transfer was stopped before it finished.');
    this.name = 'AbortError';
  }
}

/**
 * The stored object (or a part) is not what was read from disk. The queue retries from scratch: the
 * checkpoint has been cleared, and the next PUT overwrites the bad object under the same key.
 */
export class TransferVerificationError extends AppFailure {
  constructor(detail: string) {
    super('internal', `The uploaded photo did not match the local copy after the upload (${detail}). It will be uploaded again; if this keeps happening, send the log file to support.`);
  }
}

export const isAbortError = (error: unknown): boolean => error instanceof TransferAbortedError || (error as { name?: unknown } | null)?.name === 'AbortError';

const statusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
const headerOf = (error: unknown, name: string): string | undefined =>
  (error as { $response?: { headers?: Record<string, string | undefined> } } | null)?.$response?.headers?.[name];

/** For upload-scoped calls (ListParts, UploadPart, Complete): NoSuchUpload, or a 404 that is not about the bucket. */
export function isVanishedUpload(error: unknown): boolean {
  const codes = errorCodes(error);
  if (codes.includes('NoSuchUpload')) return true;
  return statusOf(error) === 404 && !codes.some((c) => c === 'NoSuchBucket' || c === 'NoSuchKey');
}

const THROTTLED = ['SlowDown', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'ServiceUnavailable'];
const TRANSIENT = ['InternalError', 'RequestTimeout', 'RequestTimeTooSkewed', 'TimeoutError', 'IncompleteBody', ...THROTTLED];

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** S3 puts the server time in the RequestTimeTooSkewed body (<ServerTime>); every response has a Date header. */
function clockSkewOf(error: unknown): number | undefined {
  const serverTime = (error as { ServerTime?: unknown }).ServerTime ?? headerOf(error, 'date');
  const parsed = typeof serverTime === 'string' ? Date.parse(serverTime) : serverTime instanceof Date ? serverTime.getTime() : NaN;
  return Number.isNaN(parsed) ? undefined : parsed - Date.now();
}

/**
 * Classifies anything a transfer throws. S3 and network errors get their kind and sentence from
 * `classifyS3Error`; this adds what the queue needs to schedule the retry. Order matters: abort first (it
 * is not a failure), then our own AppFailures (verification, unreadable staged file), then S3 codes.
 */
export function classifyTransferError(error: unknown, target: S3Target): TransferErrorInfo {
  if (isAbortError(error)) return { failure: new AppFailure('internal', 'The upload was paused or cancelled before it finished.'), transient: true, aborted: true };
  if (error instanceof TransferVerificationError) return { failure: error, transient: true };
  if (error instanceof AppFailure) return { failure: error, transient: false };
  const codes = errorCodes(error);
  const status = statusOf(error);
  // Only the explicit code here: a bare 404 means "upload gone" only on upload-scoped calls, which the
  // transfer itself handles (isVanishedUpload) before an error ever reaches the queue.
  if (codes.includes('NoSuchUpload'))
    return {
      failure: new AppFailure('internal', 'The unfinished upload was no longer on the server (it expired or was removed). The photo will be uploaded again from the start.'),
      transient: true,
      vanishedUpload: true,
    };
  const has = (names: string[]) => names.some((n) => codes.includes(n));
  const throttled = has(THROTTLED) || status === 429 || status === 503;
  const info: TransferErrorInfo = {
    failure: classifyS3Error(error, target),
    transient: throttled || has(TRANSIENT) || isUnreachable(error) || (status !== undefined && status >= 500),
  };
  if (throttled) {
    // classifyS3Error has no sentence for "slow down"; 429 would otherwise read as an unexpected error.
    const where = target.endpoint || `AWS S3 (${target.region})`;
    info.failure = new AppFailure('unreachable', `S3 at ${where} asked Vitrina to slow down (${codes[0] ?? `HTTP ${status}`}). Uploads continue automatically in a moment.`);
    const retryAfterMs = parseRetryAfter(headerOf(error, 'retry-after'));
    if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  }
  if (has(['RequestTimeTooSkewed'])) {
    const skew = clockSkewOf(error);
    if (skew !== undefined) info.clockSkewMs = skew;
  }
  return info;
}
