// The colour theme: the system's (default), or light or dark as the user picked. Kept in
// localStorage of this machine; applied as data-theme on <html>, which theme.css turns into
// color-scheme (every colour is a light-dark() pair).
import { create } from 'zustand';

export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

const STORAGE_KEY = 'prelabel.theme';

function stored(): Theme {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return (themes as readonly string[]).includes(value ?? '') ? (value as Theme) : 'system';
  } catch {
    return 'system'; // storage refused (private mode): the system's theme
  }
}

export function applyTheme(theme: Theme): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

interface ThemeState {
  theme: Theme;
  setTheme(theme: Theme): void;
}

export const useTheme = create<ThemeState>()((set) => ({
  theme: stored(),
  setTheme(theme) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, theme);
    } catch {
      // Not remembered across restarts; still applied now.
    }
    applyTheme(theme);
    set({ theme });
  },
}));
