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
    // A Map-per-node trie first (the library's shape), then flattened breadth first.
    type Building = { children: Map<number, Building>; piece: string | null; score: number };
    const root: Building = { children: new Map(), piece: null, score: NaN };
    const cps: number[] = [];
    let nodes = 1;
    for (const entry of vocab) {
      const piece = Array.isArray(entry) ? entry[0] : undefined;
      if (typeof piece !== 'string' || piece.length === 0) continue;
      const n = codePoints(piece, cps);
      let node = root;
      for (let i = 0; i < n; i++) {
        let child = node.children.get(cps[i]!);
        if (!child) {
          child = { children: new Map(), piece: null, score: NaN };
          node.children.set(cps[i]!, child);
          nodes++;
        }
        node = child;
      }
      // The library looks the piece's id up in its final token map (added tokens included) at every
      // match, and its score by that id: an id past the scores (or none) scores undefined there,
      // which is NaN in its sums.
      const id = model.tokens_to_ids.get(piece);
      node.piece = piece;
      node.score = (id === undefined ? undefined : model.scores[id]) ?? NaN;
    }
    this.first = new Int32Array(nodes);
    this.count = new Int32Array(nodes);
    this.childCp = new Int32Array(nodes);
    this.childNode = new Int32Array(nodes);
    this.leaf = new Uint8Array(nodes);
    this.leafScore = new Float64Array(nodes);
    this.leafPiece = new Array<string>(nodes).fill('');
    this.rootChild = new Int32Array(0x10000).fill(-1);
    const queue: Building[] = [root];
    let next = 1;
    for (let q = 0; q < queue.length; q++) {
      const b = queue[q]!;
      if (b.piece !== null) {
        this.leaf[q] = 1;
        this.leafPiece[q] = b.piece;
      }
      this.leafScore[q] = b.score;
      const kids = [...b.children.entries()].sort((x, y) => x[0] - y[0]);
      this.first[q] = next;
      this.count[q] = kids.length;
      for (const [cp, child] of kids) {
        if (q === 0 && cp < 0x10000) this.rootChild[cp] = next;
        this.childCp[next] = cp;
        this.childNode[next] = next;
        queue.push(child);
        next++;
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
