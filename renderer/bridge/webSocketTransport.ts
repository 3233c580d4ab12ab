import type { Transport } from '../../shared/ipc/buildApi';
import type { Channel, EventName } from '../../shared/ipc/channels';
import { err, type Result } from '../../shared/result';

/** Where the bridge connection stands, for a "reconnecting" banner and for refetching after a drop. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'no-token';

export interface ConnectionMonitor {
  readonly state: ConnectionState;
  /** Counts reconnections (0 until the first drop): data loaded before it may be stale. */
  readonly reconnections: number;
  subscribe(listener: () => void): () => void;
}

export interface WebSocketTransport extends Transport {
  readonly connection: ConnectionMonitor;
  /** Stops reconnecting and fails whatever is still waiting. */
  close(): void;
}

type Resolve = (result: Result<unknown>) => void;

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;

const lost = () =>
  err('unreachable', 'The connection to Vitrina was lost before it answered. It reconnects by itself; try again in a moment.');

/**
 * The dev:web transport: the contract over one WebSocket to `/bridge`, reconnecting with exponential
 * backoff. A call made while the socket is down waits for the next connection attempt; a call whose
 * socket drops (before or after sending) resolves to `unreachable` instead of hanging.
 */
export function createWebSocketTransport(url: string): WebSocketTransport {
  const sent = new Map<number, Resolve>();
  let waiting: { id: number; text: string; resolve: Resolve }[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const monitorListeners = new Set<() => void>();
  let state: ConnectionState = 'connecting';
  let reconnections = 0;
  let everOpened = false;
  let failures = 0;
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setState = (next: ConnectionState) => {
    state = next;
    monitorListeners.forEach((listener) => listener());
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      if (everOpened) reconnections += 1;
      everOpened = true;
      const queued = waiting;
      waiting = [];
      for (const call of queued) {
        sent.set(call.id, call.resolve);
        ws.send(call.text);
      }
      setState('open');
    };
    ws.onmessage = (event: MessageEvent) => receive(event.data);
    // A close event follows every error and does the recovery; handling the error keeps it from surfacing
    // as unhandled where WebSocket is an EventEmitter underneath (the `ws` package the tests use).
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      const dropped = [...sent.values(), ...waiting.map((call) => call.resolve)];
      sent.clear();
      waiting = [];
      dropped.forEach((resolve) => resolve(lost()));
      if (closed) return;
      setState('reconnecting');
      const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures);
      failures += 1;
      // Jitter, so that several tabs do not hammer a restarting server in lockstep.
      retryTimer = setTimeout(connect, delay * (0.75 + Math.random() * 0.5));
    };
  };

  const receive = (data: unknown) => {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { id, result, event, payload } = message as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof id === 'number' && isResult(result)) {
      sent.get(id)?.(result);
      sent.delete(id);
    } else if (typeof event === 'string') {
      listeners.get(event as EventName)?.forEach((listener) => listener(payload));
    }
  };

  connect();

  return {
    invoke(channel: Channel, request: unknown) {
      return new Promise<Result<unknown>>((resolve) => {
        if (closed) return resolve(lost());
        const id = nextId++;
        let text: string;
        try {
          text = JSON.stringify(request === undefined ? { id, channel } : { id, channel, payload: request });
        } catch {
          return resolve(err('validation', `The request for "${channel}" cannot be sent (it is not plain data).`));
        }
        if (socket?.readyState === WebSocket.OPEN) {
          sent.set(id, resolve);
          socket.send(text);
        } else {
          waiting.push({ id, text, resolve });
        }
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    connection: {
      get state() {
        return state;
      },
      get reconnections() {
        return reconnections;
      },
      subscribe(listener) {
        monitorListeners.add(listener);
        return () => monitorListeners.delete(listener);
      },
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}
