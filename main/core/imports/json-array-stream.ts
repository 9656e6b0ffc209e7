// Splits a JSON file into the elements of its records array as the text streams in: a top-level
// array, or the first array held by a top-level object ({"data": [...]}). Each element's text is
// then parsed losslessly on its own (lossless-json.ts), so memory stays at one record.
//
// [Note: own JSON splitter] Kept as own code because no maintained streaming JSON parser gives what
// the import needs (checked for issue 11): the line where each record starts (a problem report
// names it) and the line of a syntax error. stream-json (3.9) reports neither positions in its
// tokens nor in its errors; @streamparser/json (0.0.x) gives byte offsets only and rounds numbers
// unless its number parser is replaced; the lossless-json package parses whole texts, not streams
// (and was slower than the own record parser, see lossless-json.ts). The splitter only finds where
// records begin and end (strings, escapes, nesting).
import { JsonDepthError, JsonSyntaxError, MAX_JSON_DEPTH } from './lossless-json';

export interface JsonElement {
  text: string;
  /** 1-based line where the element starts. */
  line: number;
}

const enum Phase {
  Start, // before the top-level value
  InObject, // inside the top-level object, looking for an array value
  InArray, // between elements of the records array
  InElement, // inside an element
  After, // the records array has ended
}

export class JsonArrayStream {
  private phase = Phase.Start;
  private line = 1;
  private col = 0;
  private inString = false;
  private escaped = false;
  private depth = 0; // nesting depth in the whole document
  private arrayDepth = -1; // depth of the records array's contents
  private element: string[] = [];
  private elementLine = 1;
  private sawElement = false;
  /** The key of the array inside a top-level object, for messages. */
  arrayKey: string | null = null;
  private lastKey = '';
  private keyBuf: string[] | null = null;

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.line, this.col);
  }

  /** One level deeper ([Note: JSON depth]). */
  private deeper(): void {
    if (++this.depth > MAX_JSON_DEPTH) throw new JsonDepthError(this.line, this.col);
  }

  push(chunk: string, emit: (e: JsonElement) => void): void {
    let segStart = 0; // start of the part of `chunk` that belongs to the current element
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === '\n') {
        this.line++;
        this.col = 0;
      } else this.col++;
      if (this.inString) {
        if (this.keyBuf && !this.escaped && c !== '"') this.keyBuf.push(c);
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          if (this.keyBuf) {
            this.lastKey = this.keyBuf.join('');
            this.keyBuf = null;
          }
        }
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      switch (this.phase) {
        case Phase.Start:
          if (c === '\uFEFF') continue;
          if (c === '[') {
            this.depth = 1;
            this.arrayDepth = 1;
            this.phase = Phase.InArray;
          } else if (c === '{') {
            this.depth = 1;
            this.phase = Phase.InObject;
          } else this.fail('the file must hold an array of objects, or an object with such an array');
          break;
        case Phase.InObject:
          if (c === '"') {
            this.inString = true;
            if (this.depth === 1) this.keyBuf = [];
          } else if (c === '{' || c === '[') {
            if (c === '[' && this.depth === 1) {
              this.arrayKey = this.lastKey;
              this.depth = 2;
              this.arrayDepth = 2;
              this.phase = Phase.InArray;
            } else this.deeper();
          } else if (c === '}' || c === ']') {
            this.depth--;
            if (this.depth === 0) this.fail('the object holds no array of records');
          }
          break;
        case Phase.InArray:
          if (c === ']') {
            this.depth--;
            this.phase = Phase.After;
          } else if (c === ',') {
            if (!this.sawElement) this.fail('unexpected "," in the array');
            this.sawElement = false;
          } else {
            if (this.sawElement) this.fail('expected "," between records');
            this.phase = Phase.InElement;
            this.elementLine = this.line;
            segStart = i;
            i--; // let the element phase see this character
            this.col--;
          }
          break;
        case Phase.InElement:
          if (c === '"') this.inString = true;
          else if (c === '{' || c === '[') this.deeper();
          else if ((c === ',' || c === ']' || c === '}') && this.depth === this.arrayDepth) {
            // The end of a scalar element: the array phase handles the separator or the end.
            if (c === '}') this.fail('unbalanced brackets');
            this.endElement(chunk.slice(segStart, i), emit);
            i--;
            this.col--;
          } else if (c === '}' || c === ']') {
            this.depth--;
            if (this.depth === this.arrayDepth) this.endElement(chunk.slice(segStart, i + 1), emit);
          }
          break;
        case Phase.After:
          if (this.arrayDepth === 2) {
            // The rest of the holding object (other properties) is not part of the records.
            if (c === '"') this.inString = true;
            break;
          }
          this.fail('unexpected text after the records array');
      }
    }
    if (this.phase === Phase.InElement) {
      this.element.push(chunk.slice(segStart));
    }
  }

  private endElement(tail: string, emit: (e: JsonElement) => void): void {
    this.element.push(tail);
    emit({ text: this.element.join(''), line: this.elementLine });
    this.element = [];
    this.sawElement = true;
    this.phase = Phase.InArray;
  }

  finish(): void {
    if (this.inString) this.fail('a string is never closed: the file ends too early');
    if (this.phase === Phase.Start) this.fail('the file holds no JSON');
    if (this.phase !== Phase.After) this.fail('the file ends before the records array is closed (is it cut off?)');
  }
}
