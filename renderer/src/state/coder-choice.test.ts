// Bug 6 of issue 10: the coder field was pre-filled with the last coder and the caret put at its
// end, so typing "Ben" in a new project recorded "AnaBen". The known coders are a choice; a new
// name is typed into an empty field.
import { describe, expect, it } from 'vitest';
import type { Coder } from '../../../common/contract';
import { coderFrom, initialCoderChoice, NEW_CODER } from './coder-choice';

const coder = (name: string): Coder => ({ id: `${name}-id`, name, createdAt: '2025-01-01T00:00:00Z' });

describe('bug 6: the coder is chosen from the project\u2019s coders or typed new, never appended to the last one', () => {
  it('a project without coders starts with an empty new name, whoever coded last on this machine', () => {
    expect(initialCoderChoice([], 'Ana')).toBe(NEW_CODER);
    expect(coderFrom(initialCoderChoice([], 'Ana'), '')).toBe('');
    // Typing "Ben" into that field gives Ben, not AnaBen.
    expect(coderFrom(NEW_CODER, 'Ben')).toBe('Ben');
  });

  it('the last coder is pre-chosen only where the project knows them', () => {
    expect(initialCoderChoice([coder('Ana'), coder('Ben')], 'Ben')).toBe('Ben');
    expect(initialCoderChoice([coder('Cy')], 'Ana')).toBeNull();
    expect(initialCoderChoice([coder('Cy')], '')).toBeNull();
  });

  it('a chosen coder is taken as named; a new name is trimmed; nothing chosen is no coder', () => {
    expect(coderFrom('Ana', 'ignored')).toBe('Ana');
    expect(coderFrom(NEW_CODER, '  Ben  ')).toBe('Ben');
    expect(coderFrom(null, 'Ben')).toBe('');
  });
});
