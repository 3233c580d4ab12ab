import type { ErrorKind } from '../../../shared/result';
import { jobStates, type ImageContentType, type JobState, type PausedBy, type UploadJob, type UploadJobQuery } from '../../../shared/uploads';
import { AppFailure } from '../errors';
import { nextState, type JobEvent } from '../uploads/jobStates';
import type { LocalDatabase } from './database';
import type { TransferCheckpointStore } from '../uploads/transfer/types';
import { UploadCheckpoints } from './uploadCheckpoints';

/** A job with the columns only the engine needs (the UI gets `UploadJob`). */
export interface UploadJobRecord extends UploadJob {
  /** The catalog row's uuid, chosen at intake so recording twice writes one row. */
  imageId: string;
  /** Path of the staged copy relative to the staging folder: `<sha[0,2]>/<sha256>`. */
  stagedName: string;
  /** ISO 8601: when the object reached the bucket (kept after later failures), or null. */
  storedAt: string | null;
  /** As inspected at intake (after EXIF orientation); null for jobs queued before the image pipeline. */
  width: number | null;
  height: number | null;
  hasAlpha: boolean;
  /** 64-bit perceptual hash (hex), or null. */
  dhash: string | null;
}

/** What intake inserts; everything else starts at its default (queued, due now, no attempts). */
export interface NewUploadJob {
  id: string;
  productId: number;
  sku: string;
  sha256: string;
  stagedName: string;
  fileName: string;
  bytes: number;
  contentType: ImageContentType;
  s3Key: string;
  imageId: string;
  /** What intake's inspection found (image pipeline); absent for callers that do not inspect. */
  inspected?: { width: number; height: number; hasAlpha: boolean; warnings: { kind: string; message: string }[]; dhash: string | null };
}

export interface TransitionOutcome {
  job: UploadJobRecord;
  /** The object may be in the bucket: the queue must delete it (unless `keyInUse`) and abort any multipart upload. */
  deleteObject: boolean;
}

interface JobRow {
  seq: number;
  id: string;
  product_id: number;
  sku: string;
  sha256: string;
  staged_name: string;
  file_name: string;
  bytes: number;
  content_type: ImageContentType;
  state: JobState;
  failure_kind: ErrorKind | null;
  failure_message: string | null;
  s3_key: string;
  image_id: string;
  attempts: number;
  bytes_sent: number;
  next_attempt_at: number | null;
  paused_by: PausedBy | null;
  stored_at: string | null;
  width: number | null;
  height: number | null;
  has_alpha: number;
  warnings: string;
  dhash: string | null;
  created_at: string;
  updated_at: string;
}

const DEFAULT_LIST_LIMIT = 200;

/**
 * The `upload_jobs` table (migration 0040) and its multipart checkpoints. SQL only: the rules of which state
 * follows which live in uploads/jobStates.ts, and `transition` is the one writer of `state`. Methods that
 * change several rows open their own transaction; nested inside a caller's (intake's), they join it.
 */
