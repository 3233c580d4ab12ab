import { useCallback, useState } from 'react';
import { coerceSettingText, settingSchemas, type SettingKey, type Settings, type SettingsPatch } from '../../../shared/settings';
import { useSettings } from './SettingsContext';

/** What an input holds: text for text, number and select fields; a boolean for checkboxes. */
export type FieldValue = string | boolean;

export type FormStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'unchanged' }
  | { kind: 'invalid' }
  | { kind: 'failed'; message: string };

export interface SettingsForm<K extends SettingKey> {
  ready: boolean;
  value(key: K): FieldValue;
  setValue(key: K, value: FieldValue): void;
  /** Keys whose typed value fails the setting's schema (after the last save attempt). */
  invalid: ReadonlySet<K>;
  status: FormStatus;
  /** Validates the changed fields and saves only those. */
  submit(): Promise<void>;
}

const toField = (value: Settings[SettingKey]): FieldValue => (typeof value === 'boolean' ? value : String(value));

const fromField = (key: SettingKey, value: FieldValue): unknown =>
  typeof value === 'boolean' ? value : coerceSettingText(key, value);

/**
 * A draft of some settings (one Settings section). Untouched fields show the saved value, so a change made
 * elsewhere appears at once; edited fields keep what the person typed until it is saved. Fields are checked
 * with the same schemas main uses, so most mistakes are shown next to the field before anything is sent.
 */
export function useSettingsForm<K extends SettingKey>(keys: readonly K[]): SettingsForm<K> {
  const { settings, save } = useSettings();
  const [edits, setEdits] = useState<Partial<Record<K, FieldValue>>>({});
  const [invalid, setInvalid] = useState<ReadonlySet<K>>(new Set());
  const [status, setStatus] = useState<FormStatus>({ kind: 'idle' });

  const value = (key: K): FieldValue => {
    const edited = edits[key];
    if (edited !== undefined) return edited;
    return settings ? toField(settings[key]) : '';
  };

  const setValue = useCallback((key: K, next: FieldValue) => {
    setEdits((current) => ({ ...current, [key]: next }));
    setInvalid((current) => {
      if (!current.has(key)) return current;
      const copy = new Set(current);
      copy.delete(key);
      return copy;
    });
    setStatus({ kind: 'idle' });
  }, []);

  const submit = async () => {
    if (!settings) return;
    const patch: Record<string, unknown> = {};
    const bad = new Set<K>();
    for (const key of keys) {
      const edited = edits[key];
      if (edited === undefined) continue;
      const next = fromField(key, edited);
      if (Object.is(next, settings[key])) continue;
      if (settingSchemas[key].safeParse(next).success) patch[key] = next;
      else bad.add(key);
    }
    setInvalid(bad);
    if (bad.size > 0) return setStatus({ kind: 'invalid' });
    if (Object.keys(patch).length === 0) {
      setEdits({});
      return setStatus({ kind: 'unchanged' });
    }
    setStatus({ kind: 'saving' });
    const result = await save(patch as SettingsPatch);
    if (result.ok) {
      setEdits({});
      setStatus({ kind: 'saved' });
    } else {
      setStatus({ kind: 'failed', message: result.error.message });
    }
  };

  return { ready: settings !== null, value, setValue, invalid, status, submit };
}
