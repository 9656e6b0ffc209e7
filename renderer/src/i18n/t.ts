// The translation function and number formatting. Messages come from a catalog keyed like `en`;
// placeholders are {name}; plural messages pick their form with Intl.PluralRules on `count`.
import { en, type MessageKey } from './en';

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralForms;
export type Translations = { [K in MessageKey]?: Message };
export type Params = Record<string, string | number>;

let locale = 'en';
let catalog: Translations = en;
const numberFormats = new Map<string, Intl.NumberFormat>();
let pluralRules = new Intl.PluralRules(locale);

/** Switches the UI language. Keys missing from `messages` fall back to English. */
export function setLocale(next: string, messages: Translations = en): void {
  locale = next;
  catalog = messages;
  pluralRules = new Intl.PluralRules(locale);
  numberFormats.clear();
}

export function getLocale(): string {
  return locale;
}

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

export function formatNumber(n: number): string {
  return numberFormat('plain', {}).format(n);
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** "512 bytes", "3.3 MB": decimal units, one fraction digit above a kilobyte. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const name = BYTE_UNITS[unit]!;
  return numberFormat(`bytes:${name}`, {
    style: 'unit',
    unit: name,
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** "German" for "de", in the UI's language; the code itself where the runtime has no name for it. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

function pick(message: Message, params: Params | undefined): string {
  if (typeof message === 'string') return message;
  const count = Number(params?.count);
  const form = Number.isFinite(count) ? pluralRules.select(count) : 'other';
  return message[form] ?? message.other;
}

/** Looks a message up and fills its placeholders; numbers are formatted for the locale. */
export function t(key: MessageKey, params?: Params): string {
  const message: Message = catalog[key] ?? en[key] ?? key;
  return pick(message, params).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

/** "87%", "12.5%": a probability as a percentage, one fraction digit where it matters. */
export function formatPercent(p: number, fractionDigits = 0): string {
  return numberFormat(`percent:${fractionDigits}`, {
    style: 'percent',
    maximumFractionDigits: fractionDigits,
    minimumFractionDigits: fractionDigits,
  }).format(Number.isFinite(p) ? p : 0);
}

/** A remaining time as people say it: "a few seconds", "less than a minute", "about 3 min",
 * "about 2 h 5 min". Null or a non-finite value is unknown: empty. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 10) return t('eta.seconds');
  if (seconds < 60) return t('eta.underMinute');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('eta.minutes', { count: minutes });
  return t('eta.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}