export class UploadJobsTable {
  constructor(
    private readonly db: LocalDatabase,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Queues a job (state `queued`, due now). Fails on the (product, sha256) unique index if one is still going. */
  insert(job: NewUploadJob, now: Date = this.clock()): UploadJobRecord {
    const row = this.db
      .prepare(
        `INSERT INTO upload_jobs (id, product_id, sku, sha256, staged_name, file_name, bytes, content_type, state, s3_key,
           image_id, next_attempt_at, created_at, updated_at, width, height, has_alpha, warnings, dhash)
         VALUES (@id, @productId, @sku, @sha256, @stagedName, @fileName, @bytes, @contentType, 'queued', @s3Key,
           @imageId, @due, @now, @now, @width, @height, @hasAlpha, @warnings, @dhash) RETURNING *`,
      )
      .get({
        id: job.id, productId: job.productId, sku: job.sku, sha256: job.sha256, stagedName: job.stagedName, fileName: job.fileName,
        bytes: job.bytes, contentType: job.contentType, s3Key: job.s3Key, imageId: job.imageId, due: now.getTime(), now: now.toISOString(),
        width: job.inspected?.width ?? null, height: job.inspected?.height ?? null, hasAlpha: job.inspected?.hasAlpha ? 1 : 0,
        warnings: JSON.stringify(job.inspected?.warnings ?? []), dhash: job.inspected?.dhash ?? null,
      }) as JobRow;
    return toRecord(row);
  }

  get(id: string): UploadJobRecord | null {
    const row = this.db.prepare('SELECT * FROM upload_jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** A page of jobs, newest first, optionally only some states or one product. */
  list(query: UploadJobQuery = {}): UploadJobRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit ?? DEFAULT_LIST_LIMIT };
    if (query.states) {
      where.push('state IN (SELECT value FROM json_each(@states))');
      params.states = JSON.stringify(query.states);
    }
    if (query.productId !== undefined) {
      where.push('product_id = @productId');
      params.productId = query.productId;
    }
    if (query.beforeSeq !== undefined) {
      where.push('seq < @beforeSeq');
      params.beforeSeq = query.beforeSeq;
    }
    const sql = `SELECT * FROM upload_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as JobRow[]).map(toRecord);
  }

  /** The job still going (not done, not cancelled) for this photo on this product, if any. */
  findLive(productId: number, sha256: string): UploadJobRecord | null {
    const row = this.db.prepare(`SELECT * FROM upload_jobs WHERE product_id = ? AND sha256 = ? AND state NOT IN ('done', 'cancelled')`).get(productId, sha256) as JobRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** The id of the photo with this content already in the product's mirrored catalog, if any. */
  catalogImageWith(productId: number, sha256: string): string | null {
    const id = this.db.prepare('SELECT id FROM product_images WHERE product_id = ? AND sha256 = ? LIMIT 1').pluck().get(productId, sha256) as string | undefined;
    return id ?? null;
  }

  /** Whether a job that is not done or cancelled still needs the staged file of this content. */
  stagedFileInUse(sha256: string): boolean {
    return this.db.prepare(`SELECT 1 FROM upload_jobs WHERE sha256 = ? AND state NOT IN ('done', 'cancelled') LIMIT 1`).get(sha256) !== undefined;
  }

  /**
   * Whether another live job or a mirrored catalog photo uses this object key. Two SKUs can share a slug
   * ("ABC_1", "abc-1"), so the queue checks this before deleting a cancelled job's object.
   */
  keyInUse(s3Key: string, exceptJobId: string): boolean {
    const job = this.db.prepare(`SELECT 1 FROM upload_jobs WHERE s3_key = ? AND id <> ? AND state <> 'cancelled' LIMIT 1`).get(s3Key, exceptJobId);
    if (job !== undefined) return true;
    return this.db.prepare('SELECT 1 FROM product_images WHERE s3_key = ? LIMIT 1').get(s3Key) !== undefined;
  }

  /**
   * Applies `event` to the job in one transaction: reads the state, asks jobStates.nextState (which throws a
   * `validation` AppFailure for an illegal event), writes the new state with its side columns. The only writer
   * of `state`. Throws `validation` for an unknown id.
   */
  transition(id: string, event: JobEvent): TransitionOutcome {
    return this.db.transaction(() => this.apply(id, event))();
  }

  /**
   * Claims up to `limit` queued jobs that are due (`next_attempt_at <= now`), oldest first, and moves them to
   * `uploading` in the same transaction, so two queues over one file never start the same job. The returned
   * jobs are already `uploading`: do not send `start` again.
   */
  claimRunnable(limit: number, now: Date = this.clock()): UploadJobRecord[] {
    return this.db.transaction(() => {
      const ids = this.db.prepare(claimSql).pluck().all(now.getTime(), limit) as string[];
      return ids.map((id) => this.apply(id, { type: 'start' }).job);
    }).immediate();
  }

  /** `uploaded` jobs whose catalog record is due (after PostgreSQL was unreachable), oldest first. State unchanged. */
  dueForRecording(limit: number, now: Date = this.clock()): UploadJobRecord[] {
    const rows = this.db.prepare(`SELECT * FROM upload_jobs WHERE state = 'uploaded' AND next_attempt_at <= ? ORDER BY seq LIMIT ?`).all(now.getTime(), limit) as JobRow[];
    return rows.map(toRecord);
  }

  /** The earliest `next_attempt_at` of a queued, waiting or uploaded job, for the scheduler's timer; null if none. */
  nextWakeAt(): Date | null {
    const ms = this.db
      .prepare(`SELECT min(next_attempt_at) FROM upload_jobs WHERE state IN ('queued', 'waiting', 'uploaded') AND next_attempt_at IS NOT NULL`)
      .pluck()
      .get() as number | null;
    return ms === null ? null : new Date(ms);
  }

  /** On start-up: every job a crash left `uploading` goes back to `queued` (event `recover`). Returns how many. */
  recoverInFlight(): number {
    return this.transitionAll(['uploading'], { type: 'recover' }).length;
  }

  /**
   * Applies `event` to every job in one of `from` (and, if given, paused by `pausedBy`), in queue order, in one
   * transaction: "pause all" (`['queued', 'waiting', 'uploading']`, pause by queue), "resume all" (`['paused']`,
   * pausedBy 'queue'), "back online" (`['waiting']`, online). Returns the changed jobs. `from` must only hold
   * states where the event is allowed, or the whole call throws and changes nothing.
   */
  transitionAll(from: readonly JobState[], event: JobEvent, filter: { pausedBy?: PausedBy } = {}): TransitionOutcome[] {
    return this.db.transaction(() => {
      const ids = this.db
        .prepare(`SELECT id FROM upload_jobs WHERE state IN (SELECT value FROM json_each(?)) AND (? IS NULL OR paused_by = ?) ORDER BY seq`)
        .pluck()
        .all(JSON.stringify(from), filter.pausedBy ?? null, filter.pausedBy ?? null) as string[];
      return ids.map((id) => this.apply(id, event));
    }).immediate();
  }

  /** Progress. Does not move `updated_at` (that is the last change of state); callers should throttle it. */
  setBytesSent(id: string, bytes: number): void {
    this.db.prepare('UPDATE upload_jobs SET bytes_sent = ? WHERE id = ?').run(bytes, id);
  }

  /** Backoff: when to try again and the attempt counter. The state is left as it is. */
  scheduleRetry(id: string, at: Date, attempts: number): void {
    this.db.prepare('UPDATE upload_jobs SET next_attempt_at = ?, attempts = ? WHERE id = ?').run(at.getTime(), attempts, id);
  }

  /** Bytes of the jobs still to upload and not running now (queued, waiting, paused), and what of them is sent. */
  pendingBytes(): { bytesTotal: number; bytesSent: number } {
    return this.db
      .prepare(`SELECT coalesce(sum(bytes), 0) AS bytesTotal, coalesce(sum(bytes_sent), 0) AS bytesSent FROM upload_jobs WHERE state IN ('queued', 'waiting', 'paused')`)
      .get() as { bytesTotal: number; bytesSent: number };
  }

  /** How many jobs are in each state. */
  counts(): Record<JobState, number> {
    const counts = Object.fromEntries(jobStates.map((s) => [s, 0])) as Record<JobState, number>;
    for (const row of this.db.prepare('SELECT state, count(*) AS n FROM upload_jobs GROUP BY state').all() as { state: JobState; n: number }[]) counts[row.state] = row.n;
    return counts;
  }

  /** The durable multipart checkpoint of one job (each call is its own write). */
  checkpoints(jobId: string): TransferCheckpointStore {
    return new UploadCheckpoints(this.db, jobId, this.clock);
  }

  private apply(id: string, event: JobEvent): TransitionOutcome {
    const current = this.db.prepare('SELECT * FROM upload_jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!current) throw new AppFailure('validation', 'This upload no longer exists; the list may be out of date.');
    const next = nextState(current.state, event);
    const now = this.clock();
    const failure = failureOf(event);
    const keepFailure = next.state === current.state || next.state === 'cancelled';
    const row = this.db
      .prepare(
        `UPDATE upload_jobs SET state = @state, updated_at = @now,
           failure_kind = @failureKind, failure_message = @failureMessage,
           paused_by = @pausedBy,
           stored_at = CASE WHEN @stored THEN @now ELSE stored_at END,
           next_attempt_at = CASE WHEN @dueNow THEN @nowMs ELSE next_attempt_at END
         WHERE id = @id RETURNING *`,
      )
      .get({
        id,
        state: next.state,
        now: now.toISOString(),
        nowMs: now.getTime(),
        failureKind: failure ? failure.kind : keepFailure ? current.failure_kind : null,
        failureMessage: failure ? failure.message : keepFailure ? current.failure_message : null,
        pausedBy: next.state === 'paused' ? (event.type === 'pause' && event.by) || 'user' : null,
        stored: event.type === 'stored' ? 1 : 0,
        // A person's resume or retry, the connection coming back and crash recovery all mean "go now".
        dueNow: ['resume', 'retry', 'online', 'recover'].includes(event.type) ? 1 : 0,
      }) as JobRow;
    const deleteObject = next.deleteObject || (next.state === 'cancelled' && current.stored_at !== null);
    return { job: toRecord(row), deleteObject };
  }
}

/** The reason an event carries, if any: always for `fail`, optionally for `offline`. */
function failureOf(event: JobEvent): { kind: ErrorKind; message: string } | null {
  if (event.type === 'fail') return { kind: event.kind, message: event.message };
  if (event.type === 'offline' && event.kind && event.message) return { kind: event.kind, message: event.message };
  return null;
}

/** Exported for the query-plan test, which must check the very SQL the scheduler runs. */
export const claimSql = `SELECT id FROM upload_jobs WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY seq LIMIT ?`;

function toRecord(row: JobRow): UploadJobRecord {
  return {
    id: row.id,
    seq: row.seq,
    sku: row.sku,
    productId: row.product_id,
    fileName: row.file_name,
    bytes: row.bytes,
    contentType: row.content_type,
    sha256: row.sha256,
    state: row.state,
    failure: row.failure_kind && row.failure_message !== null ? { kind: row.failure_kind, message: row.failure_message } : null,
    bytesSent: row.bytes_sent,
    s3Key: row.s3_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
    pausedBy: row.paused_by,
    imageId: row.image_id,
    stagedName: row.staged_name,
    storedAt: row.stored_at,
    warnings: JSON.parse(row.warnings) as UploadJob['warnings'],
    width: row.width,
    height: row.height,
    hasAlpha: row.has_alpha === 1,
    dhash: row.dhash,
  };
}

/** The UI's view of a job: the engine-only columns removed. */
export function toUploadJob(record: UploadJobRecord): UploadJob {
  const { imageId: _imageId, stagedName: _stagedName, storedAt: _storedAt, width: _w, height: _h, hasAlpha: _a, dhash: _d, ...job } = record;
  return job;
}
