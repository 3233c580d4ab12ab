import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The options of Vitrina's only window. The renderer is treated as untrusted: it runs sandboxed, isolated
 * from the preload, without Node, and can reach main only through the preload's `window.vitrina` methods.
 * Tests assert every flag, so loosening one is a deliberate, reviewed change.
 */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Vitrina',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    // Shown on `ready-to-show` so the user never sees a blank white frame while React mounts.
    show: false,
    backgroundColor: '#f7f7f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      // Blocks alert()/confirm() loops a compromised page could use to lock the window.
      safeDialogs: true,
      // Dropping a photo anywhere outside a drop zone must not replace the app with the image file.
      navigateOnDragDrop: false,
      // On Windows and Linux Chromium downloads Hunspell dictionaries from Google's CDN; a catalog tool
      // should not make network requests the shop did not configure.
      spellcheck: false,
    },
  };
}
