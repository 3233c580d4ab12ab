import { describe, expect, it } from 'vitest';
import { OnlineProbe } from '../../../../../electron/core/uploads/queue/onlineProbe';
import { backoffMs, ProgressTracker, throttle } from '../../../../../electron/core/uploads/queue/progress';

describe('ProgressTracker', () => {
  it('sums running and waiting bytes, averages the rate, and derives the ETA', () => {
    let now = 0;
    const tracker = new ProgressTracker(5_000, () => now);
    tracker.begin('a', 10_000_000);
    tracker.begin('b', 10_000_000, 2_000_000); // resumed: 2 MB were already on S3
    for (let s = 1; s <= 10; s++) {
      now = s * 1_000;
      tracker.update('a', s * 500_000);
    }
    const snap = tracker.snapshot({ bytesSent: 0, bytesTotal: 5_000_000 });
    expect(snap.jobs).toEqual({ a: { bytes: 10_000_000, bytesSent: 5_000_000 }, b: { bytes: 10_000_000, bytesSent: 2_000_000 } });
    expect(snap.bytesTotal).toBe(25_000_000);
    expect(snap.bytesSent).toBe(7_000_000);
    expect(snap.rate).toBeCloseTo(500_000, -3);
    expect(snap.etaSeconds).toBe(Math.ceil(18_000_000 / snap.rate));
  });

  it('never counts a job going backwards or past its size, and reports no ETA when idle', () => {
    let now = 0;
    const tracker = new ProgressTracker(5_000, () => now);
    tracker.begin('a', 1_000);
    now = 1_000;
    tracker.update('a', 800);
    tracker.update('a', 300);
    tracker.update('a', 5_000);
    expect(tracker.snapshot({ bytesSent: 0, bytesTotal: 0 }).jobs.a!.bytesSent).toBe(1_000);
    now = 2_000;
    tracker.snapshot({ bytesSent: 0, bytesTotal: 0 });
    now = 60_000;
    expect(tracker.snapshot({ bytesSent: 0, bytesTotal: 5_000 })).toMatchObject({ rate: 0, etaSeconds: null });
  });
});

describe('throttle', () => {
  it('emits at most once per interval, always the latest value, and the last one on flush', async () => {
    const seen: number[] = [];
    const t = throttle<number>((v) => seen.push(v), 50);
    for (let i = 1; i <= 100; i++) t.push(i);
    expect(seen).toEqual([1]);
    await new Promise((r) => setTimeout(r, 80));
    expect(seen).toEqual([1, 100]);
    t.push(101);
    t.push(102);
    t.flush();
    expect(seen).toEqual([1, 100, 102]);
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the cap, with jitter in the upper half', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1_000, 8_000, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect([1, 2, 3].map((n) => backoffMs(n, 1_000, 8_000, () => 0))).toEqual([500, 1_000, 2_000]);
  });
});

describe('OnlineProbe', () => {
  it('goes offline once, probes until S3 answers, then reports online', async () => {
    let failures = 3;
    let probes = 0;
    const changes: boolean[] = [];
    const probe = new OnlineProbe(
      async () => {
        probes++;
        if (failures-- > 0) throw new Error('ECONNREFUSED');
      },
      (online) => changes.push(online),
      { minMs: 5, maxMs: 20 },
    );
    probe.wentOffline();
    probe.wentOffline();
    expect(probe.online).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(changes).toEqual([false, true]);
    expect(probes).toBe(4);
    expect(probe.online).toBe(true);
    probe.stop();
  });

  it('checks at once when told the network is back, and does nothing after stop', async () => {
    let up = false;
    const changes: boolean[] = [];
    const probe = new OnlineProbe(async () => {
      if (!up) throw new Error('down');
    }, (online) => changes.push(online), { minMs: 60_000, maxMs: 60_000 });
    probe.wentOffline();
    up = true;
    probe.checkNow();
    await new Promise((r) => setTimeout(r, 20));
    expect(changes).toEqual([false, true]);
    probe.stop();
    probe.wentOffline();
    expect(changes).toEqual([false, true]);
  });
});
