import type { S3Client } from '@aws-sdk/client-s3';

/** Where a staged file goes. The key is content-addressed (see ../DESIGN.md), so it never changes content. */
export interface TransferTarget {
  bucket: string;
  key: string;
  contentType: string;
  cacheControl: string;
}

/** A staged file. It never changes after intake, which is what makes re-reading parts of it safe. */
export interface TransferSource {
  path: string;
  bytes: number;
}

/** One part S3 has confirmed. `etag` is S3's (unquoted); `checksumCrc32` is base64, null when checksums are off. */
export interface CompletedPart {
  partNumber: number;
  etag: string;
  checksumCrc32: string | null;
  size: number;
}

/** What survives a restart of a multipart upload. `parts` is informative: on resume, ListParts is the truth. */
export interface MultipartCheckpoint {
  uploadId: string;
  partSize: number;
  parts: CompletedPart[];
}

/**
 * Durable memory of one job's multipart upload (the queue implements it over SQLite). Each call must be
 * durable when it returns: the transfer relies on `begin` being on disk before the first part is sent, so
 * that a crash never leaves an upload on S3 that nothing remembers (it would be billed until a lifecycle
 * rule aborts it).
 */
export interface TransferCheckpointStore {
  /** The upload to resume, or null to start one. */
  load(): MultipartCheckpoint | null;
  /** A new upload was created; persisted BEFORE the first part is sent. Replaces any previous checkpoint. */
  begin(uploadId: string, partSize: number): void;
  /** A part is on S3 (sent now, or found by ListParts on resume but missing here). Upsert by part number. */
  partDone(part: CompletedPart): void;
  /** The upload is complete, vanished, or was abandoned (aborted) by the transfer. */
  clear(): void;
}

export interface TransferOptions {
  /**
   * From `createS3Client(settings, credentials, { maxAttempts: 1 })`: the queue does its own retries, and the
   * SDK cannot replay a part's file stream anyway. Its checksum mode must match `checksums` below.
   */
  client: S3Client;
  /** settings['s3.checksums']: 'auto' sends CRC32 on every PUT and part; 'when-required' sends none. */
  checksums: 'auto' | 'when-required';
  /** Files larger than this (bytes) use multipart. Default 8 MiB. */
  multipartThreshold?: number;
  /** Bytes per part; raised to at least 5 MiB and so that a file needs at most 10,000 parts. Default 8 MiB. */
  partSize?: number;
  /** Parts in flight at once. Default 4. */
  partConcurrency?: number;
  /** Pause, cancel or quit: in-flight requests stop and the call rejects with an abort error (`isAbortError`). */
  signal?: AbortSignal;
  /** Cumulative bytes confirmed plus bytes read into in-flight requests; never decreases within one call. */
  onProgress?: (bytesDone: number) => void;
}

/** How the stored object was checked after the upload (see verify.ts). */
export type VerifiedBy = 'md5' | 'crc32' | 'size';

export interface TransferResult {
  /** S3's ETag of the object, unquoted. */
  etag: string;
  bytes: number;
  /** Parts S3 already had (ListParts) and that were not sent again. */
  resumedParts: number;
  /** Payload bytes sent by this call (parts re-sent after a failure included). */
  sentBytes: number;
  verifiedBy: VerifiedBy;
}

export const MiB = 1024 * 1024;
export const TRANSFER_DEFAULTS = { multipartThreshold: 8 * MiB, partSize: 8 * MiB, partConcurrency: 4 } as const;
/** S3's limits: parts are at least 5 MiB (except the last) and at most 5 GiB; at most 10,000 parts. */
export const PART_LIMITS = { minSize: 5 * MiB, maxSize: 5 * 1024 * MiB, maxCount: 10_000 } as const;
