import { BrowserWindow, type Session, type WebContents } from 'electron';
import type { Settings } from '../../shared/settings';
import type { Core } from '../core/createCore';
import type { AppLocation } from '../core/security/appLocation';
import { buildCsp, imageOriginsFromSettings } from '../core/security/csp';
import { isAllowedNavigation } from '../core/security/navigation';
import { secureWindowOptions } from '../core/security/windowOptions';

/** Where the window's page comes from; `trust` must describe the same place. */
export type RendererSource = { kind: 'dev-server'; url: string } | { kind: 'file'; file: string };

/**
 * Creates Vitrina's window with the secure options, locks its navigation to the app itself and loads the
 * page. The window appears once the first frame is painted.
 */
export function createMainWindow(options: {
  preloadPath: string;
  source: RendererSource;
  trust: AppLocation;
  core: Core;
}): BrowserWindow {
  const window = new BrowserWindow(secureWindowOptions(options.preloadPath));
  guardContents(window.webContents, options.trust);
  window.once('ready-to-show', () => window.show());

  const loading =
    options.source.kind === 'dev-server' ? window.loadURL(options.source.url) : window.loadFile(options.source.file);
  loading.catch((error: unknown) => {
    options.core.logger.log('error', 'window-load-failed', { error: (error as Error).message });
  });
  return window;
}

/**
 * Denies every popup, foreign navigation, redirect and `<webview>`: the page must only ever be Vitrina, and
 * links to the outside world are not opened at all (no `shell.openExternal`, which would hand a
 * renderer-chosen URL to the OS).
 */
function guardContents(contents: WebContents, trust: AppLocation): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url, trust)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, trust)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Session-wide policy: every permission (camera, notifications, clipboard, geolocation, HID…) is denied,
 * and every document gets Vitrina's Content-Security-Policy as a response header. The policy follows the
 * settings, because the allowed image origins are the configured bucket and CDN; a document keeps the
 * policy it was loaded with, so a changed bucket applies from the next reload.
 */
export function hardenSession(ses: Session, options: { core: Core; devServerUrl?: string }): () => void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  const devOrigin = options.devServerUrl ? new URL(options.devServerUrl) : undefined;
  const policyFor = (settings: Settings) =>
    buildCsp({
      imageOrigins: imageOriginsFromSettings(settings),
      dev: devOrigin && {
        connectOrigins: [devOrigin.origin, `${devOrigin.protocol === 'https:' ? 'wss' : 'ws'}://${devOrigin.host}`],
        allowInlineScripts: true,
        allowInlineStyles: true,
      },
    });
  // The effective settings: in the demo workspace they carry the local storage's origin.
  let policy = policyFor(options.core.workspace.effectiveSettings());
  const refresh = () => {
    policy = policyFor(options.core.workspace.effectiveSettings());
  };
  const unsubscribes = [options.core.events.on('settingsChanged', refresh), options.core.events.on('workspaceChanged', refresh)];

  ses.webRequest.onHeadersReceived((details, callback) => {
    const isDocument = details.resourceType === 'mainFrame' || details.resourceType === 'subFrame';
    if (!isDocument || !/^(file|https?):/.test(details.url)) {
      callback({});
      return;
    }
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // A server-sent policy would be intersected with ours; ours is the only one that should apply.
      if (!/^content-security-policy(-report-only)?$/i.test(name)) headers[name] = value;
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });

  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    ses.webRequest.onHeadersReceived(null);
  };
}
