import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import type { AppError, Result } from '../../../shared/result';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { useApi } from '../api/ApiContext';
import { useLiveValue } from '../api/useLiveValue';

interface SettingsState {
  /** Null until loaded. */
  settings: Settings | null;
  loadError: AppError | null;
  /** Sends only the given keys; on success the shared settings update at once. */
  save(patch: SettingsPatch): Promise<Result<Settings>>;
}

const SettingsContext = createContext<SettingsState | null>(null);

/**
 * One copy of the settings for the whole UI, kept current by the `settingsChanged` event (a save from
 * another window or browser tab shows up here too) and reloaded after the bridge reconnects.
 */
export function SettingsProvider(props: { children: ReactNode }) {
  const api = useApi();
  const { value: settings, setValue: setSettings, loadError } = useLiveValue('settingsChanged', (a) => a.getSettings());

  const save = useCallback(
    async (patch: SettingsPatch) => {
      const result = await api.updateSettings(patch);
      if (result.ok) setSettings(result.value);
      return result;
    },
    [api, setSettings],
  );
  const value = useMemo(() => ({ settings, loadError, save }), [settings, loadError, save]);
  return <SettingsContext.Provider value={value}>{props.children}</SettingsContext.Provider>;
}

/** The shared settings and the save function. */
export function useSettings(): SettingsState {
  const state = useContext(SettingsContext);
  if (!state) throw new Error('useSettings() needs a <SettingsProvider> above it.');
  return state;
}
