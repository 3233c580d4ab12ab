import fs from 'node:fs';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AppFailure } from '../../errors';
import { crc32Base64, digestRange, rangeBody, type RangeDigest } from './fileRanges';
import { uploadMultipart } from './multipart';
import { assertChecksumMode, signPayloadUnsigned } from './payloadSigning';
import { ProgressMeter } from './progress';
import { TransferAbortedError, TransferVerificationError } from './transferErrors';
import {
  MiB,
  PART_LIMITS,
  TRANSFER_DEFAULTS,
  type TransferCheckpointStore,
  type TransferOptions,
  type TransferResult,
  type TransferSource,
  type TransferTarget,
} from './types';
import { verifyStoredObject, unquote, type StoredObject } from './verify';

export { abortMultipart } from './multipart';
export { classifyTransferError, isAbortError, TransferAbortedError, TransferVerificationError, type TransferErrorInfo } from './transferErrors';
export * from './types';

/**
 * Stores one staged file in S3 and proves it arrived intact; the S3 half of the upload engine
 * (see ../DESIGN.md). Files up to `multipartThreshold` go in one streamed PutObject; larger ones, or any
 * file with a checkpoint, go through the resumable multipart path (multipart.ts). Either way the stored
 * object is then checked against what was read from disk (verify.ts).
 *
 * Throws: an abort error when `options.signal` fires (`isAbortError`; the checkpoint stays valid), a
 * TransferVerificationError when the stored object differs, an AppFailure for an unreadable staged file,
 * or the SDK's error: classify anything with `classifyTransferError`.
 */
export async function uploadFile(
  source: TransferSource,
  target: TransferTarget,
  checkpoints: TransferCheckpointStore,
  options: TransferOptions,
): Promise<TransferResult> {
  const { signal } = options;
  const progress = new ProgressMeter(options.onProgress);
  try {
    if (signal?.aborted) throw new TransferAbortedError(signal.reason);
    await assertChecksumMode(options.client, options.checksums);
    await assertStagedSize(source);
    const loaded = checkpoints.load();
    const multipart = loaded !== null || source.bytes > (options.multipartThreshold ?? TRANSFER_DEFAULTS.multipartThreshold);
    const upload = multipart ? await putMultipart(source, target, checkpoints, options, progress, loaded) : await putSingle(source, target, options, progress);
    const stored = await headStored(target, options, upload.etag);
    const verifiedBy = verifyStoredObject(multipart ? 'multipart' : 'single', stored, upload.digests, source.bytes);
    return { etag: upload.etag, bytes: source.bytes, resumedParts: upload.resumedParts, sentBytes: progress.sentBytes, verifiedBy };
  } catch (error) {
    // Whatever the SDK or a stream threw on the way out, a fired signal is reported as the abort it is.
    if (signal?.aborted) throw new TransferAbortedError(signal.reason);
    throw error;
  }
}

interface Uploaded {
  etag: string;
  /** What was read from disk, in part order (one entry for a single PUT). */
  digests: RangeDigest[];
  resumedParts: number;
}

/** The part size for a new upload: at least S3's minimum, whole MiB, and few enough parts for S3's limit. */
export function choosePartSize(bytes: number, requested: number = TRANSFER_DEFAULTS.partSize): number {
  const wanted = Math.max(requested, PART_LIMITS.minSize, Math.ceil(bytes / PART_LIMITS.maxCount));
  return Math.min(PART_LIMITS.maxSize, Math.ceil(wanted / MiB) * MiB);
}

async function putMultipart(
  source: TransferSource,
  target: TransferTarget,
  store: TransferCheckpointStore,
  options: TransferOptions,
  progress: ProgressMeter,
  loaded: ReturnType<TransferCheckpointStore['load']>,
): Promise<Uploaded> {
  const outcome = await uploadMultipart(
    {
      client: options.client,
      source,
      target,
      store,
      checksums: options.checksums === 'auto',
      partSize: choosePartSize(source.bytes, options.partSize),
      partConcurrency: Math.max(1, Math.floor(options.partConcurrency ?? TRANSFER_DEFAULTS.partConcurrency)),
      signal: options.signal,
      progress,
    },
    loaded,
  );
  return { etag: outcome.etag, digests: outcome.parts.map((p) => p.digest), resumedParts: outcome.parts.filter((p) => p.resumed).length };
}

/** One PutObject streamed from disk. The digest pass comes first because the CRC32 travels as a header. */
async function putSingle(source: TransferSource, target: TransferTarget, options: TransferOptions, progress: ProgressMeter): Promise<Uploaded> {
  const { client, signal } = options;
  const digest = await digestRange(source.path, 0, source.bytes, signal);
  const body = rangeBody(source.path, 0, source.bytes, (bytes) => progress.flowing(0, bytes));
  try {
    const command = new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      Body: body,
      ContentLength: source.bytes,
      ContentType: target.contentType,
      CacheControl: target.cacheControl,
      ...(options.checksums === 'auto' ? { ChecksumCRC32: crc32Base64(digest.crc32) } : {}),
    });
    const put = await client.send(signPayloadUnsigned(command), { abortSignal: signal });
    progress.settle(0, source.bytes);
    return { etag: unquote(put.ETag), digests: [digest], resumedParts: 0 };
  } catch (error) {
    progress.settle(0, null);
    throw error;
  } finally {
    body.destroy();
  }
}

/** HeadObject after the upload: size, encryption (does the ETag mean MD5?) and, with checksums on, the stored CRC32. */
async function headStored(target: TransferTarget, options: TransferOptions, etag: string): Promise<StoredObject> {
  try {
    const head = await options.client.send(
      new HeadObjectCommand({ Bucket: target.bucket, Key: target.key, ...(options.checksums === 'auto' ? { ChecksumMode: 'ENABLED' as const } : {}) }),
      { abortSignal: options.signal },
    );
    return {
      etag,
      contentLength: head.ContentLength,
      checksumCrc32: head.ChecksumCRC32,
      sse: { ServerSideEncryption: head.ServerSideEncryption, SSECustomerAlgorithm: head.SSECustomerAlgorithm },
    };
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) throw new TransferVerificationError('S3 does not have the object right after storing it');
    throw error;
  }
}

/** The staged file is immutable; a different size means it was damaged or replaced, and no upload can fix that. */
async function assertStagedSize(source: TransferSource): Promise<void> {
  let size: number;
  try {
    size = (await fs.promises.stat(source.path)).size;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new AppFailure('internal', `The staged copy of the photo is missing or unreadable (${code}). Remove the photo from the queue and add it again.`);
  }
  if (size !== source.bytes)
    throw new AppFailure('internal', `The staged copy of the photo has ${size} bytes instead of ${source.bytes}. Remove the photo from the queue and add it again.`);
}
