import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentials } from '../../../../shared/ipc/contract';
import type { Settings } from '../../../../shared/settings';
import type { EnqueueOutcome, QueueStatus, UploadFailure, UploadJob, UploadJobQuery } from '../../../../shared/uploads';
import { AppFailure } from '../../errors';
import type { Logger } from '../../log';
import type { LocalDatabase } from '../../store/database';
import { toUploadJob, UploadJobsTable, type UploadJobRecord } from '../../store/uploadJobs';
import { UploadQueueState, type QueueSwitch } from '../../store/uploadQueueState';
import { enqueue, releaseStaged, type IntakeDeps } from '../intake';
import type { JobEvent } from '../jobStates';
import type { CatalogRecorder } from '../record/types';
import { JobWork } from './jobWork';
import { OnlineProbe } from './onlineProbe';
import { ProgressTracker, throttle } from './progress';

export interface UploadQueueDeps {
  /** The workspace's store: jobs, checkpoints, the mirror. */
  db: LocalDatabase;
  stagingDir: string;
  /** The effective settings (the demo's storage while the demo is active), read at each job start. */
  settings: () => Settings;
  loadCredentials: () => Promise<AwsCredentials | null>;
  recorder: CatalogRecorder;
  logger: Logger;
  /** Folders a dropped link may point into (intake). */
  allowedRoots: readonly string[];
  /** Who drops the photos (recorded as `created_by`). */
  actor?: string | null;
  /** Jobs that changed state (for the UI's list). */
  onJobs?: (jobs: UploadJob[]) => void;
  /** Queue figures, at most 10 times a second. */
  onStatus?: (status: QueueStatus) => void;
  /** The queue paused itself, or drained: for notifications. */
  onAttention?: (failure: UploadFailure) => void;
  onDrained?: () => void;
  clock?: () => Date;
  /** Tests shorten the waits. */
  timing?: { retryBaseMs?: number; retryMaxMs?: number; probeMinMs?: number; probeMaxMs?: number };
  /** Tests make clients that record requests; the app uses createS3Client. */
  makeClient?: (settings: Settings, credentials: AwsCredentials) => S3Client;
}

/**
 * The upload queue (DESIGN.md): picks due jobs from the store, runs at most `uploads.fileConcurrency`
 * transfers, records stored photos in the catalog, and applies the person's actions (pause, resume, retry,
 * cancel). All durable state is in the store — a crash or a quit loses nothing: `start()` recovers jobs left
 * in flight. One queue per workspace store.
 */
export class UploadQueue {
  readonly jobs: UploadJobsTable;
  private readonly switch: UploadQueueState;
  private readonly work: JobWork;
  private readonly probe: OnlineProbe;
  private readonly progress = new ProgressTracker();
  private readonly emitStatus: ReturnType<typeof throttle<QueueStatus>>;
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private started = false;
  private stopped = false;
  private wake: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private wasBusy = false;

  constructor(private readonly deps: UploadQueueDeps) {
    this.jobs = new UploadJobsTable(deps.db, deps.clock);
    this.switch = new UploadQueueState(deps.db);
    this.emitStatus = throttle<QueueStatus>((status) => deps.onStatus?.(status), 100);
    this.probe = new OnlineProbe(() => this.work.probe(), (online) => this.onlineChanged(online), {
      minMs: deps.timing?.probeMinMs,
      maxMs: deps.timing?.probeMaxMs,
    });
    this.work = new JobWork({
      ...deps,
      jobs: this.jobs,
      progress: this.progress,
      move: (id, event) => this.move(id, event),
      offline: () => this.probe.wentOffline(),
      attention: (failure) => this.needsAttention(failure),
      statusChanged: () => this.emitStatus.push(this.status()),
    });
  }

