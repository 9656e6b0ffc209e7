// The ordered list of schema migrations. One file per version; never edit a shipped one.
import * as m001 from './001-initial';
import * as m002 from './002-coding-state';
import * as m003 from './003-coding-tally';
import * as m004 from './004-import-state';
import * as m005 from './005-no-suggestion-not-changed';
import * as m006 from './006-segments';
import * as m007 from './007-validation-samples';
import * as m008 from './008-several-coders';
import * as m009 from './009-input-reuse';
import * as m010 from './010-suggestion-margin';

export interface Migration {
  version: number;
  sql: string;
}

export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010];

export const latestVersion = migrations[migrations.length - 1]!.version;
