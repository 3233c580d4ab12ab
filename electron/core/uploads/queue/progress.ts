/**
 * Bytes sent per job and for the whole queue, the transfer rate and the time left. The rate is an
 * exponentially weighted average over roughly the last `windowMs`, so a pause or a burst moves it smoothly
 * instead of making the ETA jump on every part.
 */
export interface ProgressSnapshot {
  /** Bytes confirmed or in flight for each running job. */
  jobs: Record<string, { bytesSent: number; bytes: number }>;
  /** Over all jobs not yet uploaded (queued, waiting, paused, running). */
  bytesSent: number;
  bytesTotal: number;
  /** Bytes per second, averaged; 0 when nothing moved lately. */
  rate: number;
  /** Seconds to send what is left at `rate`; null while the rate is unknown or 0. */
  etaSeconds: number | null;
}

export class ProgressTracker {
  private readonly running = new Map<string, { bytesSent: number; bytes: number }>();
  private rate = 0;
  private lastSample: { at: number; total: number } | null = null;
  /** When the byte count last grew: no growth for a whole window means the rate is 0, not its old average. */
  private lastGrowthAt = -Infinity;

  constructor(
    private readonly windowMs = 5_000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** A job started (or resumed with `bytesSent` already on S3). */
  begin(jobId: string, bytes: number, bytesSent = 0): void {
    this.running.set(jobId, { bytes, bytesSent });
  }

  update(jobId: string, bytesSent: number): void {
    const job = this.running.get(jobId);
    if (job) job.bytesSent = Math.max(job.bytesSent, Math.min(bytesSent, job.bytes));
    this.sample();
  }

  end(jobId: string): void {
    this.sample();
    this.running.delete(jobId);
  }

  /**
   * The current figures. `waiting` is what jobs not running still have to send (the caller knows them from
   * the store), so the ETA covers the whole queue and not only the files in flight.
   */
  snapshot(waiting: { bytesSent: number; bytesTotal: number }): ProgressSnapshot {
    this.sample();
    const jobs = Object.fromEntries([...this.running].map(([id, j]) => [id, { ...j }]));
    const running = [...this.running.values()];
    const bytesSent = waiting.bytesSent + running.reduce((s, j) => s + j.bytesSent, 0);
    const bytesTotal = waiting.bytesTotal + running.reduce((s, j) => s + j.bytes, 0);
    const idle = this.clock() - this.lastGrowthAt > this.windowMs;
    const rate = idle ? 0 : this.rate;
    return { jobs, bytesSent, bytesTotal, rate, etaSeconds: rate > 0 ? Math.ceil((bytesTotal - bytesSent) / rate) : null };
  }

  private sample(): void {
    const at = this.clock();
    const total = [...this.running.values()].reduce((s, j) => s + j.bytesSent, 0);
    const last = this.lastSample;
    if (last === null) {
      this.lastSample = { at, total };
      return;
    }
    const elapsed = at - last.at;
    if (elapsed < 100) return;
    // Jobs ending make `total` drop; only growth is progress.
    const instant = (Math.max(0, total - last.total) * 1000) / elapsed;
    if (total > last.total) this.lastGrowthAt = at;
    const weight = Math.min(1, elapsed / this.windowMs);
    this.rate = this.rate === 0 ? instant : this.rate + weight * (instant - this.rate);
    this.lastSample = { at, total };
  }
}

/**
 * Calls `emit` at most once per `intervalMs` (the UI wants ≤ 10 progress events a second), always with the
 * latest value, and once more after the last call so the final figure is never lost.
 */
export function throttle<T>(emit: (value: T) => void, intervalMs = 100): { push(value: T): void; flush(): void } {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let timer: NodeJS.Timeout | null = null;
  const fire = () => {
    timer = null;
    if (!pending) return;
    last = performance.now();
    const { value } = pending;
    pending = null;
    emit(value);
  };
  return {
    push(value) {
      pending = { value };
      const wait = last + intervalMs - performance.now();
      if (wait <= 0 && !timer) fire();
      else if (!timer) {
        timer = setTimeout(fire, Math.max(0, wait));
        timer.unref();
      }
    },
    flush() {
      if (timer) clearTimeout(timer);
      fire();
    },
  };
}

/** Exponential backoff with full jitter: attempt 1 → up to `baseMs`, doubling up to `maxMs`. */
export function backoffMs(attempt: number, baseMs = 1_000, maxMs = 60_000, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
