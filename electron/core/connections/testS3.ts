import { HeadBucketCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { maskAccessKeyId } from '../../../shared/credentials';
import type { AwsCredentials, ConnectionCheck } from '../../../shared/ipc/contract';
import type { Settings } from '../../../shared/settings';
import { AppFailure } from '../errors';
import { createS3Client } from './s3Client';
import { classifyS3Error, type S3Target } from './s3Errors';

/**
 * "Test connection" for S3: HeadBucket on the configured bucket. HEAD responses have no body, so a 403
 * cannot tell a wrong secret from a missing permission; in that case one ListObjectsV2 under the key prefix
 * (s3:ListBucket, as the README's policy scopes it) is sent: it either works or reads S3's error code. Credentials are loaded only once the settings are
 * complete, so a missing bucket is reported as such even when the keychain is unavailable.
 */
export async function testS3Connection(
  settings: Settings,
  loadCredentials: () => Promise<AwsCredentials | null>,
): Promise<ConnectionCheck> {
  const bucket = settings['s3.bucket'];
  if (!bucket) throw new AppFailure('not-configured', 'No bucket is set. Enter the bucket name in Settings → Storage (or `vitrina config set s3.bucket NAME`).');
  const credentials = await loadCredentials();
  if (!credentials)
    throw new AppFailure('not-configured', 'No AWS credentials are saved. Enter them in Settings → Credentials (or `vitrina credentials set aws`).');
  const target: S3Target = {
    bucket,
    region: settings['s3.region'],
    endpoint: settings['s3.endpoint'],
    maskedAccessKeyId: maskAccessKeyId(credentials.accessKeyId),
  };
  const client = createS3Client(settings, credentials, { maxAttempts: 1, requestTimeoutMs: 10_000 });
  const started = performance.now();
  const answered = () => ({ target: `bucket "${bucket}" (${target.endpoint || target.region})`, latencyMs: Math.round(performance.now() - started) });
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return answered();
  } catch (error) {
    const explained = await withErrorCode(client, bucket, settings['s3.keyPrefix'], error);
    if (explained === null) return answered();
    throw classifyS3Error(explained, target);
  } finally {
    client.destroy();
  }
}

/**
 * After a 403 on HeadBucket: a listing under Vitrina's prefix either works — the least-privilege policy
 * (README) allows listing only under the prefix, so HeadBucket is refused while everything Vitrina does is
 * allowed: `null`, the connection is fine — or fails with an error code that says why.
 */
async function withErrorCode(client: S3Client, bucket: string, prefix: string, headError: unknown): Promise<unknown> {
  const status = (headError as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== 403) return headError;
  try {
    await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
    return null;
  } catch (listError) {
    return listError;
  }
}
