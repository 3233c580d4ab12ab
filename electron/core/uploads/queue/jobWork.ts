import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { maskAccessKeyId } from '../../../../shared/credentials';
import type { Settings } from '../../../../shared/settings';
import type { UploadJob } from '../../../../shared/uploads';
import { classifySyncError } from '../../catalog/sync/syncErrors';
import { createS3Client } from '../../connections/s3Client';
import type { S3Target } from '../../connections/s3Errors';
import { AppFailure } from '../../errors';
import type { UploadJobRecord, UploadJobsTable } from '../../store/uploadJobs';
import { releaseStaged } from '../intake';
import type { JobEvent } from '../jobStates';
import { abortMultipart, classifyTransferError, uploadFile } from '../transfer';
import { decideRecord, decideTransfer, type Decision } from './decide';
import { backoffMs, type ProgressTracker } from './progress';
import { IMMUTABLE_CACHE_CONTROL, publicUrlFor } from './publicUrl';
import type { UploadQueueDeps } from './uploadQueue';

const MiB = 1024 * 1024;

export interface JobWorkDeps extends UploadQueueDeps {
  jobs: UploadJobsTable;
  progress: ProgressTracker;
  move: (id: string, event: JobEvent) => UploadJob;
  offline: () => void;
  attention: (failure: AppFailure) => void;
  statusChanged: () => void;
}

/**
 * The work on one job: the transfer to S3, the catalog record, and the cleanup of a cancelled job's object.
 * Every failure goes through decide.ts, so what happens next (wait, retry, pause the queue, fail the job)
 * is decided in one table. The queue (uploadQueue.ts) decides when to call these.
 */
export class JobWork {
  private client: { key: string; client: S3Client; maskedKeyId: string } | null = null;
  /** Jobs whose catalog record is being written: the queue's timer and a finishing transfer must not both do it. */
  private readonly recording = new Set<string>();

  constructor(private readonly deps: JobWorkDeps) {}

  /** Stores the staged file under the job's key, then records it. `stopping` tells a quit from a pause. */
  async transfer(job: UploadJobRecord, signal: AbortSignal, stagedPath: string, stopping: () => boolean): Promise<void> {
    const { jobs, progress } = this.deps;
    progress.begin(job.id, job.bytes);
    let lastSaved = 0;
    let settings: Settings | undefined;
    try {
      settings = this.deps.settings();
      const client = await this.s3(settings);
      await uploadFile(
        { path: stagedPath, bytes: job.bytes },
        { bucket: settings['s3.bucket'], key: job.s3Key, contentType: job.contentType, cacheControl: IMMUTABLE_CACHE_CONTROL },
        jobs.checkpoints(job.id),
        {
          client,
          checksums: settings['s3.checksums'],
          multipartThreshold: settings['uploads.multipartThresholdMiB'] * MiB,
          partSize: settings['uploads.partSizeMiB'] * MiB,
          partConcurrency: settings['uploads.partConcurrency'],
          signal,
          onProgress: (bytes) => {
            progress.update(job.id, bytes);
            // Each save is a durable write: once a second is enough for a restart to show where it was.
            if (Date.now() - lastSaved > 1_000) {
              lastSaved = Date.now();
              jobs.setBytesSent(job.id, bytes);
            }
            this.deps.statusChanged();
          },
        },
      );
      jobs.setBytesSent(job.id, job.bytes);
      progress.end(job.id);
      const stored = this.tryMove(job.id, { type: 'stored' });
      if (stored) await this.record({ ...job, state: 'uploaded' });
    } catch (error) {
      progress.end(job.id);
      if (signal.aborted) {
        // Pause and cancel moved the job already; a quit leaves it to be resumed from its checkpoint.
        if (stopping()) this.tryMove(job.id, { type: 'recover' });
        return;
      }
      const info = classifyTransferError(error, this.target(settings ?? this.deps.settings()));
      this.apply(job, info.aborted ? { action: 'retry', failure: info.failure, afterMs: 0 } : decideTransfer(info, error), 'transfer');
    }
  }

  get recordingCount(): number {
    return this.recording.size;
  }

  isRecording(id: string): boolean {
    return this.recording.has(id);
  }

  /** Writes the catalog row of a stored photo (idempotent), then finishes the job. */
  async record(job: UploadJobRecord): Promise<void> {
    if (this.recording.has(job.id)) return;
    this.recording.add(job.id);
    const settings = this.deps.settings();
    try {
      const outcome = await this.deps.recorder.record({
        imageId: job.imageId,
        productId: job.productId,
        s3Key: job.s3Key,
        publicUrl: publicUrlFor(settings, job.s3Key),
        contentType: job.contentType,
        bytes: job.bytes,
        width: null,
        height: null,
        sha256: job.sha256,
        createdBy: this.deps.actor ?? null,
        variants: [],
        warnings: job.warnings,
        dhash: job.dhash,
      });
      if (outcome.status === 'product-gone') {
        const failed = this.tryMove(job.id, {
          type: 'fail',
          kind: 'validation',
          message: `The product ${job.sku} was deleted from the catalog, so the photo was not added; it was removed from storage again.`,
        });
        if (failed) await this.discardRemote({ ...job, state: 'failed' }, true);
        return;
      }
      if (this.tryMove(job.id, { type: 'recorded' })) this.finish(job);
    } catch (error) {
      const { kind, message } = classifySyncError(error);
      this.apply(job, decideRecord(new AppFailure(kind, message)), 'record');
    } finally {
      this.recording.delete(job.id);
    }
  }

