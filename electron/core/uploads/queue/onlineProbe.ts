import { backoffMs } from './progress';

/**
 * "Online" means S3 answered, not that the OS has a network (a hotel Wi-Fi portal, a VPN that is down, an
 * S3 outage all look online to `navigator.onLine`). While offline, a cheap request is retried with backoff
 * (1 s, 2 s, 4 s… up to `maxMs`); jobs wait without spending attempts, and the first answer brings the queue
 * back. Any HTTP answer counts as online, even an error: the store is reachable, and the queue's own
 * requests will say what is wrong.
 */
export class OnlineProbe {
  private offline = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    /** Resolves when S3 answered (with anything); rejects on network failure. */
    private readonly probe: () => Promise<void>,
    private readonly onChange: (online: boolean) => void,
    private readonly options: { minMs?: number; maxMs?: number } = {},
  ) {}

  get online(): boolean {
    return !this.offline;
  }

  /** A request failed for lack of a connection: go offline and start probing (once). */
  wentOffline(): void {
    if (this.offline || this.stopped) return;
    this.offline = true;
    this.attempt = 0;
    this.onChange(false);
    this.arm();
  }

  /** Probe now (e.g. the OS says the network is back, or the computer woke up). */
  checkNow(): void {
    if (!this.offline || this.stopped) return;
    this.clear();
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private arm(): void {
    this.clear();
    this.attempt += 1;
    this.timer = setTimeout(() => void this.tick(), backoffMs(this.attempt, this.options.minMs ?? 1_000, this.options.maxMs ?? 30_000));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    try {
      await this.probe();
    } catch {
      if (!this.stopped) this.arm();
      return;
    }
    if (this.stopped || !this.offline) return;
    this.offline = false;
    this.onChange(true);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
