// Reads a SentencePiece .model file (a protobuf ModelProto) without Python or a protobuf library:
// the generator builds tokenizer.json from the committed tiny-spm.model, and CI has no Python.

export const enum PieceType {
  Normal = 1,
  Unknown = 2,
  Control = 3,
  UserDefined = 4,
  Unused = 5,
  Byte = 6,
}

export interface SpmPiece {
  piece: string;
  score: number;
  type: PieceType;
}

export interface SpmModel {
  pieces: SpmPiece[];
  normalizerName: string;
  precompiledCharsmap: Uint8Array;
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('SentencePiece model: truncated varint');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  }
  bytes(): Uint8Array {
    const len = this.varint();
    if (this.pos + len > this.buf.length) throw new Error('SentencePiece model: truncated field');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  float32(): number {
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`SentencePiece model: unsupported wire type ${wireType}`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readPiece(buf: Uint8Array): SpmPiece {
  const r = new Reader(buf);
  const p: SpmPiece = { piece: '', score: 0, type: PieceType.Normal };
  while (!r.done) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 1 && wire === 2) p.piece = utf8.decode(r.bytes());
    else if (field === 2 && wire === 5) p.score = r.float32();
    else if (field === 3 && wire === 0) p.type = r.varint() as PieceType;
    else r.skip(wire);
  }
  return p;
}

/** Parses the fields of sentencepiece_model.proto that a Unigram tokenizer.json needs. */
export function parseSpmModel(buf: Uint8Array): SpmModel {
  const model: SpmModel = {
    pieces: [],
    normalizerName: '',
    precompiledCharsmap: new Uint8Array(),
    addDummyPrefix: true,
    removeExtraWhitespaces: true,
  };
  const r = new Reader(buf);
  while (!r.done) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 1 && wire === 2) model.pieces.push(readPiece(r.bytes()));
    else if (field === 3 && wire === 2) {
      const n = new Reader(r.bytes());
      while (!n.done) {
        const t = n.varint();
        const f = Math.floor(t / 8);
        if (f === 1 && (t & 7) === 2) model.normalizerName = utf8.decode(n.bytes());
        else if (f === 2 && (t & 7) === 2) model.precompiledCharsmap = n.bytes().slice();
        else if (f === 3 && (t & 7) === 0) model.addDummyPrefix = n.varint() !== 0;
        else if (f === 4 && (t & 7) === 0) model.removeExtraWhitespaces = n.varint() !== 0;
        else n.skip(t & 7);
      }
    } else r.skip(wire);
  }
  if (model.pieces.length < 4) throw new Error('SentencePiece model: fewer than 4 pieces');
  return model;
}