  /** A recorded job: its staged copy is released and the job is done. */
  finish(job: UploadJobRecord): void {
    if (this.tryMove(job.id, { type: 'finished' })) releaseStaged({ jobs: this.deps.jobs, stagingDir: this.deps.stagingDir }, job.sha256);
  }

  /**
   * A cancelled (or orphaned) job's remote traces: an unfinished multipart upload is aborted and, when the
   * object may exist and no other job or catalog photo uses its key, the object is deleted. Failures are
   * logged, not thrown: `vitrina reconcile` finds what is left.
   */
  async discardRemote(job: UploadJobRecord, deleteObject: boolean): Promise<void> {
    const checkpoints = this.deps.jobs.checkpoints(job.id);
    const checkpoint = checkpoints.load();
    if (!checkpoint && !deleteObject) return;
    try {
      const settings = this.deps.settings();
      const client = await this.s3(settings);
      const bucket = settings['s3.bucket'];
      if (checkpoint) await abortMultipart(client, bucket, job.s3Key, checkpoint.uploadId);
      checkpoints.clear();
      if (deleteObject && !this.deps.jobs.keyInUse(job.s3Key, job.id)) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: job.s3Key }));
    } catch (error) {
      this.deps.logger.log('warn', 'upload-cleanup-failed', { job: job.id, error: (error as Error).message });
    }
  }

  /** The online probe: a one-key listing under the prefix (what least privilege allows); any HTTP answer counts. */
  async probe(): Promise<void> {
    const settings = this.deps.settings();
    const client = await this.s3(settings);
    try {
      await client.send(new ListObjectsV2Command({ Bucket: settings['s3.bucket'], Prefix: settings['s3.keyPrefix'], MaxKeys: 1 }));
    } catch (error) {
      if (typeof (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode !== 'number') throw error;
    }
  }

  resetClient(): void {
    this.client?.client.destroy();
    this.client = null;
  }

  private apply(job: UploadJobRecord, decision: Decision, stage: 'transfer' | 'record'): void {
    const { jobs, logger } = this.deps;
    const { failure } = decision;
    logger.log('warn', `upload-${stage}-${decision.action}`, { job: job.id, kind: failure.kind });
    const attempts = job.attempts + 1;
    const retryAt = (afterMs?: number) =>
      new Date(Date.now() + (afterMs ?? backoffMs(attempts, this.deps.timing?.retryBaseMs ?? 1_000, this.deps.timing?.retryMaxMs ?? 60_000)));
    const requeue = stage === 'transfer' ? () => this.tryMove(job.id, { type: 'recover' }) : () => true;
    switch (decision.action) {
      case 'offline':
        if (this.tryMove(job.id, { type: 'offline', kind: failure.kind, message: failure.message }) && stage === 'record') jobs.scheduleRetry(job.id, retryAt(), attempts);
        if (stage === 'transfer') this.deps.offline();
        return;
      case 'retry':
        if (requeue()) jobs.scheduleRetry(job.id, retryAt(decision.afterMs), attempts);
        return;
      case 'attention':
        if (requeue() && stage === 'record') jobs.scheduleRetry(job.id, retryAt(), attempts);
        this.deps.attention(failure);
        return;
      case 'fail':
        this.tryMove(job.id, { type: 'fail', kind: failure.kind, message: failure.message });
        return;
    }
  }

  /** A move that may find the job moved on (a person paused or cancelled it meanwhile): then nothing happens. */
  private tryMove(id: string, event: JobEvent): boolean {
    try {
      this.deps.move(id, event);
      return true;
    } catch (error) {
      if (error instanceof AppFailure && error.kind === 'validation') return false;
      throw error;
    }
  }

  private async s3(settings: Settings): Promise<S3Client> {
    if (!settings['s3.bucket']) throw new AppFailure('not-configured', 'No bucket is set, so photos cannot be uploaded. Enter the bucket in Settings → Storage; the queue continues when you resume it.');
    const credentials = await this.deps.loadCredentials();
    if (!credentials) throw new AppFailure('not-configured', 'No AWS credentials are saved, so photos cannot be uploaded. Enter them in Settings → Credentials, then resume the queue.');
    const key = JSON.stringify([settings['s3.bucket'], settings['s3.region'], settings['s3.endpoint'], settings['s3.forcePathStyle'], settings['s3.checksums'], credentials.accessKeyId]);
    if (this.client?.key !== key) {
      this.resetClient();
      // One attempt per request: the queue retries with its own backoff, and a file stream cannot be replayed.
      const make = this.deps.makeClient ?? ((s, c) => createS3Client(s, c, { maxAttempts: 1, requestTimeoutMs: 120_000 }));
      this.client = { key, client: make(settings, credentials), maskedKeyId: maskAccessKeyId(credentials.accessKeyId) };
    }
    return this.client.client;
  }

  private target(settings: Settings): S3Target {
    return { bucket: settings['s3.bucket'], region: settings['s3.region'], endpoint: settings['s3.endpoint'], maskedAccessKeyId: this.client?.maskedKeyId ?? 'unknown' };
  }
}
