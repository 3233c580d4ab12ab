import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Vitrina's own UI is served from: the built `out/renderer/index.html` (packaged and `electron-vite
 * preview`) or the Vite dev server (`electron-vite dev`). Anything else is foreign content.
 */
export interface AppLocation {
  /** The dev server, e.g. `http://localhost:5173`; only its origin is compared. */
  rendererUrl?: string;
  /** Absolute path of the built `out/renderer/index.html`. */
  rendererFile?: string;
}

/**
 * Whether `url` is the app's own page: the exact index.html file (any `#route` or `?query`), or any path on
 * the dev server's origin. Other files on disk are refused, so an injected `file:///etc/passwd` frame or a
 * navigation to a downloaded HTML file gets no trust.
 */
export function isAppUrl(url: string, allowed: AppLocation): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  if (parsed.protocol === 'file:') {
    return allowed.rendererFile !== undefined && sameFile(parsed, allowed.rendererFile);
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const dev = allowed.rendererUrl ? parseUrl(allowed.rendererUrl) : undefined;
    return dev !== undefined && (dev.protocol === 'http:' || dev.protocol === 'https:') && dev.origin === parsed.origin;
  }
  return false;
}

function sameFile(url: URL, expected: string): boolean {
  if (url.host !== '') return false; // file://server/share/… is a network path, never our bundle
  const bare = new URL(url.href);
  bare.search = '';
  bare.hash = '';
  let actual: string;
  try {
    actual = fileURLToPath(bare);
  } catch {
    return false; // e.g. an encoded slash (%2F), which no real path of ours contains
  }
  const a = path.normalize(actual);
  const b = path.normalize(path.resolve(expected));
  // NTFS and APFS (default) are case-insensitive; ext4 is not.
  return process.platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
