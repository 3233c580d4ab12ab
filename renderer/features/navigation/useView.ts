import { useCallback, useEffect, useState } from 'react';

/** The app's screens. */
export const views = ['catalog', 'settings'] as const;
export type View = (typeof views)[number];

const viewFromHash = (hash: string): View => (hash === '#/settings' ? 'settings' : 'catalog');

/** The href of a view; the hash keeps the view across reloads without a router. */
export const viewHref = (view: View): string => `#/${view}`;

/** The current view, following the address bar's hash, and a function to switch views. */
export function useView(): [View, (view: View) => void] {
  const [view, setView] = useState<View>(() => viewFromHash(window.location.hash));
  useEffect(() => {
    const onHashChange = () => setView(viewFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const navigate = useCallback((next: View) => {
    window.location.hash = viewHref(next);
  }, []);
  return [view, navigate];
}
