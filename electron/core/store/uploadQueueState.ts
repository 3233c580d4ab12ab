import type { UploadFailure } from '../../../shared/uploads';
import type { LocalDatabase } from './database';

/** The queue-wide switch that must survive a restart: paused by "pause all" or by an error needing a person. */
export interface QueueSwitch {
  paused: boolean;
  attention: UploadFailure | null;
}

const KEY = 'uploads.queue';

/** Kept in the store's `sync_state` key/value table, beside the other per-workspace state. */
export class UploadQueueState {
  constructor(private readonly db: LocalDatabase) {}

  get(): QueueSwitch {
    const raw = this.db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck().get(KEY) as string | undefined;
    return raw ? (JSON.parse(raw) as QueueSwitch) : { paused: false, attention: null };
  }

  set(value: QueueSwitch): void {
    this.db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(value));
  }
}
