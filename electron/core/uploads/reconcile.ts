import { AbortMultipartUploadCommand, DeleteObjectsCommand, ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { LocalDatabase } from '../store/database';

/** What `vitrina reconcile` found (and, with `apply`, fixed). */
export interface ReconcileReport {
  prefix: string;
  /** Multipart uploads under the prefix started more than `olderThanHours` ago that no job is resuming. */
  staleUploads: { key: string; uploadId: string; initiated: string | null }[];
  /** Objects under the prefix that no catalog photo and no live upload job uses, older than `olderThanHours`. */
  orphanObjects: { key: string; bytes: number; lastModified: string | null }[];
  /** Catalog photos whose object is not in the bucket: shoppers would see a broken image. */
  missingObjects: { imageId: string; sku: string; key: string }[];
  /** True when the stale uploads were aborted and the orphans deleted. */
  applied: boolean;
}

export interface ReconcileOptions {
  client: S3Client;
  bucket: string;
  prefix: string;
  db: LocalDatabase;
  apply: boolean;
  /** Default 24: anything younger may belong to an upload in progress on another computer. */
  olderThanHours?: number;
  now?: Date;
}

/**
 * Compares the bucket under Vitrina's prefix with the catalog (the local mirror, fresh from a sync) and the
 * upload queue. A dry run by default; `apply` aborts stale multipart uploads and deletes orphan objects —
 * never a catalog row, and never anything younger than the age limit (another computer may be uploading
 * it right now, its row not yet synced here).
 */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const { client, bucket, prefix, db } = options;
  const cutoff = (options.now ?? new Date()).getTime() - (options.olderThanHours ?? 24) * 3_600_000;
  const resuming = new Set(db.prepare('SELECT upload_id FROM upload_multipart').pluck().all() as string[]);
  const catalogKeys = new Map(
    (db.prepare('SELECT i.id, i.s3_key, p.sku FROM product_images i JOIN products p ON p.id = i.product_id').all() as { id: string; s3_key: string; sku: string }[]).map((r) => [r.s3_key, r]),
  );
  const jobKeys = new Set(db.prepare(`SELECT s3_key FROM upload_jobs WHERE state NOT IN ('done', 'cancelled')`).pluck().all() as string[]);

  const staleUploads: ReconcileReport['staleUploads'] = [];
  for await (const upload of listMultipart(client, bucket, prefix)) {
    const initiated = upload.initiated?.getTime() ?? 0;
    if (!resuming.has(upload.uploadId) && initiated < cutoff) staleUploads.push({ key: upload.key, uploadId: upload.uploadId, initiated: upload.initiated?.toISOString() ?? null });
  }

  const orphanObjects: ReconcileReport['orphanObjects'] = [];
  const inBucket = new Set<string>();
  for await (const object of listObjects(client, bucket, prefix)) {
    inBucket.add(object.key);
    if (catalogKeys.has(object.key) || jobKeys.has(object.key)) continue;
    if ((object.lastModified?.getTime() ?? 0) < cutoff) orphanObjects.push({ key: object.key, bytes: object.bytes, lastModified: object.lastModified?.toISOString() ?? null });
  }
  const missingObjects = [...catalogKeys.values()]
    .filter((row) => row.s3_key.startsWith(prefix) && !inBucket.has(row.s3_key))
    .map((row) => ({ imageId: row.id, sku: row.sku, key: row.s3_key }));

  if (options.apply) {
    for (const upload of staleUploads) await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.key, UploadId: upload.uploadId }));
    for (let i = 0; i < orphanObjects.length; i += 1000) {
      const batch = orphanObjects.slice(i, i + 1000);
      const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((o) => ({ Key: o.key })), Quiet: true } }));
      if (result.Errors?.length) throw new Error(`S3 refused to delete ${result.Errors.length} object(s), e.g. ${result.Errors[0]?.Key} (${result.Errors[0]?.Code}).`);
    }
  }
  return { prefix, staleUploads, orphanObjects, missingObjects, applied: options.apply };
}

async function* listMultipart(client: S3Client, bucket: string, prefix: string) {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
    for (const u of page.Uploads ?? []) if (u.Key && u.UploadId) yield { key: u.Key, uploadId: u.UploadId, initiated: u.Initiated };
    if (!page.IsTruncated) return;
    keyMarker = page.NextKeyMarker;
    uploadIdMarker = page.NextUploadIdMarker;
  }
}

async function* listObjects(client: S3Client, bucket: string, prefix: string) {
  let token: string | undefined;
  for (;;) {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, bytes: o.Size ?? 0, lastModified: o.LastModified };
    if (!page.IsTruncated) return;
    token = page.NextContinuationToken;
  }
}
