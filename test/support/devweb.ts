import http from 'node:http';
import { WebSocket } from 'ws';
import type { EventName } from '../../shared/ipc/channels';
import type { Result } from '../../shared/result';

/** A plain HTTP GET with full control over the headers (fetch would forbid setting Host and Origin). */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
  });
}

/**
 * Opens a WebSocket; resolves with the open socket, or with the HTTP status the server refused it with.
 * `received` collects text messages from the start: a server's first message can arrive in the same read
 * as the handshake, before the caller could attach a listener.
 */
export function openSocket(
  url: string,
  options: { origin?: string; cookie?: string; protocol?: string } = {},
): Promise<{ socket: WebSocket; received: string[]; refusedWith?: undefined } | { socket?: undefined; refusedWith: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.Cookie = options.cookie;
    const socket = new WebSocket(url, options.protocol ? [options.protocol] : [], {
      headers,
      ...(options.origin ? { origin: options.origin } : {}),
    });
    const received: string[] = [];
    socket.on('message', (data) => received.push(String(data)));
    socket.once('open', () => resolve({ socket, received }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ refusedWith: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

/** A test client of the dev:web bridge: requests by id, and a log of the events it received. */
export class BridgeClient {
  readonly events: { event: EventName; payload: unknown }[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, (result: Result<unknown>) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: Result<unknown>; event?: EventName; payload?: unknown };
      if (typeof message.id === 'number' && message.result) {
        this.waiting.get(message.id)?.(message.result);
        this.waiting.delete(message.id);
      } else if (message.event) {
        this.events.push({ event: message.event, payload: message.payload });
      }
    });
  }

  /** Connects with the right token and Origin, as the page does. */
  static async connect(server: { port: number; token: string }): Promise<BridgeClient> {
    const origin = `http://127.0.0.1:${server.port}`;
    const opened = await openSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, { origin });
    if (!opened.socket) throw new Error(`bridge refused the connection with ${opened.refusedWith}`);
    return new BridgeClient(opened.socket);
  }

  request<T = unknown>(channel: string, payload?: unknown): Promise<Result<T>> {
    const id = this.nextId++;
    return this.requestRaw(JSON.stringify(payload === undefined ? { id, channel } : { id, channel, payload }), id) as Promise<Result<T>>;
  }

  /** Sends any text and waits for the answer to `id`; fails after `timeoutMs` without one. */
  requestRaw(text: string, id: number, timeoutMs = 5_000): Promise<Result<unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to request ${id}`)), timeoutMs);
      this.waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.socket.send(text);
    });
  }

  /** Resolves once an event with this name has arrived (or already had). */
  async waitForEvent(event: EventName, timeoutMs = 5_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((entry) => entry.event === event);
      if (found) return found.payload;
      if (Date.now() > deadline) throw new Error(`no ${event} event within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
