import { afterEach, describe, expect, it } from 'vitest';
import { en, enParts } from './en';
import { formatBytes, formatEta, formatNumber, formatPercent, setLocale, t } from './t';

afterEach(() => setLocale('en', en));

describe('t', () => {
  it('returns a plain message', () => {
    expect(t('nav.projects')).toBe('Projects');
  });

  it('fills {name} placeholders and leaves unknown ones visible', () => {
    expect(t('projects.new.whereBrowser', { dir: '/data/projects' })).toBe('Saved in /data/projects');
    expect(t('projects.new.whereBrowser')).toBe('Saved in {dir}');
  });

  it('does not re-interpret placeholders inside substituted values', () => {
    expect(t('projects.new.whereBrowser', { dir: '{count}' })).toBe('Saved in {count}');
  });

  it('chooses the plural form from count and formats the number', () => {
    expect(t('documents.total', { count: 1 })).toBe('1 document');
    expect(t('documents.total', { count: 0 })).toBe('0 documents');
    expect(t('documents.total', { count: 1490 })).toBe('1,490 documents');
  });

  it('uses the locale’s plural rules and number format', () => {
    setLocale('fr', { 'documents.total': { one: '{count} document', other: '{count} documents' } });
    // French treats 0 and 1 as singular and groups thousands with a narrow no-break space.
    expect(t('documents.total', { count: 0 })).toBe('0 document');
    expect(t('documents.total', { count: 1490 })).toBe(`${formatNumber(1490)} documents`);
    expect(formatNumber(1490)).not.toBe('1,490');
  });

  it('falls back to English for keys a catalog lacks', () => {
    setLocale('de', { 'nav.projects': 'Projekte' });
    expect(t('nav.projects')).toBe('Projekte');
    expect(t('nav.import')).toBe('Import');
  });

  it('has an `other` form in every plural message', () => {
    for (const [key, message] of Object.entries(en)) {
      if (typeof message !== 'string') expect(message, key).toHaveProperty('other');
    }
  });
});

describe('formatBytes', () => {
  it('uses decimal units with one fraction digit', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(3_348_944)).toBe('3.3 MB');
    expect(formatBytes(1_500)).toBe('1.5 kB');
  });
});

describe('formatEta and formatPercent', () => {
  it('says the time left as people do', () => {
    expect(formatEta(null)).toBe('');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('');
    expect(formatEta(4)).toBe('a few seconds');
    expect(formatEta(45)).toBe('less than a minute');
    expect(formatEta(170)).toBe('about 3 min');
    expect(formatEta(3600 + 5 * 60)).toBe('about 1 h 5 min');
  });

  it('formats probabilities as percentages', () => {
    expect(formatPercent(0.873)).toBe('87%');
    expect(formatPercent(0.1234, 1)).toBe('12.3%');
    expect(formatPercent(Number.NaN)).toBe('0%');
  });

  it('has each key in one part of the catalog only (a later part would silently replace it)', () => {
    const seen = new Map<string, number>();
    const twice: string[] = [];
    enParts.forEach((part, i) => {
      for (const key of Object.keys(part)) {
        if (seen.has(key)) twice.push(`${key} (parts ${seen.get(key)} and ${i})`);
        seen.set(key, i);
      }
    });
    expect(twice).toEqual([]);
    expect(seen.size).toBe(Object.keys(en).length);
  });
});
