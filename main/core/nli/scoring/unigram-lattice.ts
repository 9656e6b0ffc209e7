// The Unigram segmentation of @huggingface/tokenizers 0.2, computed without its per-call objects.
//
// [Note: fast Unigram segmentation] Tokenising was the largest part of the core's own time per
// pair (docs/BENCHMARKS.md): the library's Unigram model builds a lattice of node objects for every
// word, walks a trie of Maps through a generator that concatenates each prefix into a new string,
// looks every prefix up in a Map by that string, and clones a node object for every edge the
// Viterbi search compares. This is the same search over flat typed arrays: a trie of the same
// pieces by code point, the same ids and scores (read from the library's own model after it was
// built, so an added token that shares a piece's text gets the id the library gives it), the same
// candidates in the same order (every piece that starts at a position, shortest first, then the
// unknown piece where no one-character piece exists), and the same comparison (the first
// predecessor with the strictly highest score, each sum computed as the library does). So it
// returns exactly the library's pieces, and the library does everything around it as before
// (added tokens, normalizer, pre-tokenizer, fusing unknown pieces, ids). A piece is returned as the
// vocabulary's own string, whose hash the library's token maps have already computed. Checked
// against the library in unigram-lattice.test.ts (lines of every shared corpus file, edge cases,
// ties) and on every line of the shared corpora by scripts/bench/bench-core-time.ts --check-tokenizer.

/** What this reads of the library's Unigram model (tokenizers.js src/core/tokenizerModelImplementations/Unigram.ts). */
export interface LibraryUnigram {
  config: { type?: string; vocab?: unknown };
  tokens_to_ids: Map<string, number>;
  scores: Array<number | undefined>;
  unk_token_id: number;
  unk_score: number;
  encode(tokens: string[]): string[];
}

export function isLibraryUnigram(model: unknown): model is LibraryUnigram {
  if (typeof model !== 'function' && (typeof model !== 'object' || model === null)) return false;
  const m = model as Partial<LibraryUnigram>;
  return (
    m.config?.type === 'Unigram' &&
    Array.isArray(m.config.vocab) &&
    m.tokens_to_ids instanceof Map &&
    Array.isArray(m.scores) &&
    Number.isInteger(m.unk_token_id) &&
    typeof m.unk_score === 'number' &&
    typeof m.encode === 'function'
  );
}

/** Code points of a string as `for...of` yields them (a lone surrogate is one of its own). */
function codePoints(s: string, out: number[]): number {
  let n = 0;
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i)!;
    out[n++] = cp;
    i += cp > 0xffff ? 2 : 1;
  }
  return n;
}

/** A trie of the pieces by code point: each node's code point, children (first, next sibling)
 * and the piece it ends; node 0 is the root. */
interface BuiltTrie {
  cp: Int32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  piece: Array<string | undefined>;
}

/**
 * Builds the trie without a lookup per character: in sorted order, consecutive pieces share their
 * prefix, so a stack of the previous piece's nodes gives the node to extend. (A vocabulary of 250,002
 * pieces builds in a fraction of the time a Map per node takes.) UTF-16 order keeps the pieces that
 * share a code-point prefix together only for well-formed strings; a vocabulary with a lone
 * surrogate in a piece is built with a Map per node instead.
 */
function buildTrie(pieces: readonly string[]): BuiltTrie {
  // String.prototype.isWellFormed (ES2024, Node 20) is not in the ES2023 typings.
  const wellFormed = pieces.every((p) => (p as unknown as { isWellFormed(): boolean }).isWellFormed());
  let size = 1;
  let cp = new Int32Array(1024);
  let firstChild = new Int32Array(1024).fill(-1);
  let nextSibling = new Int32Array(1024).fill(-1);
  let lastChild = new Int32Array(1024).fill(-1);
  const piece: Array<string | undefined> = [undefined];
  const addChild = (parent: number, code: number): number => {
    if (size === cp.length) {
      const grow = (a: Int32Array, fill: number) => {
        const b = new Int32Array(a.length * 2).fill(fill);
        b.set(a);
        return b;
      };
      cp = grow(cp, 0);
      firstChild = grow(firstChild, -1);
      nextSibling = grow(nextSibling, -1);
      lastChild = grow(lastChild, -1);
    }
    const k = size++;
    cp[k] = code;
    piece.push(undefined);
    if (lastChild[parent]! < 0) firstChild[parent] = k;
    else nextSibling[lastChild[parent]!] = k;
    lastChild[parent] = k;
    return k;
  };
  const cps: number[] = [];
  if (wellFormed) {
    const stack: number[] = [0];
    const prev: number[] = [];
    let prevLength = 0;
    for (const p of [...pieces].sort()) {
      const n = codePoints(p, cps);
      let common = 0;
      while (common < n && common < prevLength && prev[common] === cps[common]) common++;
      for (let d = common; d < n; d++) stack[d + 1] = addChild(stack[d]!, cps[d]!);
      piece[stack[n]!] = p;
      for (let d = common; d < n; d++) prev[d] = cps[d]!;
      prevLength = n;
    }
  } else {
    const children: Array<Map<number, number>> = [new Map()];
    for (const p of pieces) {
      const n = codePoints(p, cps);
      let node = 0;
      for (let d = 0; d < n; d++) {
        let child = children[node]!.get(cps[d]!);
        if (child === undefined) {
          child = addChild(node, cps[d]!);
          children[node]!.set(cps[d]!, child);
          children.push(new Map());
        }
        node = child;
      }
      piece[node] = p;
    }
  }
  return { cp: cp.subarray(0, size), firstChild: firstChild.subarray(0, size), nextSibling: nextSibling.subarray(0, size), piece };
}

