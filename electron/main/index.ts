import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, powerMonitor, session } from 'electron';
import { createCore, type Core } from '../core/createCore';
import { AppFailure } from '../core/errors';
import { APP_NAME, resolveDataDir } from '../core/paths';
import type { AppLocation } from '../core/security/appLocation';
import { registerIpc } from './ipc';
import { showQueueInOs } from './queueFeedback';
import { createMainWindow, hardenSession, type RendererSource } from './window';

// The Electron shell: app lifecycle only. Everything Vitrina does lives in the core (plain Node), which the
// CLI and dev:web build the same way.

const dataDir = resolveDataDir(dataDirArgument(process.argv));
app.setName(APP_NAME);
// userData is where Chromium keeps its own state; pointing it at the data folder keeps one folder per
// profile, and makes the single-instance lock per folder (two --data-dir profiles may run side by side).
app.setPath('userData', dataDir);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start, (error: unknown) => fail(error));
}

async function start(): Promise<void> {
  let core: Core;
  try {
    core = createCore({
      dataDir,
      transport: 'electron',
      systemLocale: app.getLocale(),
      nativeBinding: electronNativeBinding(),
    });
    // With nothing configured this starts the demo workspace's S3 server on loopback (see ActiveWorkspace).
    await core.startServices();
  } catch (error) {
    fail(error);
    return;
  }
  core.logger.log('info', 'app-started', { electron: process.versions.electron, packaged: app.isPackaged });
  // A laptop waking up usually has its network back: sync now instead of waiting for the next retry.
  const connectionReturned = () => {
    core.sync.connectionReturned();
    core.uploads.queue.connectionReturned();
  };
  powerMonitor.on('resume', connectionReturned);
  powerMonitor.on('unlock-screen', connectionReturned);
  const hideQueue = showQueueInOs(core);

  const { source, trust } = rendererSource();
  const disposeSession = hardenSession(session.defaultSession, {
    core,
    devServerUrl: source.kind === 'dev-server' ? source.url : undefined,
  });
  const disposeIpc = registerIpc(core, trust);
  const preloadPath = path.join(import.meta.dirname, '../preload/index.cjs');
  const openWindow = () => createMainWindow({ preloadPath, source, trust, core });
  openWindow();

  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0] ?? openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  // Closing waits for the demo storage to stop and the stores to close, so quitting holds until then.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    disposeIpc();
    disposeSession();
    hideQueue();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

/**
 * The page and the matching trust rule. The dev server is honoured only in an unpackaged app and only on
 * loopback: in a shipped build an environment variable must not be able to point the trusted window at
 * someone else's page.
 */
function rendererSource(): { source: RendererSource; trust: AppLocation } {
  const devUrl = app.isPackaged ? undefined : loopbackUrl(process.env.ELECTRON_RENDERER_URL);
  if (devUrl) return { source: { kind: 'dev-server', url: devUrl }, trust: { rendererUrl: devUrl } };
  const file = path.join(import.meta.dirname, '../renderer/index.html');
  return { source: { kind: 'file', file }, trust: { rendererFile: file } };
}

function loopbackUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return loopback && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * better-sqlite3 compiled for Electron's ABI by scripts/electron-native.mjs. node_modules keeps the Node
 * build that tests and the CLI load, so the Electron build lives beside it.
 */
function electronNativeBinding(): string | undefined {
  const file = path.join(app.getAppPath(), '.electron-native', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}

/** `--data-dir <dir>` or `--data-dir=<dir>`, as the CLI accepts it. */
function dataDirArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data-dir') return argv[i + 1];
    if (arg?.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
  }
  return undefined;
}

/** Startup failures are explained and the app quits; nothing in the data folder is touched or deleted. */
function fail(error: unknown): void {
  dialog.showErrorBox('Vitrina cannot start', startupMessage(error));
  app.exit(1);
}

function startupMessage(error: unknown): string {
  if (error instanceof AppFailure) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(detail)) {
    return (
      "Vitrina's database module was built for Node.js, not for this version of Electron. Run " +
      '"npm run rebuild:electron" in the Vitrina folder (it downloads Electron headers), then start Vitrina again. ' +
      `Your data in ${dataDir} was not changed.`
    );
  }
  return `Vitrina could not open its data folder ${dataDir} (${detail}). Nothing in it was changed or deleted.`;
}
