import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentials } from '../../../shared/ipc/contract';
import type { Settings } from '../../../shared/settings';

/**
 * The one place an S3Client is configured from settings, for AWS and S3-compatible stores alike.
 * `s3.checksums = when-required` turns off the SDK's default CRC checksums, which some stores reject
 * (see DEVELOPERS.md; s3rver stores aws-chunked framing verbatim when they are on).
 */
export function createS3Client(
  settings: Settings,
  credentials: AwsCredentials,
  options: { maxAttempts?: number; requestTimeoutMs?: number } = {},
): S3Client {
  const checksums = settings['s3.checksums'] === 'auto' ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED';
  return new S3Client({
    region: settings['s3.region'],
    ...(settings['s3.endpoint'] ? { endpoint: settings['s3.endpoint'] } : {}),
    forcePathStyle: settings['s3.forcePathStyle'],
    // A copy: the SDK writes bookkeeping (`$source`) into the credentials object it is given.
    credentials: { ...credentials },
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    maxAttempts: options.maxAttempts ?? 3,
    logger: quietLogger,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: options.requestTimeoutMs ?? 15_000 },
  });
}

/**
 * The SDK writes some warnings straight to the console when given no logger (e.g. "An error was encountered
 * in a non-retryable streaming request." for every failed upload part). Vitrina classifies and logs those
 * failures itself (without secrets), so the SDK's own lines are dropped.
 */
const quietLogger = { trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
