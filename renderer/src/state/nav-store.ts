// Which screen is showing. Mirrored in the URL hash (#/browse) so a reload returns to it and the
// browser's back button works. A focus request names a field that should take the focus once it
// shows (the Electron menu's File > New project focuses the new project's name).
import { useEffect, type RefObject } from 'react';
import { create } from 'zustand';

/** Every screen, in nav order. Later screens (annotate, ...) are added here and in screens/registry. */
export const screenIds = [
  'projects',
  'import',
  'browse',
  'codebook',
  'prelabel',
  'annotate',
  'validation',
  'agreement',
  'training',
  'adjudication',
  'coders',
  'export',
  'playground',
  'models',
] as const;
export type ScreenId = (typeof screenIds)[number];

export function screenFromHash(hash: string): ScreenId | null {
  const id = hash.replace(/^#\/?/, '');
  return (screenIds as readonly string[]).includes(id) ? (id as ScreenId) : null;
}

/** Fields that can be asked to take the focus. */
export type FocusTarget = 'new-project' | 'open-project';

interface NavState {
  screen: ScreenId;
  /** A field to focus when it shows; seq grows with each request. */
  focus: { target: FocusTarget; seq: number } | null;
  go(screen: ScreenId): void;
  requestFocus(target: FocusTarget): void;
  /** The field took the focus: the request is done (a later visit does not steal the focus). */
  focusTaken(seq: number): void;
}

let focusSeq = 0;

export const useNav = create<NavState>()((set, get) => ({
  screen: 'projects',
  focus: null,
  requestFocus: (target) => set({ focus: { target, seq: ++focusSeq } }),
  focusTaken(seq) {
    if (get().focus?.seq === seq) set({ focus: null });
  },
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

/** Focuses the element when a request for `target` comes (also one made before it showed). */
export function useFocusRequest(target: FocusTarget, ref: RefObject<HTMLElement | null>): void {
  const focus = useNav((s) => s.focus);
  useEffect(() => {
    if (!focus || focus.target !== target || !ref.current) return;
    ref.current.focus();
    useNav.getState().focusTaken(focus.seq);
  }, [focus, target, ref]);
}
