import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AppInfo } from '../../../shared/ipc/contract';
import { useApi } from '../api/ApiContext';

const AppInfoContext = createContext<AppInfo | null>(null);

/** Loads the app's facts (version, data folder, OS locale) once and shares them. */
export function AppInfoProvider(props: { children: ReactNode }) {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let current = true;
    void api.getAppInfo().then((result) => {
      if (current && result.ok) setInfo(result.value);
    });
    return () => {
      current = false;
    };
  }, [api]);
  return <AppInfoContext.Provider value={info}>{props.children}</AppInfoContext.Provider>;
}

/** The app's facts, or null while they load (or when main cannot be reached). */
export function useAppInfo(): AppInfo | null {
  return useContext(AppInfoContext);
}
