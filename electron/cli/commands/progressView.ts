import type { Writable } from 'node:stream';
import type { QueueStatus, UploadJob } from '../../../shared/uploads';
import type { Core } from '../../core/createCore';

const BAR = 24;

/**
 * Progress of `vitrina queue run`: on a terminal, one bar per file in flight plus a total line, redrawn in
 * place at most 10 times a second; otherwise (a pipe, a log file, a test) one plain line per change of a
 * job's state, which reads well in logs and never floods them with percentages.
 */
export function renderProgress(out: Writable & { isTTY?: boolean; columns?: number }, core: Core): { stop(): void } {
  const names = new Map<string, string>();
  if (!out.isTTY) {
    const off = core.events.on('uploadsChanged', (jobs: UploadJob[]) => {
      for (const j of jobs) out.write(`${j.state.padEnd(9)} ${j.sku} ${j.fileName}${j.failure ? ` — ${j.failure.message}` : ''}\n`);
    });
    return { stop: off };
  }
  let drawn = 0;
  const draw = (status: QueueStatus) => {
    const width = Math.max(40, (out.columns ?? 80) - 1);
    const lines = Object.entries(status.active).map(([id, p]) => line(names.get(id) ?? id.slice(0, 8), p.bytesSent, p.bytes, width));
    const rate = status.rate > 0 ? ` · ${(status.rate / 1_000_000).toFixed(1)} MB/s` : '';
    const eta = status.etaSeconds !== null ? ` · ${status.etaSeconds} s left` : '';
    const state = status.attention ? ` · paused: ${status.attention.message}` : !status.online ? ` · offline, ${status.waitingForConnection} waiting` : '';
    lines.push(`${line('total', status.bytesSent, status.bytesTotal, width - 40)}${rate}${eta}${state}`.slice(0, width));
    // Move up over the previous frame and clear each line as it is rewritten.
    out.write(`${drawn ? `\x1b[${drawn}F` : ''}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    drawn = lines.length;
  };
  const offJobs = core.events.on('uploadsChanged', (jobs: UploadJob[]) => {
    for (const j of jobs) names.set(j.id, j.fileName);
  });
  const offStatus = core.events.on('queueStatusChanged', draw);
  return {
    stop: () => {
      offJobs();
      offStatus();
    },
  };
}

function line(label: string, sent: number, total: number, width: number): string {
  const share = total > 0 ? Math.min(1, sent / total) : 1;
  const filled = Math.round(share * BAR);
  const name = label.length > 28 ? `${label.slice(0, 27)}…` : label.padEnd(28);
  return `${name} [${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`.slice(0, Math.max(20, width));
}
