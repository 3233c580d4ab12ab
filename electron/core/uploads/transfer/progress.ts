/**
 * Byte accounting for one transfer call. Progress = bytes S3 confirmed + bytes the HTTP client has pulled
 * into requests still in flight. A failed part drops its in-flight bytes from the sum, so the reported
 * value is held at its maximum: the bar never moves backwards within one call.
 */
export class ProgressMeter {
  private confirmed = 0;
  private readonly inFlight = new Map<number, number>();
  private reported = -1;
  /** Payload bytes handed to the HTTP client by this call, failed attempts included. */
  sentBytes = 0;

  constructor(private readonly onProgress?: (bytesDone: number) => void) {}

  /** Bytes already on S3 before this call (resumed parts). */
  alreadyStored(bytes: number): void {
    this.confirmed += bytes;
    this.emit();
  }

  /** The upload starts over (it vanished on S3): what was confirmed no longer counts; the bar holds until passed. */
  restart(): void {
    this.confirmed = 0;
    this.inFlight.clear();
  }

  /** `bytes` more of request `id`'s body went out. */
  flowing(id: number, bytes: number): void {
    this.sentBytes += bytes;
    this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + bytes);
    this.emit();
  }

  /** Request `id` finished: its `size` bytes are confirmed (ok) or were lost (failed). */
  settle(id: number, confirmedSize: number | null): void {
    this.inFlight.delete(id);
    if (confirmedSize !== null) this.confirmed += confirmedSize;
    this.emit();
  }

  private emit(): void {
    if (!this.onProgress) return;
    let total = this.confirmed;
    for (const bytes of this.inFlight.values()) total += bytes;
    if (total <= this.reported) return;
    this.reported = total;
    this.onProgress(total);
  }
}
