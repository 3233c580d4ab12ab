import crypto from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { errorCodes } from './networkErrors';

/** One permission of the minimal IAM policy (README → "Least privilege") and whether S3 granted it. */
export interface PermissionCheck {
  permission: string;
  ok: boolean;
  /** For a missing permission: what needs it. */
  detail: string;
}

const DENIED = ['AccessDenied', 'Forbidden', 'AllAccessDisabled'];

/**
 * Tries each S3 action Vitrina needs, scoped to its key prefix, with a probe object under
 * `<prefix>.vitrina-doctor/` that is deleted again. An action refused with AccessDenied is a missing
 * permission; any other failure (network, wrong secret) is thrown, since it says nothing about the policy.
 * A permission whose probe cannot run because an earlier one was denied (no object to read) is reported as
 * not checked.
 */
export async function checkS3Permissions(client: S3Client, bucket: string, prefix: string): Promise<PermissionCheck[]> {
  const key = `${prefix}.vitrina-doctor/${crypto.randomUUID()}`;
  const checks: PermissionCheck[] = [];
  const attempt = async (permission: string, needs: string, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      checks.push({ permission, ok: true, detail: needs });
      return true;
    } catch (error) {
      if (!errorCodes(error).some((c) => DENIED.includes(c)) && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 403) throw error;
      checks.push({ permission, ok: false, detail: `missing: ${needs}` });
      return false;
    }
  };
  const notChecked = (permission: string, why: string) => checks.push({ permission, ok: false, detail: `not checked: ${why}` });

  await attempt('s3:ListBucket', 'listing photos under the prefix (reconcile, connection test)', () =>
    client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 })),
  );
  const put = await attempt('s3:PutObject', 'uploading photos', () =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'vitrina doctor probe', ContentType: 'text/plain' })),
  );
  if (put) await attempt('s3:GetObject', 'verifying uploads and thumbnails', () => client.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then((r) => r.Body?.transformToString()));
  else notChecked('s3:GetObject', 'the probe object could not be written');
  await attempt('s3:ListBucketMultipartUploads', 'finding unfinished large uploads (reconcile)', () =>
    client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, MaxUploads: 1 })),
  );
  let uploadId: string | undefined;
  if (put) {
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    uploadId = created.UploadId;
  }
  if (uploadId) {
    const id = uploadId;
    await attempt('s3:ListMultipartUploadParts', 'resuming a large upload after a restart', () => client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: id })));
    await attempt('s3:AbortMultipartUpload', 'cancelling large uploads and cleaning up (reconcile)', () =>
      client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: id })),
    );
  } else {
    notChecked('s3:ListMultipartUploadParts', 'no multipart upload could be started');
    notChecked('s3:AbortMultipartUpload', 'no multipart upload could be started');
  }
  if (put) await attempt('s3:DeleteObject', 'deleting photos removed from the catalog or cancelled', () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
  else notChecked('s3:DeleteObject', 'the probe object could not be written');
  return checks;
}
