import type { Result } from '../result';
import { channels, eventNames, type Channel, type EventName } from './channels';
import type { EventPayloads, VitrinaApi } from './contract';

/**
 * A transport carries requests to main and events back. The preload (Electron IPC) and the dev:web bridge
 * (WebSocket) are the two transports; both build `window.vitrina` with this one function, so the renderer
 * cannot tell them apart.
 */
export interface Transport {
  invoke(channel: Channel, request: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function buildVitrinaApi(transport: Transport): VitrinaApi {
  const api: Record<string, unknown> = {};
  for (const channel of channels) {
    api[channel] = (request?: unknown) => transport.invoke(channel, request);
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => {
    if (!(eventNames as readonly string[]).includes(event)) throw new Error(`Unknown event: ${event}`);
    return transport.subscribe(event, listener as (payload: unknown) => void);
  };
  return Object.freeze(api) as VitrinaApi;
}
