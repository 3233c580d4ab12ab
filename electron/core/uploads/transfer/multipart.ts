import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isUnreachable } from '../../connections/networkErrors';
import { AppFailure } from '../../errors';
import { crc32Base64, digestRange, rangeBody, type RangeDigest } from './fileRanges';
import { signPayloadUnsigned } from './payloadSigning';
import type { ProgressMeter } from './progress';
import { isAbortError, isVanishedUpload } from './transferErrors';
import { PART_LIMITS, type MultipartCheckpoint, type TransferCheckpointStore, type TransferSource, type TransferTarget } from './types';
import { checkPartEtag, unquote } from './verify';

/**
 * CreateMultipartUpload / UploadPart / CompleteMultipartUpload driven directly, so that an upload survives
 * a restart (lib-storage's Upload keeps its UploadId in memory only). The checkpoint store remembers the
 * UploadId before any part is sent; on resume ListParts is the truth, and each part it lists is checked
 * against the bytes on disk before being kept (see `keepListedPart`).
 */

export interface MultipartContext {
  client: S3Client;
  source: TransferSource;
  target: TransferTarget;
  store: TransferCheckpointStore;
  /** Send CRC32 checksums (s3.checksums = auto). */
  checksums: boolean;
  /** For a new upload; a resumed one keeps the part size it was started with. */
  partSize: number;
  partConcurrency: number;
  signal: AbortSignal | undefined;
  progress: ProgressMeter;
}

interface ListedPart {
  etag: string;
  size: number;
  checksumCrc32: string | undefined;
}

interface Session {
  uploadId: string;
  partSize: number;
  /** Parts S3 has (ListParts); empty for a new upload. */
  listed: Map<number, ListedPart>;
  /** Part number → ETag as the checkpoint has it, to avoid re-recording parts it already knows. */
  checkpointed: Map<number, string>;
}

export interface SentPart {
  partNumber: number;
  etag: string;
  checksumCrc32: string | null;
  digest: RangeDigest;
  resumed: boolean;
}

export interface MultipartOutcome {
  etag: string;
  parts: SentPart[];
}

/** Uploads the source as a multipart upload, resuming `loaded` if S3 still has it. Starts over once if the upload vanishes. */
export async function uploadMultipart(ctx: MultipartContext, loaded: MultipartCheckpoint | null): Promise<MultipartOutcome> {
  let session = loaded ? await resumeSession(ctx, loaded) : null;
  for (let attempt = 0; ; attempt++) {
    session ??= await createSession(ctx);
    try {
      const parts = await sendParts(ctx, session);
      const etag = await complete(ctx, session, parts);
      ctx.store.clear();
      return { etag, parts };
    } catch (error) {
      // Expired (lifecycle rule), aborted by someone else, or completed by a previous run whose answer was
      // lost: start over once. A second disappearance within one call is reported, not looped on.
      if (attempt > 0 || isAbortError(error) || !isVanishedUpload(error)) throw error;
      ctx.store.clear();
      ctx.progress.restart();
      session = null;
    }
  }
}

/** For cancel and for abandoning an upload that cannot be resumed. An upload that is already gone is fine. */
export async function abortMultipart(client: S3Client, bucket: string, key: string, uploadId: string, signal?: AbortSignal): Promise<void> {
  try {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), { abortSignal: signal });
  } catch (error) {
    if (!isVanishedUpload(error)) throw error;
  }
}

async function createSession(ctx: MultipartContext): Promise<Session> {
  const { client, target, signal } = ctx;
  await abortStrays(ctx);
  const created = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: target.bucket,
      Key: target.key,
      ContentType: target.contentType,
      CacheControl: target.cacheControl,
      ...(ctx.checksums ? { ChecksumAlgorithm: 'CRC32' as const } : {}),
    }),
    { abortSignal: signal },
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new AppFailure('internal', 'S3 started a multipart upload without an upload ID. Try again; if it persists, send the log file to support.');
  try {
    ctx.store.begin(uploadId, ctx.partSize);
  } catch (error) {
    // Nothing remembers this upload: remove it now rather than leave it billed until a lifecycle rule.
    await abortMultipart(client, target.bucket, target.key, uploadId).catch(() => undefined);
    throw error;
  }
  return { uploadId, partSize: ctx.partSize, listed: new Map(), checkpointed: new Map() };
}

