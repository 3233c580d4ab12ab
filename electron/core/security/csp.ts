import type { Settings } from '../../../shared/settings';

/** What the Content-Security-Policy has to allow beyond the app's own files. */
export interface CspOptions {
  /** Origins product photos are shown from: the bucket and/or the CDN (see `imageOriginsFromSettings`). */
  imageOrigins: string[];
  /** Only for `electron-vite dev` and dev:web; never set in a packaged app. */
  dev?: {
    /** The dev server and its HMR WebSocket, e.g. `http://localhost:5173`, `ws://localhost:5173`. */
    connectOrigins: string[];
    /** @vitejs/plugin-react injects its Fast Refresh preamble as an inline module script. */
    allowInlineScripts?: boolean;
    /** Vite's dev server injects imported CSS as `<style>` elements. */
    allowInlineStyles?: boolean;
    /**
     * A per-response nonce (Vite's `html.cspNonce`) for those inline scripts and styles — stricter than
     * the two flags above, for servers that can stamp every response (dev:web).
     */
    nonce?: string;
  };
}

/**
 * The policy for Vitrina's page. Everything starts from `'none'`; scripts, styles and fonts come only from
 * the app bundle. Images may also be `blob:` (previews of dropped photos) and the configured bucket/CDN
 * origins. `data:` is not allowed: the renderer build sets `assetsInlineLimit: 0` so Vite never inlines an
 * asset as a data URL. `'unsafe-eval'` is never allowed, not even in dev.
 *
 * Origins are re-parsed and must be a bare `scheme://host[:port]`: settings come from the (untrusted)
 * renderer, and a value like `https://x;script-src *` must not be able to add a directive.
 */
export function buildCsp(options: CspOptions): string {
  const dev = options.dev;
  if (dev?.nonce !== undefined && !/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(dev.nonce)) {
    throw new Error('A CSP nonce is at least 16 base64 characters.');
  }
  const nonce = dev?.nonce !== undefined ? [`'nonce-${dev.nonce}'`] : [];
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", ...nonce, ...(dev?.allowInlineScripts ? ["'unsafe-inline'"] : [])]],
    ['style-src', ["'self'", ...nonce, ...(dev?.allowInlineStyles ? ["'unsafe-inline'"] : [])]],
    ['img-src', ["'self'", 'blob:', ...safeOrigins(options.imageOrigins, ['http:', 'https:'])]],
    ['connect-src', ["'self'", ...safeOrigins(dev?.connectOrigins ?? [], ['http:', 'https:', 'ws:', 'wss:'])]],
    ['font-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['frame-src', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${[...new Set(sources)].join(' ')}`).join('; ');
}

/**
 * The origins photos are loaded from with the current settings: the public base URL (CDN) if set, and the
 * bucket's own origin as the AWS SDK addresses it (presigned previews). Only origins are returned, never
 * paths; values that do not parse are ignored, because an unfinished setting must not break the window.
 */
export function imageOriginsFromSettings(settings: Settings): string[] {
  const origins: string[] = [];
  const publicBase = parseHttpUrl(settings['s3.publicBaseUrl']);
  if (publicBase) origins.push(publicBase.origin);

  const bucket = settings['s3.bucket'];
  const endpoint = parseHttpUrl(settings['s3.endpoint']);
  if (endpoint) {
    const virtualHosted = bucket !== '' && !settings['s3.forcePathStyle'] && isVirtualHostable(bucket, endpoint);
    origins.push(virtualHosted ? `${endpoint.protocol}//${bucket}.${endpoint.host}` : endpoint.origin);
  } else if (bucket !== '' && /^[a-z0-9-]+$/.test(settings['s3.region']) && settings['s3.region'] !== 'auto') {
    const region = settings['s3.region'];
    const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    // Bucket names with dots do not match AWS's wildcard certificate, so the SDK uses path style for them.
    origins.push(bucket.includes('.') ? `https://s3.${region}.${domain}` : `https://${bucket}.s3.${region}.${domain}`);
  }
  return safeOrigins(origins, ['http:', 'https:']);
}

/**
 * Mirrors the SDK's endpoint rules (`aws.isVirtualHostableS3Bucket`): an IP endpoint is always path style,
 * and a dotted bucket is virtual-hosted only over plain http (a `*.host` certificate would not match it).
 */
function isVirtualHostable(bucket: string, endpoint: URL): boolean {
  if (isIpHost(endpoint.hostname)) return false;
  if (/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) return true;
  const labelsOk = bucket.split('.').every((label) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label));
  return endpoint.protocol === 'http:' && !isIpHost(bucket) && labelsOk;
}

function isIpHost(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

const ORIGIN_SHAPE = /^[a-z][a-z0-9+.-]*:\/\/([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

function safeOrigins(values: readonly string[], protocols: readonly string[]): string[] {
  const result = new Set<string>();
  for (const value of values) {
    const url = parseUrl(value);
    if (!url || !protocols.includes(url.protocol)) continue;
    if (ORIGIN_SHAPE.test(url.origin)) result.add(url.origin);
  }
  return [...result];
}

function parseHttpUrl(value: string): URL | undefined {
  const url = parseUrl(value);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : undefined;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
