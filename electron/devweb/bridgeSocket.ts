import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import { eventNames } from '../../shared/ipc/channels';
import { err, type Result } from '../../shared/result';
import type { Core } from '../core/createCore';

/**
 * The dev:web bridge: the IPC contract over a WebSocket, so the renderer running in a plain browser gets
 * the same `window.vitrina` as in Electron. Every request goes to `core.dispatch` — the very dispatcher
 * behind Electron IPC — so no handler exists twice and validation happens in the same place.
 *
 * Wire format (JSON text frames):
 *   client → server  `{ id, channel, payload? }`
 *   server → client  `{ id, result }` (result exactly as `core.dispatch` returned it)
 *   server → client  `{ event, payload }` for every core event
 */

/** Requests are small (settings, credentials); anything bigger is a bug or an attack. */
const MAX_MESSAGE_BYTES = 256 * 1024;

const requestSchema = z.strictObject({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().min(1).max(100),
  payload: z.unknown().optional(),
});

const idOnly = z.object({ id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) });

export interface Bridge {
  /** Takes over an upgrade that the token gate has already accepted. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every bridge connection. */
  close(): Promise<void>;
}

/** Creates the bridge over `core`; the HTTP server routes authorised `/bridge` upgrades to it. */
export function createBridge(core: Pick<Core, 'dispatch' | 'events'>): Bridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('connection', (socket) => serve(socket, core));
  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

function serve(socket: WebSocket, core: Pick<Core, 'dispatch' | 'events'>): void {
  const send = (message: unknown) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribes = eventNames.map((event) => core.events.on(event, (payload) => send({ event, payload })));
  socket.on('close', () => unsubscribes.forEach((unsubscribe) => unsubscribe()));
  // A protocol error (oversized frame, bad opcode) closes this connection only; ws reports it here.
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    void handleMessage(data, isBinary, core).then((reply) => {
      if (reply) send(reply);
    });
  });
}

async function handleMessage(
  data: RawData,
  isBinary: boolean,
  core: Pick<Core, 'dispatch'>,
): Promise<{ id: number; result: Result<unknown> } | null> {
  if (isBinary) return null;
  let message: unknown;
  try {
    message = JSON.parse(rawText(data));
  } catch {
    return null; // without a parsable id there is no one to answer
  }
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) {
    const id = idOnly.safeParse(message);
    if (!id.success) return null;
    return { id: id.data.id, result: err('validation', 'Invalid bridge message: expected { id, channel, payload? }.') };
  }
  const { id, channel, payload } = parsed.data;
  try {
    return { id, result: await core.dispatch(channel, payload) };
  } catch {
    // dispatch never throws by contract; this guards the socket if that promise is ever broken.
    return { id, result: err('internal', 'Something went wrong inside Vitrina. Try again; if it keeps happening, send the log file to support.') };
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