/**
 * A process killed between CreateMultipartUpload and `store.begin` leaves an upload nothing remembers. The
 * key is content-addressed, so any unfinished upload of this very key is a stray of ours (or another
 * computer's upload of the same photo for the same product, which then starts over): abort them before
 * starting a new one. Stores that cannot list uploads, or a policy without s3:ListBucketMultipartUploads,
 * only lose this cleanup — a lifecycle rule catches the rest.
 */
async function abortStrays(ctx: MultipartContext): Promise<void> {
  const { client, target, signal } = ctx;
  let uploads: { Key?: string; UploadId?: string }[];
  try {
    const listed = await client.send(new ListMultipartUploadsCommand({ Bucket: target.bucket, Prefix: target.key }), { abortSignal: signal });
    uploads = listed.Uploads ?? [];
  } catch (error) {
    if (isAbortError(error)) throw error;
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 403 || status === 405 || status === 501) return;
    throw error;
  }
  for (const upload of uploads)
    if (upload.Key === target.key && upload.UploadId) await abortMultipart(client, target.bucket, target.key, upload.UploadId, signal);
}

/** The checkpoint's upload as S3 knows it, or null (checkpoint cleared) when it must start over. */
async function resumeSession(ctx: MultipartContext, checkpoint: MultipartCheckpoint): Promise<Session | null> {
  const { uploadId, partSize } = checkpoint;
  const usable =
    Number.isSafeInteger(partSize) && partSize >= PART_LIMITS.minSize && partSize <= PART_LIMITS.maxSize && Math.ceil(ctx.source.bytes / partSize) <= PART_LIMITS.maxCount;
  let listing: Awaited<ReturnType<typeof listAllParts>> | null = null;
  if (usable) {
    try {
      listing = await listAllParts(ctx, uploadId);
    } catch (error) {
      if (isAbortError(error) || !isVanishedUpload(error)) throw error;
      ctx.store.clear();
      return null;
    }
  }
  // An upload started with another checksum setting cannot take this call's parts (S3 requires every part
  // of a CRC32 upload to carry one): abandon it. A store that reports no algorithm is taken at its word.
  const expected = ctx.checksums ? 'CRC32' : undefined;
  if (!listing || (listing.algorithm !== undefined && listing.algorithm !== expected)) {
    await abortMultipart(ctx.client, ctx.target.bucket, ctx.target.key, uploadId, ctx.signal).catch((error: unknown) => {
      // Offline or stopped: keep the checkpoint and try again later. Refused (e.g. no s3:AbortMultipartUpload):
      // forget it anyway; a bucket lifecycle rule (AbortIncompleteMultipartUpload) removes such leftovers.
      if (isAbortError(error) || isUnreachable(error)) throw error;
    });
    ctx.store.clear();
    return null;
  }
  return { uploadId, partSize, listed: listing.parts, checkpointed: new Map(checkpoint.parts.map((p) => [p.partNumber, p.etag])) };
}

/** Every page of ListParts (S3 returns at most 1,000 parts per page). */
async function listAllParts(ctx: MultipartContext, uploadId: string): Promise<{ parts: Map<number, ListedPart>; algorithm: string | undefined }> {
  const parts = new Map<number, ListedPart>();
  let algorithm: string | undefined;
  let marker: string | undefined;
  for (;;) {
    const page = await ctx.client.send(
      new ListPartsCommand({ Bucket: ctx.target.bucket, Key: ctx.target.key, UploadId: uploadId, ...(marker ? { PartNumberMarker: marker } : {}) }),
      { abortSignal: ctx.signal },
    );
    algorithm ??= page.ChecksumAlgorithm;
    for (const part of page.Parts ?? []) {
      if (part.PartNumber) parts.set(part.PartNumber, { etag: unquote(part.ETag), size: part.Size ?? -1, checksumCrc32: part.ChecksumCRC32 });
    }
    if (!page.IsTruncated) return { parts, algorithm };
    const next = page.NextPartNumberMarker;
    // A marker that does not move forward would loop forever.
    if (!next || Number(next) <= Number(marker ?? 0)) throw new AppFailure('internal', 'S3 returned a list of uploaded parts that does not advance. Try again; if it persists, send the log file to support.');
    marker = next;
  }
}