  /** Recovers what a crash left in flight, finishes recorded jobs, and starts picking jobs. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const recovered = this.jobs.recoverInFlight();
    if (recovered) this.deps.logger.log('info', 'uploads-recovered', { jobs: recovered });
    for (const job of this.jobs.list({ states: ['recorded'], limit: 1000 })) this.work.finish(job);
    this.pump();
  }

  /** Stops transfers (they resume from their checkpoints at the next start) and timers. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.probe.stop();
    if (this.wake) clearTimeout(this.wake);
    for (const { controller } of this.running.values()) controller.abort(new Error('stopping'));
    await Promise.all([...this.running.values()].map((r) => r.done));
    this.emitStatus.flush();
  }

  /** Queues photos for a product (intake: checks, staging, one job per new photo). */
  async enqueue(sku: string, files: readonly string[]): Promise<EnqueueOutcome[]> {
    const settings = this.deps.settings();
    const intake: IntakeDeps = {
      db: this.deps.db,
      jobs: this.jobs,
      productLookup: (s) => {
        const row = this.deps.db.prepare('SELECT id, sku FROM products WHERE sku = ?').get(s) as { id: number; sku: string } | undefined;
        return row ?? null;
      },
      stagingDir: this.deps.stagingDir,
      maxBytes: settings['uploads.maxFileMB'] * 1_000_000,
      allowedRoots: this.deps.allowedRoots,
      keyPrefix: settings['s3.keyPrefix'],
      now: this.deps.clock ?? (() => new Date()),
    };
    const outcomes = await enqueue(intake, sku, files);
    const queued = outcomes.flatMap((o) => (o.status === 'queued' ? [o.job] : []));
    if (queued.length) this.deps.onJobs?.(queued);
    this.pump();
    return outcomes;
  }

  list(query: UploadJobQuery = {}): UploadJob[] {
    return this.jobs.list(query).map(toUploadJob);
  }

  status(): QueueStatus {
    const { paused, attention } = this.switch.get();
    const counts = this.jobs.counts();
    const online = this.probe.online;
    const snapshot = this.progress.snapshot(this.jobs.pendingBytes());
    return {
      paused,
      online,
      attention,
      counts,
      waitingForConnection: counts.waiting + (online ? 0 : counts.queued),
      bytesSent: snapshot.bytesSent,
      bytesTotal: snapshot.bytesTotal,
      rate: snapshot.rate,
      etaSeconds: snapshot.etaSeconds,
      active: snapshot.jobs,
    };
  }

  /** "Pause all": running transfers stop at once (resumable); every waiting job shows paused. */
  pauseAll(): void {
    this.setSwitch({ paused: true, attention: this.switch.get().attention });
    this.pauseJobs();
  }

  /** "Resume all": also what a person does after fixing the problem the queue paused for. */
  resumeAll(): void {
    this.setSwitch({ paused: false, attention: null });
    this.work.resetClient();
    const resumed = this.jobs.transitionAll(['paused'], { type: 'resume' }, { pausedBy: 'queue' });
    this.deps.onJobs?.(resumed.map((t) => toUploadJob(t.job)));
    if (!this.probe.online) this.probe.checkNow();
    this.pump();
  }

  pause(id: string): UploadJob {
    const job = this.move(id, { type: 'pause', by: 'user' });
    this.running.get(id)?.controller.abort(new Error('paused'));
    return job;
  }

  resume(id: string): UploadJob {
    return this.kick(this.move(id, { type: 'resume' }));
  }

  retry(id: string): UploadJob {
    return this.kick(this.move(id, { type: 'retry' }));
  }

  /** Cancels a job; an object it already stored is deleted (and an unfinished multipart upload aborted). */
  async cancel(id: string): Promise<UploadJob> {
    const { job, deleteObject } = this.jobs.transition(id, { type: 'cancel' });
    this.deps.onJobs?.([toUploadJob(job)]);
    const run = this.running.get(id);
    run?.controller.abort(new Error('cancelled'));
    await run?.done;
    await this.work.discardRemote(job, deleteObject);
    releaseStaged({ jobs: this.jobs, stagingDir: this.deps.stagingDir }, job.sha256);
    this.pump();
    return toUploadJob(job);
  }

  /** Retries every failed job. */
  retryFailed(): number {
    const retried = this.jobs.transitionAll(['failed'], { type: 'retry' });
    this.deps.onJobs?.(retried.map((t) => toUploadJob(t.job)));
    this.pump();
    return retried.length;
  }

  /** The OS says the network is back or the computer woke up: probe now rather than at the next backoff. */
  connectionReturned(): void {
    this.probe.checkNow();
    this.pump();
  }

