import { z } from 'zod';
import type { ErrorKind } from './result';

/**
 * Upload jobs as the UI and the CLI's JSON output see them (issue #4). The engine lives in
 * electron/core/uploads/ (see its DESIGN.md); transitions are defined only in uploads/jobStates.ts.
 */

/**
 * Every state of an upload job. `done` and `cancelled` are final; `failed` waits for the person to retry or
 * cancel; `waiting` waits for the connection to come back; `paused` waits for resume.
 */
export const jobStates = ['queued', 'uploading', 'uploaded', 'recorded', 'done', 'waiting', 'paused', 'failed', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

/** States a job never leaves. A staged file may be deleted once no job outside these states uses it. */
export const finalJobStates = ['done', 'cancelled'] as const satisfies readonly JobState[];

/** Image types intake accepts, recognised by their first bytes (never by the file name). */
export const imageContentTypes = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/bmp',
] as const;
export type ImageContentType = (typeof imageContentTypes)[number];

/** Who paused a job: the person (only they resume it) or the queue itself (e.g. "pause all"). */
export type PausedBy = 'user' | 'queue';

/** Why a job failed or is waiting: a kind to branch on and a sentence for the person. */
export interface UploadFailure {
  kind: ErrorKind;
  message: string;
}

/** One photo on its way to a product, as listed by the UI and `vitrina uploads --json`. */
export interface UploadJob {
  /** A uuid made when the photo was dropped. */
  id: string;
  /** Queue order (never reused); also the key for paging the list. */
  seq: number;
  sku: string;
  productId: number;
  /** The dropped file's original base name, for display only (the staged copy is named by its sha256). */
  fileName: string;
  bytes: number;
  contentType: ImageContentType;
  /** Hex sha256 of the content: the content address in the object key. */
  sha256: string;
  state: JobState;
  /** Set while `failed` (and while `waiting`, when the queue said why); null otherwise. */
  failure: UploadFailure | null;
  bytesSent: number;
  /** The object key in the bucket, fixed at intake. */
  s3Key: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601: the last change of state. Progress does not move it. */
  updatedAt: string;
  /** Automatic attempts so far (the backoff counter). */
  attempts: number;
  /** ISO 8601: when the queue tries again (queued after a backoff, waiting, uploaded), or null. */
  nextAttemptAt: string | null;
  /** Set only while `paused`. */
  pausedBy: PausedBy | null;
  /** Quality warnings found when the photo was dropped (low resolution, nearly blank, …); the upload goes on. */
  warnings: { kind: string; message: string }[];
}

/** Why intake refused a dropped file. Each comes with a sentence that says what to do. */
export const intakeRejectionKinds = [
  /** The SKU is not in the local catalog (every file of the drop gets this). */
  'unknown-sku',
  /** The path does not exist (any more). */
  'not-found',
  /** A folder, device, pipe or socket rather than a regular file. */
  'not-a-file',
  /** A link whose target lies outside the folders links may point into. */
  'link-not-allowed',
  /** A 0-byte file. */
  'empty',
  /** Larger than `uploads.maxFileMB`. */
  'too-large',
  /** The content is not one of `imageContentTypes`. */
  'not-an-image',
  /** The file could not be read (permissions, I/O error). */
  'unreadable',
  /** The copy into Vitrina's staging folder failed (disk full, no permission). */
  'staging-failed',
] as const;
export type IntakeRejectionKind = (typeof intakeRejectionKinds)[number];

/** What happened to each dropped file, in the order the files were given. */
export type EnqueueOutcome =
  | { file: string; status: 'queued'; job: UploadJob }
  | { file: string; status: 'duplicate'; reason: 'already-queued'; jobId: string; message: string }
  | { file: string; status: 'duplicate'; reason: 'already-on-product'; imageId: string; message: string }
  | { file: string; status: 'rejected'; kind: IntakeRejectionKind; message: string };

/** Photos dropped on a product: absolute paths on this computer. */
export const enqueueRequestSchema = z.strictObject({
  sku: z.string().trim().min(1, 'Give the SKU of the product the photos belong to.').max(200),
  files: z.array(z.string().min(1).max(4096)).min(1, 'Drop at least one photo.').max(10_000),
});
export type EnqueueRequest = z.infer<typeof enqueueRequestSchema>;

/** A page of the upload list, newest first; `beforeSeq` continues after the last page. */
export const uploadJobQuerySchema = z.strictObject({
  states: z.array(z.enum(jobStates)).min(1).optional(),
  productId: z.number().int().optional(),
  beforeSeq: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
export type UploadJobQuery = z.infer<typeof uploadJobQuerySchema>;

/** Pause, resume, retry or cancel one job. */
export const uploadJobActionSchema = z.strictObject({ id: z.uuid() });

/** The queue as a whole, for the queue panel, `vitrina queue status` and the taskbar. */
export interface QueueStatus {
  /** Paused by "pause all", or by the queue itself after an error only a person can fix (see `attention`). */
  paused: boolean;
  /** S3 answered the last request (or the last probe); false while uploads wait for the connection. */
  online: boolean;
  /** Why the queue stopped by itself (wrong credentials, no bucket, access denied…) and what to do; null otherwise. */
  attention: UploadFailure | null;
  counts: Record<JobState, number>;
  /** Queued or waiting jobs that cannot move until S3 answers again. */
  waitingForConnection: number;
  /** Bytes sent and total over the jobs not yet uploaded. */
  bytesSent: number;
  bytesTotal: number;
  /** Bytes per second, averaged over the last seconds; 0 when idle. */
  rate: number;
  /** Seconds left at the current rate, or null when unknown. */
  etaSeconds: number | null;
  /** Progress of each job being transferred right now. */
  active: Record<string, { bytesSent: number; bytes: number }>;
}
