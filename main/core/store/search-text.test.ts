import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { searchQuery, searchText } from './search-text';

function index(texts: string[]) {
  const db = new Database(':memory:');
  db.exec("CREATE VIRTUAL TABLE f USING fts5(text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2')");
  texts.forEach((t, i) => db.prepare('INSERT INTO f (rowid, text) VALUES (?, ?)').run(i + 1, searchText(t)));
  return (q: string) => {
    const query = searchQuery(q);
    return query === null ? [] : (db.prepare('SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid').pluck().all(query) as number[]);
  };
}

describe('full-text search', () => {
  const find = index([
    'Die Regierung hat das Gesetz beschlossen.',
    '日本語のテキストです',
    'การเมืองไทยวันนี้',
    'Él está en Málaga, ¿qué tal?',
    'Президент подписал закон',
    'Chinese: 中华人民共和国 government',
  ]);

  it('finds words by prefix, ignoring case and accents', () => {
    expect(find('regier')).toEqual([1]);
    expect(find('malaga QUE')).toEqual([4]);
    expect(find('закон')).toEqual([5]);
  });

  it('finds Chinese, Japanese and Thai text inside longer runs', () => {
    expect(find('本語の')).toEqual([2]);
    expect(find('人民')).toEqual([6]);
    expect(find('เมือง')).toEqual([3]);
    expect(find('人民 government')).toEqual([6]);
  });

  it('treats quotes and FTS operators as text, and ignores input with nothing to search', () => {
    expect(find('"Gesetz" OR')).toEqual([]);
    expect(find('Gesetz NEAR(')).toEqual([]);
    expect(find('Gesetz')).toEqual([1]);
    expect(searchQuery('  "*" ')).toBeNull();
  });
});
