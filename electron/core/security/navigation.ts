import { isAppUrl, type AppLocation } from './appLocation';

/**
 * Guard for `will-navigate` and `will-redirect`: the window may only ever show Vitrina itself (a reload,
 * or a route change on the dev server). External links, dropped files and redirects are refused, so a
 * compromised page cannot swap itself for content that would then be trusted as the app.
 */
export function isAllowedNavigation(url: string, allowed: AppLocation): boolean {
  return isAppUrl(url, allowed);
}
