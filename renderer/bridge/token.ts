/**
 * dev:web's access token. The printed URL carries it as `?token=`; the page keeps it in sessionStorage (so
 * a reload, which arrives without it and is let in by the server's cookie, can still open the bridge) and
 * removes it from the address bar so that it does not end up in history, bookmarks or screenshots.
 */
const STORAGE_KEY = 'vitrina.devweb.token';

/** The token from the address bar (then removed from it), else the one this tab kept; null if neither. */
export function takeDevWebToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(STORAGE_KEY);
}
