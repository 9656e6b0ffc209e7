// What the keys of the Adjudicate screen do (the handler is in adjudication-screen.tsx): digits choose
// a label (multi-label: toggle; 0: none of these labels), Enter records the choice, a (or Enter) on a
// coder's row takes that coder's labels, j/k and the arrows move between disagreements, Backspace, u
// or Ctrl+Z undo the adjudicator's latest adjudication, ? lists the keys.
export type AdjudicationKey =
  | { kind: 'choose'; index: number }
  | { kind: 'none' }
  | { kind: 'record' }
  | { kind: 'take' }
  | { kind: 'move'; delta: 1 | -1 }
  | { kind: 'undo' }
  | { kind: 'help' };

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The action of a key (null: not a shortcut). `onCoderRow`: the focus is on a coder's row, where
 * Enter takes that coder's labels. */
export function adjudicationKey(press: KeyPress, multiLabel: boolean, onCoderRow: boolean): AdjudicationKey | null {
  const { key } = press;
  const mod = press.ctrlKey || press.metaKey;
  if (mod && !press.altKey && (key === 'z' || key === 'Z')) return { kind: 'undo' };
  if (mod || press.altKey) return null;
  if (/^[1-9]$/.test(key)) return { kind: 'choose', index: Number(key) - 1 };
  if (key === '0' && multiLabel) return { kind: 'none' };
  if (key === 'Enter') return onCoderRow ? { kind: 'take' } : { kind: 'record' };
  if (key === 'a' || key === 'A') return { kind: 'take' };
  if (key === 'j' || key === 'ArrowRight' || (key === 'ArrowDown' && !onCoderRow)) return { kind: 'move', delta: 1 };
  if (key === 'k' || key === 'ArrowLeft' || (key === 'ArrowUp' && !onCoderRow)) return { kind: 'move', delta: -1 };
  if (key === 'Backspace' || key === 'u' || key === 'U') return { kind: 'undo' };
  if (key === '?') return { kind: 'help' };
  return null;
}

/** The keys and what they do, for the help overlay (message keys of en/adjudication.ts). */
export const ADJUDICATION_KEYS = [
  ['1 – 9', 'adjudication.key.number'],
  ['0', 'adjudication.key.none'],
  ['Enter', 'adjudication.key.record'],
  ['a', 'adjudication.key.take'],
  ['↑ ↓', 'adjudication.key.rows'],
  ['j · k · ← →', 'adjudication.key.move'],
  ['Backspace · u · Ctrl+Z', 'adjudication.key.undo'],
  ['?', 'adjudication.key.help'],
  ['Esc', 'adjudication.key.close'],
] as const;
