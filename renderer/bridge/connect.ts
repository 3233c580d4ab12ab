import { buildVitrinaApi } from '../../shared/ipc/buildApi';
import type { VitrinaApi } from '../../shared/ipc/contract';
import { err } from '../../shared/result';
import { takeDevWebToken } from './token';
import { createWebSocketTransport, type ConnectionMonitor } from './webSocketTransport';

export type { ConnectionMonitor, ConnectionState } from './webSocketTransport';

export interface VitrinaConnection {
  api: VitrinaApi;
  /** Null in Electron, where IPC cannot drop. */
  monitor: ConnectionMonitor | null;
}

/**
 * The renderer's one way to reach main. In Electron the preload has already put the API on
 * `window.vitrina`; in dev:web the same API is built here over the `/bridge` WebSocket. Either way the
 * rest of the renderer sees a `VitrinaApi` and cannot tell which transport it has.
 */
export function connectVitrina(): VitrinaConnection {
  if (window.vitrina) return { api: window.vitrina, monitor: null };
  const token = takeDevWebToken();
  if (!token) return noTokenConnection();
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = createWebSocketTransport(`${scheme}://${window.location.host}/bridge?token=${encodeURIComponent(token)}`);
  return { api: buildVitrinaApi(transport), monitor: transport.connection };
}

/** Without a token the server refuses the bridge, so do not even try; every call explains what to do. */
function noTokenConnection(): VitrinaConnection {
  const refusal = err('forbidden', 'This page has no access token. Open the full address printed by npm run dev:web.');
  return {
    api: buildVitrinaApi({ invoke: async () => refusal, subscribe: () => () => {} }),
    monitor: { state: 'no-token', reconnections: 0, subscribe: () => () => {} },
  };
}
