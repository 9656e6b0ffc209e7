// Which screen is showing. Mirrored in the URL hash (#/documents) so a reload returns to it and the
// browser's back button works.
import { create } from 'zustand';

/** Every screen, in nav order. Later screens (annotate, ...) are added here and in screens/registry. */
export const screenIds = ['projects', 'import', 'documents', 'codebook', 'prelabel', 'annotate', 'export', 'playground', 'models'] as const;
export type ScreenId = (typeof screenIds)[number];

export function screenFromHash(hash: string): ScreenId | null {
  const id = hash.replace(/^#\/?/, '');
  return (screenIds as readonly string[]).includes(id) ? (id as ScreenId) : null;
}

interface NavState {
  screen: ScreenId;
  go(screen: ScreenId): void;
}

export const useNav = create<NavState>()((set) => ({
  screen: 'projects',
  go(screen) {
    set({ screen });
    if (typeof window !== 'undefined' && screenFromHash(window.location.hash) !== screen) {
      window.location.hash = `/${screen}`;
    }
  },
}));

/** Follows hash changes made by the browser (back, forward, a typed URL). */
export function followHash(): () => void {
  const onChange = () => {
    const s = screenFromHash(window.location.hash);
    if (s && s !== useNav.getState().screen) useNav.setState({ screen: s });
  };
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
