// A small streaming XML tokenizer for the parts of an XLSX file (workbook, shared strings,
// worksheets): start tags with attributes, end tags and text, entities decoded. No DTDs: a
// workbook has none, and refusing them keeps entity-expansion attacks out.

export interface XmlHandler {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

export class XmlSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

const ATTR_RE = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Local name without a namespace prefix (`x:row` and `row` are the same to us). */
function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

export class XmlTokenizer {
  private buf = '';

  constructor(private readonly handler: XmlHandler) {}

  push(chunk: string): void {
    this.buf += chunk;
    let pos = 0;
    const s = this.buf;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // Text up to the end may continue in the next chunk (an entity may be cut), unless short.
        const amp = s.lastIndexOf('&');
        const keepFrom = amp >= pos && s.indexOf(';', amp) < 0 ? amp : s.length;
        if (keepFrom > pos) this.handler.text(decodeEntities(s.slice(pos, keepFrom)));
        pos = keepFrom;
        break;
      }
      if (lt > pos) this.handler.text(decodeEntities(s.slice(pos, lt)));
      pos = lt;
      if (s.startsWith('<!--', pos)) {
        const end = s.indexOf('-->', pos + 4);
        if (end < 0) break;
        pos = end + 3;
        continue;
      }
      if (s.startsWith('<![CDATA[', pos)) {
        const end = s.indexOf(']]>', pos + 9);
        if (end < 0) break;
        this.handler.text(s.slice(pos + 9, end));
        pos = end + 3;
        continue;
      }
      if (s.startsWith('<!DOCTYPE', pos) || s.startsWith('<!ENTITY', pos)) {
        throw new XmlSyntaxError('the XML declares a document type, which a workbook never does');
      }
      const gt = s.indexOf('>', pos);
      if (gt < 0) break;
      const tag = s.slice(pos + 1, gt);
      pos = gt + 1;
      if (tag[0] === '?') continue;
      if (tag[0] === '/') {
        this.handler.close(local(tag.slice(1).trim()));
        continue;
      }
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const nameEnd = body.search(/[\s/]/);
      const name = local(nameEnd < 0 ? body : body.slice(0, nameEnd));
      const attrs: Record<string, string> = {};
      if (nameEnd >= 0) {
        for (const m of body.slice(nameEnd).matchAll(ATTR_RE)) attrs[local(m[1]!)] = decodeEntities(m[3] ?? m[4] ?? '');
      }
      this.handler.open(name, attrs, selfClosing);
      if (selfClosing) this.handler.close(name);
    }
    this.buf = s.slice(pos);
    if (this.buf.length > 64 * 1024 * 1024) throw new XmlSyntaxError('a single XML element is larger than 64 MB');
  }

  finish(): void {
    if (this.buf.trim() !== '') throw new XmlSyntaxError('the XML ends in the middle of a tag');
  }
}