/**
 * Keep a part S3 listed only if it is the bytes on disk: same size, and the same CRC32 (when S3 lists one)
 * or the same MD5 (when its ETag looks like one). The resumed parts' bytes are therefore re-read from disk
 * — a local read, no upload — so that the final ETag check is computed from disk, not from S3's own
 * claims, and so that a part whose response was lost before a crash is checked before it is kept. The
 * price: SSE-KMS buckets with checksums off (opaque ETags, no CRC32) re-send every part on resume.
 */
function keepListedPart(listed: ListedPart, digest: RangeDigest): boolean {
  if (listed.size !== digest.size) return false;
  if (listed.checksumCrc32) return listed.checksumCrc32 === crc32Base64(digest.crc32);
  const hex = listed.etag.toLowerCase();
  if (/^[0-9a-f]{32}$/.test(hex)) return hex === digest.md5.toString('hex');
  return true;
}

/** Runs parts through `partConcurrency` workers; after the first failure no new part starts, in-flight ones finish. */
async function sendParts(ctx: MultipartContext, session: Session): Promise<SentPart[]> {
  const count = Math.max(1, Math.ceil(ctx.source.bytes / session.partSize));
  const results: SentPart[] = [];
  let next = 1;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next <= count) {
      const partNumber = next++;
      try {
        results[partNumber - 1] = await transferPart(ctx, session, partNumber);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.partConcurrency, count) }, worker));
  if (failure) throw failure.error;
  return results;
}

async function transferPart(ctx: MultipartContext, session: Session, partNumber: number): Promise<SentPart> {
  const { client, source, target, store, signal, progress } = ctx;
  const start = (partNumber - 1) * session.partSize;
  const size = Math.min(session.partSize, source.bytes - start);
  const digest = await digestRange(source.path, start, size, signal);

  const listed = session.listed.get(partNumber);
  if (listed && keepListedPart(listed, digest)) {
    const checksumCrc32 = listed.checksumCrc32 ?? (ctx.checksums ? crc32Base64(digest.crc32) : null);
    // S3 has it but the checkpoint may not (the answer was lost in a crash): record it now.
    if (session.checkpointed.get(partNumber) !== listed.etag) store.partDone({ partNumber, etag: listed.etag, checksumCrc32, size });
    progress.alreadyStored(size);
    return { partNumber, etag: listed.etag, checksumCrc32, digest, resumed: true };
  }

  const checksumCrc32 = ctx.checksums ? crc32Base64(digest.crc32) : null;
  const body = rangeBody(source.path, start, size, (bytes) => progress.flowing(partNumber, bytes));
  try {
    const command = new UploadPartCommand({
      Bucket: target.bucket,
      Key: target.key,
      UploadId: session.uploadId,
      PartNumber: partNumber,
      ContentLength: size,
      Body: body,
      ...(checksumCrc32 ? { ChecksumCRC32: checksumCrc32 } : {}),
    });
    const stored = await client.send(signPayloadUnsigned(command), { abortSignal: signal });
    const etag = unquote(stored.ETag);
    if (!etag) throw new AppFailure('internal', `S3 stored part ${partNumber} without an ETag. Try again; if it persists, send the log file to support.`);
    checkPartEtag(partNumber, etag, digest, stored);
    store.partDone({ partNumber, etag, checksumCrc32, size });
    progress.settle(partNumber, size);
    return { partNumber, etag, checksumCrc32, digest, resumed: false };
  } catch (error) {
    progress.settle(partNumber, null);
    throw error;
  } finally {
    body.destroy();
  }
}

async function complete(ctx: MultipartContext, session: Session, parts: SentPart[]): Promise<string> {
  const { client, target, signal } = ctx;
  const done = await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: target.bucket,
      Key: target.key,
      UploadId: session.uploadId,
      MultipartUpload: {
        Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: `"${p.etag}"`, ...(ctx.checksums && p.checksumCrc32 ? { ChecksumCRC32: p.checksumCrc32 } : {}) })),
      },
    }),
    { abortSignal: signal },
  );
  return unquote(done.ETag);
}
