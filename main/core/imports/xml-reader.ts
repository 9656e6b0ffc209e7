// Streams the XML parts of an XLSX file (workbook, shared strings, styles, worksheets) through the
// saxes SAX parser to a small handler: start tags with their attributes as written, end tags and
// text (CDATA included), element names without namespace prefixes (`x:row` and `row` are the same to
// the readers; SpreadsheetML's own attributes are never prefixed, and the one qualified attribute
// Prelabel reads, a sheet's `r:id`, is looked up by its local name where it is used). saxes
// checks well-formedness and decodes the predefined entities and character references. Refused: a
// document type (a workbook has none, and refusing it keeps entity-expansion attacks out) and more
// than 64 MB of XML without a single tag or text event (a runaway element).
//
// [Note: XML line ends] saxes normalises line ends as XML 1.0 (section 2.11) requires: a CR or CR LF
// written raw into a part is read as LF, as every conforming XML reader reads it; a CR written as
// the character reference &#13; (as Prelabel's own XLSX export writes it) stays a CR. The
// hand-written tokenizer before saxes kept raw CRs.
import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface XmlHandler {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

export class XmlSyntaxError extends Error {}

const MAX_SILENT_CHARS = 64 * 1024 * 1024;

/** Local name without a namespace prefix. */
function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

export class XmlReader {
  private readonly parser = new SaxesParser({ xmlns: false, position: false });
  /** Characters pushed since the parser last reported something. */
  private silent = 0;

  constructor(handler: XmlHandler) {
    const p = this.parser;
    p.on('opentag', (tag: SaxesTagPlain) => {
      this.silent = 0;
      handler.open(local(tag.name), tag.attributes, tag.isSelfClosing);
    });
    p.on('closetag', (tag: SaxesTagPlain) => {
      this.silent = 0;
      handler.close(local(tag.name));
    });
    const text = (t: string) => {
      this.silent = 0;
      handler.text(t);
    };
    p.on('text', text);
    p.on('cdata', text);
    p.on('doctype', () => {
      throw new XmlSyntaxError('the XML declares a document type, which a workbook never does');
    });
    p.on('error', (err: Error) => {
      throw new XmlSyntaxError(err.message);
    });
  }

  push(chunk: string): void {
    this.silent += chunk.length;
    this.parser.write(chunk);
    if (this.silent > MAX_SILENT_CHARS) throw new XmlSyntaxError('a single XML element is larger than 64 MB');
  }

  finish(): void {
    this.parser.close();
  }
}
