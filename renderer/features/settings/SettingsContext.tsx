import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AppError, Result } from '../../../shared/result';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { useApi, useConnectionState } from '../api/ApiContext';

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
 * another window or from the CLI shows up here too) and reloaded after the bridge reconnects.
 */
export function SettingsProvider(props: { children: ReactNode }) {
  const api = useApi();
  const { reconnections } = useConnectionState();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  // Counts settingsChanged events, so that a load answered after an event does not overwrite newer values.
  const changes = useRef(0);

  useEffect(
    () =>
      api.on('settingsChanged', (next) => {
        changes.current += 1;
        setSettings(next);
      }),
    [api],
  );
  useEffect(() => {
    let current = true;
    const changesBefore = changes.current;
    void api.getSettings().then((result) => {
      if (!current || changes.current !== changesBefore) return;
      if (result.ok) {
        setSettings(result.value);
        setLoadError(null);
      } else {
        setLoadError(result.error);
      }
    });
    return () => {
      current = false;
    };
  }, [api, reconnections]);

  const save = useCallback(
    async (patch: SettingsPatch) => {
      const result = await api.updateSettings(patch);
      if (result.ok) setSettings(result.value);
      return result;
    },
    [api],
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
