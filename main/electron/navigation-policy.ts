// What a window may navigate to or open: only the app's own pages, never the web.
//
// [Note: no external links] window.open and link clicks are denied outright rather than handed to
// shell.openExternal. Prelabel shows researchers' imported texts, which contain URLs; opening
// those in a browser from a click is a way to leak that a document was read (and to launch
// arbitrary URL schemes, e.g. file: or custom handlers). Nothing in the app needs to open the web
// today; a later feature that does (a model download page, the docs) should go through a contract
// method that opens a fixed, known https URL, not through window.open.
import type { OriginPolicy } from './app-origin';

export function isAllowedNavigation(url: string, policy: OriginPolicy): boolean {
  return policy.isAppUrl(url);
}

/** The answer for setWindowOpenHandler: no new windows, whatever the URL. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}