export class UnigramLattice {
  // The trie: node n's children are childCp/childNode[first[n], first[n] + count[n]), sorted by
  // code point; node 0 is the root.
  private readonly first: Int32Array;
  private readonly count: Int32Array;
  private readonly childCp: Int32Array;
  private readonly childNode: Int32Array;
  /** Whether a node ends a piece, that piece's score, and the vocabulary's own string of it. */
  private readonly leaf: Uint8Array;
  private readonly leafScore: Float64Array;
  private readonly leafPiece: string[];
  /** The root's child for each BMP code point (-1: none): the first step is one load. */
  private readonly rootChild: Int32Array;
  private readonly unkId: number;
  private readonly unkScore: number;

  // Per-call buffers, grown as needed: code points with their UTF-16 offsets, and lattice nodes.
  private cps: number[] = [];
  private offsets = new Int32Array(64);
  private endHead = new Int32Array(64);
  private endTail = new Int32Array(64);
  private nodeBegin = new Int32Array(256);
  private nodeLength = new Int32Array(256);
  private nodeScore = new Float64Array(256);
  private nodePrev = new Int32Array(256);
  private nodeNext = new Int32Array(256);
  /** The trie node of a lattice node's piece; 0 for the unknown piece. */
  private nodeTrie = new Int32Array(256);

  constructor(model: LibraryUnigram) {
    const vocab = model.config.vocab as unknown[];
    const pieces: string[] = [];
    for (const entry of vocab) {
      const piece = Array.isArray(entry) ? entry[0] : undefined;
      if (typeof piece === 'string' && piece.length > 0) pieces.push(piece);
    }
    const tree = buildTrie(pieces);
    const nodes = tree.cp.length;
    this.first = new Int32Array(nodes);
    this.count = new Int32Array(nodes);
    this.childCp = new Int32Array(nodes);
    this.childNode = new Int32Array(nodes);
    this.leaf = new Uint8Array(nodes);
    this.leafScore = new Float64Array(nodes);
    this.leafPiece = new Array<string>(nodes).fill('');
    this.rootChild = new Int32Array(0x10000).fill(-1);
    // Breadth first, so that each node's children are one sorted range.
    const queue = new Int32Array(nodes);
    let next = 1;
    const kids: number[] = [];
    for (let q = 0; q < nodes; q++) {
      const t = queue[q]!;
      const piece = tree.piece[t];
      if (piece !== undefined) {
        // The library looks the piece's id up in its final token map (added tokens included) at
        // every match, and its score by that id: an id past the scores (or none) is undefined
        // there, which is NaN in its sums.
        const id = model.tokens_to_ids.get(piece);
        this.leaf[q] = 1;
        this.leafPiece[q] = piece;
        this.leafScore[q] = (id === undefined ? undefined : model.scores[id]) ?? NaN;
      }
      kids.length = 0;
      for (let c = tree.firstChild[t]!; c >= 0; c = tree.nextSibling[c]!) kids.push(c);
      // Built in UTF-16 order, which puts U+10000 and above before U+E000-U+FFFF: by code point here.
      for (let i = 1; i < kids.length; i++) {
        if (tree.cp[kids[i]!]! < tree.cp[kids[i - 1]!]!) {
          kids.sort((a, b) => tree.cp[a]! - tree.cp[b]!);
          break;
        }
      }
      this.first[q] = next;
      this.count[q] = kids.length;
      for (const c of kids) {
        const cp = tree.cp[c]!;
        if (q === 0 && cp < 0x10000) this.rootChild[cp] = next;
        this.childCp[next] = cp;
        this.childNode[next] = next;
        queue[next++] = c;
      }
    }
    this.unkId = model.unk_token_id;
    this.unkScore = model.unk_score;
  }

