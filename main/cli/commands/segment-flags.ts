// The flags that describe a split, shared by `prelabel segment` and `prelabel import --segment`.
import { PrelabelError, segmentSpec, segmentUnits, type SegmentSpecInput } from '../../../common/contract';
import { stringFlag, type Command, type CommandArgs } from '../command';

export const segmentFlagOptions: Command['options'] = {
  language: { type: 'string' },
  'language-column': { type: 'string' },
  'window-size': { type: 'string' },
  'window-overlap': { type: 'string' },
};

export const SEGMENT_USAGE = '[--language xx|auto] [--language-column NAME] [--window-size N] [--window-overlap N]';

function wholeNumber(args: CommandArgs, flag: string): number | undefined {
  const v = stringFlag(args, flag);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) throw new PrelabelError('INVALID_INPUT', `--${flag} must be a whole number (got "${v}").`);
  return Number(v);
}

/** The split the flags describe, with `unit` from the flag that names it (--unit or --segment);
 * null when that flag is absent. Checked against the contract here, so a bad flag is named. */
export function segmentSpecFrom(args: CommandArgs, unitFlag: 'unit' | 'segment'): SegmentSpecInput | null {
  const unit = stringFlag(args, unitFlag);
  if (unit === undefined) {
    for (const f of Object.keys(segmentFlagOptions)) {
      if (args.values[f] !== undefined)
        throw new PrelabelError('INVALID_INPUT', `--${f} describes a split: give --${unitFlag} ${segmentUnits.join('|')} too.`);
    }
    return null;
  }
  if (!(segmentUnits as readonly string[]).includes(unit)) {
    throw new PrelabelError('INVALID_INPUT', `--${unitFlag} must be one of ${segmentUnits.join(', ')} (got "${unit}").`);
  }
  const language = stringFlag(args, 'language');
  const languageColumn = stringFlag(args, 'language-column');
  const windowSize = wholeNumber(args, 'window-size');
  const windowOverlap = wholeNumber(args, 'window-overlap');
  if (unit !== 'window' && (windowSize !== undefined || windowOverlap !== undefined)) {
    throw new PrelabelError('INVALID_INPUT', '--window-size and --window-overlap apply to --' + unitFlag + ' window only.');
  }
  const spec: SegmentSpecInput = {
    unit: unit as SegmentSpecInput['unit'],
    ...(language !== undefined ? { language } : {}),
    ...(languageColumn !== undefined ? { languageColumn } : {}),
    ...(windowSize !== undefined ? { windowSize } : {}),
    ...(windowOverlap !== undefined ? { windowOverlap } : {}),
  };
  const checked = segmentSpec.safeParse(spec);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const flag = { language: 'language', languageColumn: 'language-column', windowSize: 'window-size', windowOverlap: 'window-overlap' }[
      String(issue.path[0]) as 'language'
    ];
    throw new PrelabelError('INVALID_INPUT', `--${flag ?? unitFlag}: ${issue.message}.`);
  }
  return spec;
}

/** "sentences (de)", "windows of 3 sentences, overlap 1 (auto)", "paragraphs". */
export function describeSplit(s: {
  unit: string;
  language: string;
  languageColumn: string | null;
  windowSize: number;
  windowOverlap: number;
}): string {
  const what =
    s.unit === 'paragraph'
      ? 'paragraphs'
      : s.unit === 'sentence'
        ? 'sentences'
        : `windows of ${s.windowSize} sentences${s.windowOverlap ? `, overlap ${s.windowOverlap}` : ''}`;
  const lang = s.unit === 'paragraph' ? '' : ` (language ${s.language}${s.languageColumn ? `, or the column ${s.languageColumn}` : ''})`;
  return `${what}${lang}`;
}
