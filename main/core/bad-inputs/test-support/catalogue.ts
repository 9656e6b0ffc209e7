// The bad-input catalogue: each malformed input, what is done with it, and the one-line error a
// person must get. Inputs named *.* without a generator are committed in __fixtures__/; the others are
// made by generate.ts. README.md lists the same entries (a test keeps the two in step).
import { fileInputs } from './catalogue-files';
import { otherInputs } from './catalogue-others';
import type { BadInput } from './catalogue-types';

export type { BadInput, Operation } from './catalogue-types';

export const catalogue: BadInput[] = [...fileInputs, ...otherInputs];
