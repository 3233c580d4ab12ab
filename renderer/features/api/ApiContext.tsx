import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { VitrinaApi } from '../../../shared/ipc/contract';
import type { ConnectionState, VitrinaConnection } from '../../bridge/connect';

const ApiContext = createContext<VitrinaConnection | null>(null);

/** Makes the API available to feature hooks. Components never read it: they get data through props. */
export function ApiProvider(props: { connection: VitrinaConnection; children: ReactNode }) {
  return <ApiContext.Provider value={props.connection}>{props.children}</ApiContext.Provider>;
}

function useConnection(): VitrinaConnection {
  const connection = useContext(ApiContext);
  if (!connection) throw new Error('Feature hooks need an <ApiProvider> above them.');
  return connection;
}

/** `window.vitrina` or its dev:web twin. Only code under renderer/features may call this. */
export function useApi(): VitrinaApi {
  return useConnection().api;
}

/**
 * The bridge's state (always `open` in Electron) and how many times it reconnected; hooks that load data
 * list `reconnections` among their effect's dependencies so they reload after a drop.
 */
export function useConnectionState(): { state: ConnectionState; reconnections: number } {
  const { monitor } = useConnection();
  const subscribe = useCallback((listener: () => void) => monitor?.subscribe(listener) ?? (() => {}), [monitor]);
  const state = useSyncExternalStore(subscribe, () => monitor?.state ?? 'open');
  const reconnections = useSyncExternalStore(subscribe, () => monitor?.reconnections ?? 0);
  return { state, reconnections };
}
