import { AppFailure } from '../errors';
import { errorCodes, isTlsFailure, isUnreachable } from './networkErrors';

/** What the classifier needs to phrase its sentence. */
export interface S3Target {
  bucket: string;
  region: string;
  endpoint: string;
  maskedAccessKeyId: string;
}

/**
 * Turns an S3 SDK error into an AppFailure with a kind from the shared union and one sentence with the fix.
 * The SDK's own message is not passed on as the message (it can be long, English-only, and sometimes
 * echoes request details); its error code is.
 */
export function classifyS3Error(error: unknown, target: S3Target): AppFailure {
  const codes = errorCodes(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const where = target.endpoint ? `${target.endpoint}` : `AWS S3 (${target.region})`;
  const has = (...names: string[]) => names.some((n) => codes.includes(n));

  if (has('InvalidAccessKeyId'))
    return new AppFailure('auth', `S3 does not recognize the access key ID ${target.maskedAccessKeyId}. Check it, or create a new key, and save it again under Credentials.`);
  if (has('SignatureDoesNotMatch'))
    return new AppFailure('auth', `The secret access key does not match the access key ID ${target.maskedAccessKeyId} (signature mismatch). Paste the secret again under Credentials.`);
  if (has('InvalidToken', 'ExpiredToken', 'TokenRefreshRequired'))
    return new AppFailure('auth', 'The session token is invalid or has expired. Get new temporary credentials and save them again.');
  if (has('RequestTimeTooSkewed'))
    return new AppFailure('clock-skew', "This computer's clock is more than 15 minutes off, so S3 refuses its signed requests. Turn on automatic date and time, then try again.");
  if (has('NoSuchBucket', 'NotFound') || status === 404)
    return new AppFailure('no-bucket', `The bucket "${target.bucket}" does not exist at ${where}. Check the bucket name and region in Settings.`);
  if (has('PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException') || status === 301) {
    const actual = (error as { $response?: { headers?: Record<string, string> } }).$response?.headers?.['x-amz-bucket-region'];
    return new AppFailure('wrong-region', `The bucket "${target.bucket}" is not in ${target.region}${actual ? ` but in ${actual}` : ''}. Set the region in Settings to match the bucket.`);
  }
  if (has('AccessDenied', 'Forbidden', 'AllAccessDisabled') || status === 403)
    return new AppFailure('s3-denied', `The credentials work, but they may not use the bucket "${target.bucket}". Ask your AWS administrator to allow s3:ListBucket, s3:GetObject, s3:PutObject and s3:DeleteObject on it.`);
  if (isTlsFailure(error))
    return new AppFailure('tls', `The secure connection to ${where} failed (${codes[0] ?? 'TLS error'}): its certificate is not trusted or has expired. Check the endpoint address; for a private store, install its certificate authority on this computer.`);
  if (isUnreachable(error) || (status !== undefined && status >= 500))
    return new AppFailure('unreachable', `S3 at ${where} could not be reached (${status && status >= 500 ? `server error ${status}` : (codes[0] ?? 'network error')}). Check the internet connection and the endpoint; Vitrina keeps working offline meanwhile.`);
  return new AppFailure('internal', `S3 answered with an unexpected error (${codes[0] ?? 'unknown'}${status ? `, HTTP ${status}` : ''}). Try again; if it persists, send the log file to support.`);
}