  /** The child of `node` for code point `cp`, or -1. */
  private child(node: number, cp: number): number {
    if (node === 0 && cp < 0x10000) return this.rootChild[cp]!;
    let lo = this.first[node]!;
    let hi = lo + this.count[node]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.childCp[mid]!;
      if (c === cp) return this.childNode[mid]!;
      if (c < cp) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private grow(positions: number, nodes: number): void {
    if (this.offsets.length < positions + 1) {
      const size = Math.max(positions + 1, this.offsets.length * 2);
      this.offsets = new Int32Array(size);
      this.endHead = new Int32Array(size);
      this.endTail = new Int32Array(size);
    }
    if (this.nodeBegin.length < nodes) {
      const size = Math.max(nodes, this.nodeBegin.length * 2);
      const copy = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.nodeBegin = copy(this.nodeBegin, new Int32Array(size));
      this.nodeLength = copy(this.nodeLength, new Int32Array(size));
      this.nodeScore = copy(this.nodeScore, new Float64Array(size));
      this.nodePrev = copy(this.nodePrev, new Int32Array(size));
      this.nodeNext = copy(this.nodeNext, new Int32Array(size));
      this.nodeTrie = copy(this.nodeTrie, new Int32Array(size));
    }
  }

  /** Appends the pieces of one pre-tokenized word to `out`, exactly as the library's Unigram.tokenize. */
  segment(word: string, out: string[]): void {
    const cps = this.cps;
    const n = codePoints(word, cps);
    this.grow(n, 2 * n + 2);
    const offsets = this.offsets;
    for (let i = 0, o = 0; i < n; i++) {
      offsets[i] = o;
      o += cps[i]! > 0xffff ? 2 : 1;
    }
    offsets[n] = word.length;
    const endHead = this.endHead.fill(-1, 0, n + 1);
    const endTail = this.endTail;
    // Node 0 is the beginning of the word (score 0, no predecessor), the only node ending at 0.
    let nodes = 1;
    this.nodeScore[0] = 0;
    this.nodePrev[0] = -1;
    this.nodeNext[0] = -1;
    endHead[0] = 0;
    endTail[0] = 0;
    // A node's best predecessor: the first of the nodes ending where it begins (in the order they
    // were added, as the library's end_nodes) whose score plus this node's is strictly highest.
    const add = (begin: number, length: number, score: number, trie: number): boolean => {
      let best = -1;
      let bestScore = 0;
      for (let l = endHead[begin]!; l >= 0; l = this.nodeNext[l]!) {
        const s = this.nodeScore[l]! + score;
        if (best < 0 || s > bestScore) {
          best = l;
          bestScore = s;
        }
      }
      if (best < 0) return false;
      if (nodes >= this.nodeBegin.length) this.grow(n, nodes * 2);
      const k = nodes++;
      this.nodeBegin[k] = begin;
      this.nodeLength[k] = length;
      this.nodeScore[k] = bestScore;
      this.nodePrev[k] = best;
      this.nodeNext[k] = -1;
      this.nodeTrie[k] = trie;
      const end = begin + length;
      if (endHead[end]! < 0) endHead[end] = k;
      else this.nodeNext[endTail[end]!] = k;
      endTail[end] = k;
      return true;
    };
    for (let pos = 0; pos < n; pos++) {
      let single = false;
      for (let i = pos, node = 0; i < n; i++) {
        node = this.child(node, cps[i]!);
        if (node < 0) break;
        if (this.leaf[node] === 0) continue;
        if (!add(pos, i - pos + 1, this.leafScore[node]!, node)) return;
        if (i === pos) single = true;
      }
      if (!single && !add(pos, 1, this.unkScore, 0)) return;
    }
    // The end of the word (score 0) takes its best predecessor the same way.
    let best = -1;
    let bestScore = 0;
    for (let l = endHead[n]!; l >= 0; l = this.nodeNext[l]!) {
      const s = this.nodeScore[l]! + 0;
      if (best < 0 || s > bestScore) {
        best = l;
        bestScore = s;
      }
    }
    if (best < 0) return;
    const start = out.length;
    for (let k = best; k > 0; k = this.nodePrev[k]!) {
      const trie = this.nodeTrie[k]!;
      if (trie > 0) out.push(this.leafPiece[trie]!);
      else {
        const b = this.nodeBegin[k]!;
        out.push(word.slice(offsets[b]!, offsets[b + this.nodeLength[k]!]!));
      }
    }
    // Pieces were collected from the end: put them in order.
    for (let i = start, j = out.length - 1; i < j; i++, j--) {
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
  }

  /** The library's Unigram.encode: every word's pieces, in order. */
  encode(words: readonly string[]): string[] {
    const out: string[] = [];
    for (const w of words) this.segment(w, out);
    return out;
  }
}

/**
 * Makes a library tokenizer's Unigram model segment through UnigramLattice (see [Note: fast Unigram
 * segmentation]); other models are left as they are. Returns whether it did.
 */
export function useFastUnigram(model: unknown): boolean {
  if (!isLibraryUnigram(model)) return false;
  const lattice = new UnigramLattice(model);
  // An own property in front of the prototype's encode, which the model's _call uses.
  model.encode = (tokens: string[]) => lattice.encode(tokens);
  return true;
}
