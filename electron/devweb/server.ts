import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { createCore, type Core } from '../core/createCore';
import type { SecretStore } from '../core/credentials/secretStore';
import { buildCsp, imageOriginsFromSettings } from '../core/security/csp';
import { createBridge, type Bridge } from './bridgeSocket';
import { createTokenGate, newToken, requestUrl, type TokenGate } from './tokenGate';

export interface DevWebServerOptions {
  /** The data folder whose store and logs the server uses (the same one the app and the CLI use). */
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to the locale Node reports for this process (from LANG / LC_ALL). */
  systemLocale?: string;
  /** Defaults to the OS keychain (see createCore). */
  secretStore?: SecretStore;
}

export interface DevWebServer {
  /** The address to open, including `?token=`. */
  url: string;
  port: number;
  token: string;
  /** Stops serving, closes every socket and the local store. Safe to call twice. */
  close(): Promise<void>;
}

/** The React renderer's folder; Vite serves it as its root. */
const rendererRoot = fileURLToPath(new URL('../../renderer/', import.meta.url));
/**
 * Vite keys its pre-bundled dependencies on NODE_ENV, which vitest sets to "test": one folder per value keeps
 * dev:web and the test suite from invalidating each other's cache on every alternate run.
 */
const viteCacheDir = fileURLToPath(new URL(`../../node_modules/.vite/devweb-${process.env.NODE_ENV || 'development'}/`, import.meta.url));

/**
 * Vite stamps this on every script and style tag it writes into the page; each response swaps it for a
 * fresh nonce, so the nonce in the CSP header is never reused across page loads.
 */
const NONCE_PLACEHOLDER = 'vitrina-csp-nonce-placeholder';

interface Running {
  gate: TokenGate;
  vite: ViteDevServer;
  bridge: Bridge;
  core: Core;
}

/**
 * Starts dev:web: the renderer served by Vite (with HMR) on 127.0.0.1, and the IPC contract over a
 * WebSocket at `/bridge`, both behind a per-run token. Requests reach the same `createCore` dispatcher
 * as in Electron; this file only moves bytes and checks access.
 */
export async function startDevWebServer(options: DevWebServerOptions): Promise<DevWebServer> {
  const core = createCore({
    dataDir: options.dataDir,
    transport: 'web',
    systemLocale: options.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    secretStore: options.secretStore,
  });
  // The demo workspace's S3 server runs inside this process, as it would inside the app.
  await core.startServices();
  const httpServer = http.createServer();
  let running: Running | null = null;
  // Handlers go on before listen() so that nothing that connects early is left hanging.
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (running) handleRequest(running, req, res);
    else res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Vitrina dev:web is starting.');
  });
  // Vite attaches its HMR socket to this server, which never listens: we emit upgrades on it ourselves,
  // and only those that passed the token gate.
  const hmrUpgrades = http.createServer();
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (running) handleUpgrade(running, hmrUpgrades, req, socket, head);
    else refuseUpgrade(socket, 503);
  });

  try {
    await listen(httpServer, options.port ?? 0);
    const port = (httpServer.address() as AddressInfo).port;
    const token = newToken();
    const gate = createTokenGate(token, port);
    const vite = await createViteServer({
      configFile: false,
      envDir: false,
      root: rendererRoot,
      cacheDir: viteCacheDir,
      plugins: [react()],
      appType: 'custom',
      clearScreen: false,
      html: { cspNonce: NONCE_PLACEHOLDER },
      server: {
        middlewareMode: true,
        ws: { server: hmrUpgrades },
        warmup: { clientFiles: ['./main.tsx'] },
      },
      // Pre-bundled up front: discovering them on first page load would make Vite reload the page.
      optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-dev-runtime', 'zod'] },
    });
    running = { gate, vite, bridge: createBridge(core), core };
    return { url: `${gate.origin}/?token=${token}`, port, token, close: once(() => shutdown(httpServer, running, core)) };
  } catch (error) {
    await shutdown(httpServer, running, core);
    throw error;
  }
}

function handleRequest(running: Running, req: IncomingMessage, res: ServerResponse): void {
  const { gate, vite } = running;
  const verdict = gate.checkHttp(req);
  if (verdict.action === 'refuse') {
    res.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(verdict.reason);
    return;
  }
  if (verdict.action === 'redirect') {
    res.writeHead(307, { Location: verdict.location }).end();
    return;
  }
  const pathname = requestUrl(req, gate.origin)?.pathname;
  if (pathname === undefined) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request');
    return;
  }
  if (verdict.setCookie) res.setHeader('Set-Cookie', verdict.setCookie);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The page URL carries the token; no request may pass it on in a Referer header.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');

  const fail = (error: unknown) => {
    vite.config.logger.error(`dev:web: ${(error as Error)?.stack ?? String(error)}`);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Vitrina dev:web could not build the page; see the terminal.');
  };
  if (pathname === '/' || pathname === '/index.html') {
    serveIndex(running, pathname, res).catch(fail);
    return;
  }
  vite.middlewares(req, res, (error?: unknown) => {
    if (error) return fail(error);
    // Any other page address is a route of the single-page app.
    if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
      serveIndex(running, pathname, res).catch(fail);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
  });
}

/**
 * The page, with the same Content-Security-Policy as the Electron window (buildCsp) plus what dev mode
 * needs: the bridge's ws:// origin, and a fresh nonce for the inline preamble script and `<style>` tags that
 * Vite writes (it stamps them with NONCE_PLACEHOLDER, see `html.cspNonce`) — no 'unsafe-inline'.
 */
async function serveIndex({ vite, gate, core }: Running, pathname: string, res: ServerResponse): Promise<void> {
  const template = await fs.readFile(path.join(rendererRoot, 'index.html'), 'utf8');
  const html = await vite.transformIndexHtml(pathname, template);
  const nonce = crypto.randomBytes(16).toString('base64');
  const csp = buildCsp({
    imageOrigins: imageOriginsFromSettings(core.workspace.effectiveSettings()),
    dev: { connectOrigins: [gate.origin.replace(/^http/, 'ws')], nonce },
  });
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
  });
  res.end(html.replaceAll(NONCE_PLACEHOLDER, nonce));
}

function handleUpgrade(
  { gate, bridge }: Running,
  hmrUpgrades: http.Server,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  const url = requestUrl(req, gate.origin);
  if (!url) return refuseUpgrade(socket, 400);
  const isBridge = url.pathname === '/bridge';
  const verdict = isBridge ? gate.checkBridgeUpgrade(req) : gate.checkHmrUpgrade(req);
  if (verdict.action === 'refuse') return refuseUpgrade(socket, verdict.status);
  if (isBridge) bridge.handleUpgrade(req, socket, head);
  else hmrUpgrades.emit('upgrade', req, socket, head);
}

function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 503): void {
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the bridge can read settings and write credentials.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function shutdown(httpServer: http.Server, running: Running | null, core: Core): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    if (!httpServer.listening) return resolve();
    httpServer.close(() => resolve());
  });
  httpServer.closeAllConnections();
  if (running) {
    await running.bridge.close();
    await running.vite.close();
  }
  await closed;
  await core.close();
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => (promise ??= fn());
}
