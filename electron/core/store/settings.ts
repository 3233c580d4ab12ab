import {
  defaultSettings,
  isSettingKey,
  settingSchemas,
  type SettingKey,
  type Settings,
  type SettingsPatch,
} from '../../../shared/settings';
import type { LocalDatabase } from './database';

/** Settings rows: key → JSON value. Validation happens before this layer (the contract's schemas). */
export class SettingsTable {
  constructor(private readonly db: LocalDatabase) {}

  /** All settings, defaults filled in. A stored value that no longer validates falls back to its default. */
  getAll(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const settings: Record<string, unknown> = { ...defaultSettings };
    for (const { key, value } of rows) {
      if (!isSettingKey(key)) continue; // written by a newer version; keep it, ignore it
      const parsed = settingSchemas[key].safeParse(safeJson(value));
      if (parsed.success) settings[key] = parsed.data;
    }
    return settings as Settings;
  }

  /** Saves the given (already validated) values in one transaction. */
  update(patch: SettingsPatch): Settings {
    const upsert = this.db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch) as [SettingKey, unknown][]) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value), now);
      }
    })();
    return this.getAll();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