  /** Settings or credentials changed: the next transfer builds a new client. */
  reconfigure(): void {
    this.work.resetClient();
  }

  /**
   * Resolves when nothing is left to do — every job done, cancelled, failed or paused by a person — or when
   * the queue paused itself for attention. Jobs waiting for the connection keep it waiting (`vitrina queue run`).
   */
  untilIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  private kick(job: UploadJob): UploadJob {
    this.pump();
    return job;
  }

  /** Applies one event and announces the job's new state. */
  private move(id: string, event: JobEvent): UploadJob {
    const job = toUploadJob(this.jobs.transition(id, event).job);
    this.deps.onJobs?.([job]);
    return job;
  }

  /** Starts due jobs in free slots and due catalog records, then sleeps until the next due time. */
  private pump(): void {
    if (!this.started || this.stopped) return;
    const { paused } = this.switch.get();
    const now = this.deps.clock?.() ?? new Date();
    // Photos dropped while everything is paused (here or by another process on this store) join the pause.
    if (paused && this.jobs.counts().queued + this.jobs.counts().waiting > 0) this.pauseJobs();
    if (!paused && this.probe.online) {
      const free = this.deps.settings()['uploads.fileConcurrency'] - this.running.size;
      if (free > 0) for (const job of this.jobs.claimRunnable(free, now)) this.launch(job);
    }
    if (!paused)
      for (const job of this.jobs.dueForRecording(20, now))
        if (!this.work.isRecording(job.id) && !this.running.has(job.id)) void this.work.record(job).finally(() => this.pump());
    this.armWake();
    this.emitStatus.push(this.status());
    this.checkIdle();
  }

  private launch(job: UploadJobRecord): void {
    this.deps.onJobs?.([toUploadJob(job)]);
    const controller = new AbortController();
    const done = this.work
      .transfer(job, controller.signal, path.join(this.deps.stagingDir, job.stagedName), () => this.stopped)
      .finally(() => {
        this.running.delete(job.id);
        this.pump();
      });
    this.running.set(job.id, { controller, done });
  }

  private armWake(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    const at = this.jobs.nextWakeAt();
    if (!at) return;
    const delay = Math.max(50, at.getTime() - Date.now());
    this.wake = setTimeout(() => this.pump(), Math.min(delay, 60_000));
    this.wake.unref();
  }

  private onlineChanged(online: boolean): void {
    this.deps.logger.log(online ? 'info' : 'warn', online ? 'uploads-online' : 'uploads-offline', {});
    if (online) {
      const back = this.jobs.transitionAll(['waiting'], { type: 'online' });
      this.deps.onJobs?.(back.map((t) => toUploadJob(t.job)));
    }
    this.pump();
  }

  /** Pauses the whole queue once, with the one sentence that says what to fix. */
  private needsAttention(failure: AppFailure): void {
    const current = this.switch.get();
    if (current.attention) return;
    const attention = { kind: failure.kind, message: failure.message };
    this.setSwitch({ paused: true, attention });
    this.deps.logger.log('warn', 'uploads-need-attention', { kind: failure.kind });
    this.pauseJobs();
    this.deps.onAttention?.(attention);
  }

  private pauseJobs(): void {
    const paused = this.jobs.transitionAll(['queued', 'waiting', 'uploading'], { type: 'pause', by: 'queue' });
    for (const { job } of paused) this.running.get(job.id)?.controller.abort(new Error('paused'));
    this.deps.onJobs?.(paused.map((t) => toUploadJob(t.job)));
    this.emitStatus.push(this.status());
    this.checkIdle();
  }

  private setSwitch(value: QueueSwitch): void {
    this.switch.set(value);
  }

  private checkIdle(): void {
    const counts = this.jobs.counts();
    const busy = counts.queued + counts.uploading + counts.uploaded + counts.recorded + counts.waiting > 0 || this.running.size > 0 || this.work.recordingCount > 0;
    if (busy) this.wasBusy = true;
    else if (this.wasBusy) {
      this.wasBusy = false;
      this.deps.onDrained?.();
    }
    if (busy && !this.switch.get().attention) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
