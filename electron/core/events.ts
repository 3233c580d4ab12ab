import { EventEmitter } from 'node:events';
import type { EventName } from '../../shared/ipc/channels';
import type { EventPayloads } from '../../shared/ipc/contract';

/** Typed main-side events; transports (Electron IPC, dev:web) forward them to every UI. */
export class CoreEvents {
  private readonly emitter = new EventEmitter();

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
