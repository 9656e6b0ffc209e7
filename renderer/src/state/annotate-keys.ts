// What the keys of the Annotate screen do (the handler is in annotate-screen.tsx) and how the screen
// names them: Enter accepts the chosen labels, which are the model's suggestion until the coder
// chooses others; in a blind sample nothing is pre-selected, so Enter records the label the coder
// chose (with none chosen it records nothing and says which keys choose one). In a multi-label
// question 0 records "none of these labels" (the empty label set) at once, as Space records a skip.
import { t } from '../i18n/t';

export interface AnnotateLabel {
  id: string;
  name: string;
  hotkey: string | null;
}

/** What a key press does on the Annotate screen (null: not a shortcut). */
export type KeyAction =
  | { kind: 'accept' }
  | { kind: 'skip' }
  | { kind: 'none' }
  | { kind: 'undo' }
  | { kind: 'flag' }
  | { kind: 'note' }
  | { kind: 'help' }
  | { kind: 'choose'; labelId: string };

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The shortcut of a key: Enter accepts, Space skips, Backspace or Ctrl+Z undoes, f flags, n opens
 * the note, ? shows the keys, 1-9 choose the label at that place and each label's own hotkey
 * chooses it; in a multi-label question 0 records "none of these labels". A label's hotkey wins
 * over f, n, 0 and ? (the codebook allowed it, so the coder meant it). */
export function actionForKey(press: KeyPress, labels: readonly AnnotateLabel[], multiLabel = false): KeyAction | null {
  const { key } = press;
  const mod = press.ctrlKey || press.metaKey;
  if (mod && !press.altKey && (key === 'z' || key === 'Z')) return { kind: 'undo' };
  if (mod || press.altKey) return null;
  if (key === 'Enter') return { kind: 'accept' };
  if (key === ' ' || key === 'Spacebar') return { kind: 'skip' };
  if (key === 'Backspace') return { kind: 'undo' };
  if (key === '?') return { kind: 'help' };
  if (/^[1-9]$/.test(key)) {
    const label = labels[Number(key) - 1];
    if (label) return { kind: 'choose', labelId: label.id };
  }
  const lower = key.toLowerCase();
  const byHotkey = key.length === 1 ? labels.find((l) => l.hotkey && l.hotkey.toLowerCase() === lower) : undefined;
  if (byHotkey) return { kind: 'choose', labelId: byHotkey.id };
  if (multiLabel && key === '0') return { kind: 'none' };
  if (lower === 'f') return { kind: 'flag' };
  if (lower === 'n') return { kind: 'note' };
  return null;
}

/** The number keys of the labels: "1", "1–3", at most "1–9". */
export function numberKeys(labels: readonly AnnotateLabel[]): string {
  const n = Math.min(9, labels.length);
  return n <= 1 ? '1' : `1–${n}`;
}

/** The line of key hints under the labels. Blind: nothing is pre-selected, so there is nothing to
 * accept; the hint says which keys choose and that Enter records the choice. */
export function keysHint(labels: readonly AnnotateLabel[], multiLabel: boolean, blind: boolean): string {
  const keys = numberKeys(labels);
  if (blind) return t(multiLabel ? 'annotate.blindMultiHint' : 'annotate.blindKeysHint', { keys });
  return multiLabel ? t('annotate.multiHint') : t('annotate.keysHint');
}

/** What the coder is told when Enter finds no label chosen. */
export function chooseFirst(labels: readonly AnnotateLabel[]): string {
  return t('annotate.chooseFirst', { keys: numberKeys(labels) });
}
