import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../../shared/settings';
import { startDevWebServer, type DevWebServer } from '../../../electron/devweb/server';
import { BridgeClient, httpGet, openSocket } from '../../support/devweb';
import { useTestKeychainService } from '../../support/keychain';
import { makeTempDir } from '../../support/tempDir';

let server: DevWebServer;
let tmp: ReturnType<typeof makeTempDir>;
let origin: string;

beforeAll(async () => {
  useTestKeychainService();
  tmp = makeTempDir();
  server = await startDevWebServer({ dataDir: tmp.dir, port: 0, systemLocale: 'en-US' });
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  if (server) {
    const client = await BridgeClient.connect(server);
    await client.request('clearCredentials', { which: 'all' });
    await client.close();
    await server.close();
  }
  tmp?.remove();
});

const cookieFrom = (setCookie: string[] | undefined) => setCookie?.[0]?.split(';')[0] ?? '';

describe('dev:web HTTP token gate', () => {
  it('prints a URL on 127.0.0.1 that carries a 32-character random token', () => {
    expect(server.url).toBe(`${origin}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('refuses the page without a token, with a wrong token and with a token of the wrong length', async () => {
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    for (const url of [`${origin}/`, `${origin}/?token=${wrong}`, `${origin}/?token=short`, `${origin}/?token=`]) {
      const res = await httpGet(url);
      expect(res.status, url).toBe(403);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).not.toContain('<html');
    }
  });

  it('serves the page with the token, sets a strict HttpOnly cookie and a nonce-based CSP', async () => {
    const res = await httpGet(server.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="root">');
    const cookie = res.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain(`vitrina-devweb-${server.port}=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const csp = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    // Every script tag Vite wrote carries this response's nonce, and nothing is left of the placeholder.
    const scripts = res.body.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(res.body).not.toContain('placeholder');
    expect(res.headers['referrer-policy']).toBe('no-referrer');

    const again = await httpGet(server.url);
    expect(/'nonce-([^']+)'/.exec(String(again.headers['content-security-policy']))?.[1]).not.toBe(nonce);
  });

  it('lets module requests in with the cookie alone, and only with it', async () => {
    const { headers } = await httpGet(server.url);
    const cookie = cookieFrom(headers['set-cookie'] as string[] | undefined);
    const withCookie = await httpGet(`${origin}/main.tsx`, { Cookie: cookie });
    expect(withCookie.status).toBe(200);
    expect(withCookie.body).toContain('createRoot');
    expect((await httpGet(`${origin}/main.tsx`)).status).toBe(403);
    expect((await httpGet(`${origin}/main.tsx`, { Cookie: `vitrina-devweb-${server.port}=nope` })).status).toBe(403);
  });

  it('answers an unparsable request target without crashing', async () => {
    const { headers } = await httpGet(server.url);
    const cookie = cookieFrom(headers['set-cookie'] as string[] | undefined);
    const raw = (extra: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(server.port, '127.0.0.1', () => {
          socket.end(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${extra}Connection: close\r\n\r\n`);
        });
        let text = '';
        socket.on('data', (chunk) => (text += String(chunk)));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
    expect(await raw('')).toMatch(/^HTTP\/1\.1 403/);
    expect(await raw(`Cookie: ${cookie}\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw(`Cookie: ${cookie}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: ${origin}\r\n`)).toMatch(/^HTTP\/1\.1 400/);
    expect((await httpGet(server.url)).status).toBe(200);
  });

  it('refuses a request whose Host is not ours (DNS rebinding), even with the token', async () => {
    const res = await httpGet(server.url, { Host: `attacker.example:${server.port}` });
    expect(res.status).toBe(403);
  });
});

describe('dev:web bridge WebSocket', () => {
  const bridgeUrl = (token: string) => `ws://127.0.0.1:${server.port}/bridge?token=${token}`;

  it('refuses an upgrade without the token, with a wrong token, or from a foreign or missing Origin', async () => {
    expect((await openSocket(`ws://127.0.0.1:${server.port}/bridge`, { origin })).refusedWith).toBe(401);
    expect((await openSocket(bridgeUrl('x'.repeat(32)), { origin })).refusedWith).toBe(401);
    expect((await openSocket(bridgeUrl(server.token), { origin: 'http://evil.example' })).refusedWith).toBe(403);
    expect((await openSocket(bridgeUrl(server.token), { origin: `http://localhost:${server.port}` })).refusedWith).toBe(403);
    expect((await openSocket(bridgeUrl(server.token))).refusedWith).toBe(403);
  });

  it('answers a request with exactly what the dispatcher returns', async () => {
    const client = await BridgeClient.connect(server);
    const result = await client.request<Settings>('getSettings');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value['s3.region']).toBe('us-east-1');
    const info = await client.request<{ transport: string; systemLocale: string }>('getAppInfo');
    expect(info).toMatchObject({ ok: true, value: { transport: 'web', systemLocale: 'en-US' } });
    await client.close();
  });

  it('answers an invalid payload with a validation error and keeps serving the connection', async () => {
    const client = await BridgeClient.connect(server);
    const bad = await client.request('updateSettings', { 's3.bucket': 5 });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const unknown = await client.request('deleteEverything', {});
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect((await client.request('getSettings')).ok).toBe(true);
    await client.close();
  });

  it('survives malformed messages: broken JSON and id-less messages are ignored, a readable id gets a validation error', async () => {
    const client = await BridgeClient.connect(server);
    client.socket.send('{not json');
    client.socket.send(JSON.stringify({ channel: 'getSettings' }));
    client.socket.send(JSON.stringify([1, 2, 3]));
    client.socket.send(Buffer.from([0xff, 0x00]), { binary: true });
    const malformed = await client.requestRaw(JSON.stringify({ id: 41, channel: 7, extra: true }), 41);
    expect(malformed).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect((await client.request('getSettings')).ok).toBe(true);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    expect((await httpGet(server.url)).status).toBe(200);
    await client.close();
  });

  it('forwards core events to every connected client', async () => {
    const writer = await BridgeClient.connect(server);
    const watcher = await BridgeClient.connect(server);
    expect(await writer.request('updateSettings', { 's3.bucket': 'events-test' })).toMatchObject({ ok: true });
    expect(await watcher.waitForEvent('settingsChanged')).toMatchObject({ 's3.bucket': 'events-test' });
    await Promise.all([writer.close(), watcher.close()]);
  });
});

describe('Vite HMR socket', () => {
  it('is reachable beside /bridge, but only with the session cookie and our Origin', async () => {
    const { headers } = await httpGet(server.url);
    const cookie = cookieFrom(headers['set-cookie'] as string[] | undefined);
    const client = await httpGet(`${origin}/@vite/client`, { Cookie: cookie });
    const viteToken = /const wsToken = "([^"]+)"/.exec(client.body)?.[1];
    expect(viteToken).toBeTruthy();
    const hmrUrl = `ws://127.0.0.1:${server.port}/?token=${viteToken}`;

    expect((await openSocket(hmrUrl, { origin, protocol: 'vite-hmr' })).refusedWith).toBe(401);
    expect((await openSocket(hmrUrl, { origin: 'http://evil.example', cookie, protocol: 'vite-hmr' })).refusedWith).toBe(403);

    const opened = await openSocket(hmrUrl, { origin, cookie, protocol: 'vite-hmr' });
    if (!opened.socket) throw new Error(`HMR socket refused with ${opened.refusedWith}`);
    await expect.poll(() => opened.received.map((text) => JSON.parse(text) as unknown)).toContainEqual({ type: 'connected' });
    opened.socket.close();
  });
});

describe('dev:web network exposure', () => {
  const connects = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.setTimeout(2_000, () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });

  it('listens on 127.0.0.1 only', async () => {
    expect(await connects('127.0.0.1', server.port)).toBe(true);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((entry) => entry !== undefined && entry.address !== '127.0.0.1' && !entry.address.startsWith('fe80'))
      .map((entry) => entry!.address);
    for (const host of ['127.0.0.2', '::1', ...others]) {
      expect(await connects(host, server.port), host).toBe(false);
    }
    if (process.platform === 'linux') {
      // The kernel's own list of listening sockets: ours must be bound to 127.0.0.1 (0100007F) alone.
      const hexPort = server.port.toString(16).toUpperCase().padStart(4, '0');
      const listening = ['/proc/net/tcp', '/proc/net/tcp6']
        .flatMap((file) => fs.readFileSync(file, 'utf8').split('\n').slice(1))
        .map((line) => line.trim().split(/\s+/))
        .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
        .map((cols) => cols[1]);
      expect(listening).toEqual([`0100007F:${hexPort}`]);
    }
  });
});
