// Who codes: one of the project's coders (coders.list), or a new name typed into an empty field.
// [Note: no pre-filled coder] The field once started with the last coder's name and the caret at
// its end, so "Ben" typed in a new project became "AnaBen" on every decision (bug 6 of issue 10).
// The last coder is pre-chosen only where the project already knows them, and only as a whole
// choice from the list; a new name always starts empty.
import type { Coder } from '../../../common/contract';

/** The choice that stands for "a new coder" (the name is typed). */
export const NEW_CODER = '\u0000new';

/** What the coder choice starts on: the coder last chosen on this machine when the project has
 * them; a new name when the project has no coders yet; else nothing, so the coder picks. */
export function initialCoderChoice(coders: readonly Coder[], remembered: string): string | null {
  if (coders.length === 0) return NEW_CODER;
  return coders.some((c) => c.name === remembered) ? remembered : null;
}

/** The coder's name from the choice and the typed new name ('' while none is given). */
export function coderFrom(choice: string | null, newName: string): string {
  if (choice === null) return '';
  return choice === NEW_CODER ? newName.trim() : choice;
}
