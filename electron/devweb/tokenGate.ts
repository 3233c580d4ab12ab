import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The dev:web access check. The server is reachable by every local process and by every web page the
 * developer visits (a page can make the browser send requests to 127.0.0.1), so knowing the port is not
 * enough: each run prints a random token, and nothing is served without it.
 */

/** A fresh per-run token: 24 random bytes, URL-safe so it can travel in `?token=` unescaped. */
export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Constant-time comparison, so response timing cannot be used to guess the token byte by byte. */
export function tokensEqual(expected: string, candidate: string | null | undefined): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(candidate);
  // The token's length is public (it is fixed), so checking it first leaks nothing.
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/**
 * The request's URL resolved against our origin, or null when it does not parse (`//[` does not): a request
 * line is attacker-controlled text, and `new URL` throws on it.
 */
export function requestUrl(req: IncomingMessage, origin: string): URL | null {
  try {
    return new URL(req.url ?? '/', origin);
  } catch {
    return null;
  }
}

/** What to do with an HTTP request. */
export type HttpVerdict =
  | { action: 'serve'; setCookie?: string }
  | { action: 'redirect'; location: string }
  | { action: 'refuse'; status: 403; reason: string };

/** What to do with a WebSocket upgrade. */
export type UpgradeVerdict = { action: 'accept' } | { action: 'refuse'; status: 401 | 403; reason: string };

export interface TokenGate {
  readonly origin: string;
  checkHttp(req: IncomingMessage): HttpVerdict;
  /** The bridge carries the token in its URL: the renderer reads it from the page URL or sessionStorage. */
  checkBridgeUpgrade(req: IncomingMessage): UpgradeVerdict;
  /** Vite's HMR socket cannot carry our token in its URL, so it must present the session cookie. */
  checkHmrUpgrade(req: IncomingMessage): UpgradeVerdict;
}

/**
 * Builds the gate for a server listening on `127.0.0.1:port`.
 *
 * The token is accepted in `?token=` (the URL the developer opens) and then kept in an HttpOnly,
 * SameSite=Strict cookie so that the page's own module requests, which carry no query, pass too. The
 * cookie name includes the port because cookies are shared by every port of a host.
 */
export function createTokenGate(token: string, port: number): TokenGate {
  const host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;
  const cookieName = `vitrina-devweb-${port}`;
  const cookie = `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;

  // A Host other than ours means a DNS-rebinding page is talking to us through a name it controls.
  const hostIsOurs = (req: IncomingMessage) => req.headers.host === host;
  const originIsOurs = (req: IncomingMessage) => req.headers.origin === origin;
  const queryToken = (req: IncomingMessage) => requestUrl(req, origin)?.searchParams.get('token');
  const cookieToken = (req: IncomingMessage) => readCookie(req.headers.cookie, cookieName);

  return {
    origin,
    checkHttp(req) {
      if (!hostIsOurs(req)) {
        if (req.headers.host === `localhost:${port}`) return { action: 'redirect', location: `${origin}${req.url ?? '/'}` };
        return { action: 'refuse', status: 403, reason: `Open ${origin}/ (the address printed by npm run dev:web).` };
      }
      if (tokensEqual(token, queryToken(req))) return { action: 'serve', setCookie: cookie };
      if (tokensEqual(token, cookieToken(req))) return { action: 'serve' };
      return {
        action: 'refuse',
        status: 403,
        reason: 'Open the full address printed by npm run dev:web: it carries this run\'s access token.',
      };
    },
    checkBridgeUpgrade(req) {
      if (!hostIsOurs(req) || !originIsOurs(req)) return { action: 'refuse', status: 403, reason: 'foreign origin' };
      if (!tokensEqual(token, queryToken(req))) return { action: 'refuse', status: 401, reason: 'missing or wrong token' };
      return { action: 'accept' };
    },
    checkHmrUpgrade(req) {
      if (!hostIsOurs(req) || !originIsOurs(req)) return { action: 'refuse', status: 403, reason: 'foreign origin' };
      if (!tokensEqual(token, cookieToken(req))) return { action: 'refuse', status: 401, reason: 'missing or wrong token' };
      return { action: 'accept' };
    },
  };
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
