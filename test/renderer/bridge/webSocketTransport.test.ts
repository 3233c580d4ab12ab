import type { AddressInfo } from 'node:net';
import { WebSocket as WsWebSocket, WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebSocketTransport, type WebSocketTransport } from '../../../renderer/bridge/webSocketTransport';

/**
 * The renderer's dev:web transport against a scripted bridge. Node 20 has no global WebSocket, so the
 * browser API is supplied by `ws`, whose WebSocket implements the same event-handler interface.
 */

let wss: WebSocketServer;
let url: string;
let connections = 0;

function startBridge(port = 0): Promise<void> {
  wss = new WebSocketServer({ host: '127.0.0.1', port });
  wss.on('connection', (socket) => {
    connections += 1;
    socket.on('message', (data) => {
      const { id, channel } = JSON.parse(String(data)) as { id: number; channel: string };
      if (channel === 'testS3Connection') {
        socket.terminate(); // the server drops the connection while the call is in flight
      } else if (channel === 'updateSettings') {
        socket.send(JSON.stringify({ event: 'settingsChanged', payload: { 's3.bucket': 'evented' } }));
        socket.send(JSON.stringify({ id, result: { ok: true, value: null } }));
      } else {
        socket.send(JSON.stringify({ id, result: { ok: true, value: { connection: connections } } }));
      }
    });
  });
  return new Promise((resolve) => wss.on('listening', () => resolve()));
}

const stopBridge = () =>
  new Promise<void>((resolve) => {
    for (const client of wss.clients) client.terminate();
    wss.close(() => resolve());
  });

let transport: WebSocketTransport;

beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket = WsWebSocket;
  await startBridge();
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/bridge`;
  transport = createWebSocketTransport(url);
});

afterAll(async () => {
  transport?.close();
  await stopBridge();
});

describe('createWebSocketTransport', () => {
  it('holds calls made before the socket opens and sends them once it does', async () => {
    expect(transport.connection.state).toBe('connecting');
    const result = await transport.invoke('getSettings', undefined);
    expect(result).toEqual({ ok: true, value: { connection: 1 } });
    expect(transport.connection.state).toBe('open');
  });

  it('delivers events to subscribers until they unsubscribe', async () => {
    const received: unknown[] = [];
    const unsubscribe = transport.subscribe('settingsChanged', (payload) => received.push(payload));
    await transport.invoke('updateSettings', { 's3.bucket': 'evented' });
    expect(received).toEqual([{ 's3.bucket': 'evented' }]);
    unsubscribe();
    await transport.invoke('updateSettings', { 's3.bucket': 'evented' });
    expect(received).toHaveLength(1);
  });

  it('resolves a call whose socket drops to "unreachable", then reconnects by itself', async () => {
    const dropped = await transport.invoke('testS3Connection', undefined);
    expect(dropped).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    await expect.poll(() => transport.connection.state, { timeout: 5_000 }).toBe('open');
    expect(transport.connection.reconnections).toBe(1);
    expect(await transport.invoke('getSettings', undefined)).toEqual({ ok: true, value: { connection: 2 } });
  });

  it('fails calls with "unreachable" while the server is down, and recovers when it is back', async () => {
    const port = (wss.address() as AddressInfo).port;
    await stopBridge();
    await expect.poll(() => transport.connection.state).toBe('reconnecting');
    expect(await transport.invoke('getSettings', undefined)).toMatchObject({ ok: false, error: { kind: 'unreachable' } });

    await startBridge(port);
    await expect.poll(() => transport.connection.state, { timeout: 10_000 }).toBe('open');
    expect(await transport.invoke('getSettings', undefined)).toMatchObject({ ok: true });
  });
});
