/**
 * minisearch's BM25 over compact postings, with a bounded top-k: what `ParagraphIndex.find` runs.
 *
 * minisearch's own `search` scores every posting of every query term into a `Map` of per-document
 * objects, makes a result object of each matched document and sorts them all; at 100,000 paragraphs a
 * question matches ~7,700 of them and `find` keeps 24. Here the postings minisearch holds are copied once
 * into two typed arrays (document numbers and term frequencies, per term and field), and a query adds
 * scores into a reused array and keeps the best `limit` in a small heap.
 *
 * The results are minisearch's, to the bit: the same BM25+ formula and parameters, evaluated in the same
 * order of floating-point operations (a term's fields summed first, then the terms one after another),
 * the same field boosts and term boosts, the same multiplication by the number of query terms matched, and
 * equal scores in minisearch's order (its sort is stable over documents in the order they were first
 * matched: query term by query term, field by field, postings in index order).
 * `tests/search/postings.test.ts` checks this against minisearch's `search` on random queries.
 */
import type MiniSearch from 'minisearch';

/** minisearch's BM25+ parameters (its defaults: `ParagraphIndex` does not change them). */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/** The parts of a MiniSearch instance that hold the index (private fields of minisearch 7). */
interface MiniSearchInternals {
  _index: Iterable<[string, Map<number, Map<number, number>>]>;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
}

function internalsOf(search: MiniSearch<unknown>): MiniSearchInternals | undefined {
  const fields = search as unknown as Partial<MiniSearchInternals>;
  if (
    fields._index !== undefined &&
    typeof (fields._index as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function' &&
    fields._documentIds instanceof Map &&
    fields._fieldLength instanceof Map &&
    Array.isArray(fields._avgFieldLength) &&
    typeof fields._fieldIds === 'object' &&
    typeof fields._documentCount === 'number'
  ) {
    return fields as MiniSearchInternals;
  }
  return undefined;
}

/** A matched document: its number (minisearch's document id), BM25 score and the query terms it has. */
export interface PostingsHit {
  id: number;
  score: number;
  terms: string[];
}

/** One word of the query as minisearch sees it: a space-separated piece of a query term. */
interface QueryWord {
  term: string;
  /** The term's postings, or -1 when no document has it. */
  termId: number;
  boost: number;
  /** Whether this is the word's first occurrence in the query (a document counts each word once). */
  first: boolean;
}

/**
 * The postings as plain data (typed arrays and strings, structured-clone and transfer safe): what a
 * snapshot of the index carries, so that a saved index loads without minisearch.
 */
export interface PostingsData {
  documentCount: number;
  /** Term `t`'s text; its postings are at `offsets[t * fieldCount + f]` for field `f`. */
  terms: string[];
  offsets: Int32Array;
  documents: Int32Array;
  frequencies: Uint16Array | Uint32Array;
  /** One array per field: BM25's length norm of each document (see {@link Postings}). */
  norms: Float64Array[];
  /** The field boosts, in minisearch's field order. */
  fieldBoosts: number[];
}

export class Postings {
  private readonly fieldCount: number;
  /** `fieldBoosts[f]`: the boost of field `f` (fields in minisearch's order). */
  private readonly fieldBoosts: Float64Array;
  // Scratch space of `search`, reused (searches are synchronous, so never interleaved).
  private scratch: Scratch | undefined;

  private constructor(
    readonly documentCount: number,
    private readonly termIds: Map<string, number>,
    /** Postings of term `t` in field `f`: `offsets[t * fieldCount + f]` up to the next offset. */
    private readonly offsets: Int32Array,
    private readonly documents: Int32Array,
    private readonly frequencies: Uint16Array | Uint32Array,
    /**
     * `norms[f][doc]`: BM25's `k * (1 - b + b * fieldLength / avgFieldLength)`, computed as minisearch does.
     */
    private readonly norms: Float64Array[],
    fieldBoosts: number[],
  ) {
    this.fieldCount = fieldBoosts.length;
    this.fieldBoosts = Float64Array.from(fieldBoosts);
  }

  /**
   * Copies the postings of a minisearch index, in steps: the generator yields every few thousand postings
   * so that a caller can cut the work in time slices (see {@link Postings.from} for the synchronous
   * version). `boosts` are the field boosts the searches use, by field name. Returns `undefined` when the
   * index's internals are not those of minisearch 7 (the caller then uses minisearch's own search).
   */
  static *build<T>(
    search: MiniSearch<T>,
    boosts: Record<string, number>,
    documents: number,
  ): Generator<void, Postings | undefined> {
    const internals = internalsOf(search as MiniSearch<unknown>);
    if (internals === undefined) return undefined;
    // minisearch scores the fields of its `fields` option in order, each boosted by `boost[field] || 1`.
    const fieldNames = Object.keys(internals._fieldIds).sort(
      (a, b) => (internals._fieldIds[a] as number) - (internals._fieldIds[b] as number),
    );
    const fieldCount = fieldNames.length;
    if (fieldNames.some((name, f) => internals._fieldIds[name] !== f)) return undefined;
    const fieldBoosts = fieldNames.map((name) => (Object.hasOwn(boosts, name) ? boosts[name] : 0) || 1);

    // Documents are numbered by their id (`ParagraphIndex` uses the paragraph's number), not minisearch's
    // short id, which is the same number when the index was built in order but need not be.
    if (internals._documentCount !== documents || internals._documentIds.size !== documents) return undefined;
    let maxShortId = -1;
    for (const shortId of internals._documentIds.keys()) maxShortId = Math.max(maxShortId, shortId);
    const idOf = new Int32Array(maxShortId + 1).fill(-1);
    for (const [shortId, id] of internals._documentIds) {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= documents) return undefined;
      idOf[shortId] = id;
    }

    const norms: Float64Array[] = [];
    for (let f = 0; f < fieldCount; f++) norms.push(new Float64Array(documents));
    let steps = 0;
    for (const [shortId, lengths] of internals._fieldLength) {
      const id = idOf[shortId] ?? -1;
      if (id < 0) continue;
      for (let f = 0; f < fieldCount; f++) {
        const fieldLength = lengths[f];
        const avgFieldLength = internals._avgFieldLength[f];
        if (fieldLength === undefined || avgFieldLength === undefined) continue;
        (norms[f] as Float64Array)[id] = K * (1 - B + (B * fieldLength) / avgFieldLength);
      }
      if ((++steps & 1023) === 0) yield;
    }

    // First the terms and their posting maps (a walk of minisearch's radix tree), then the arrays.
    const termIds = new Map<string, number>();
    const lists: Array<Map<number, number> | undefined> = [];
    let total = 0;
    for (const [term, byField] of internals._index) {
      termIds.set(term, termIds.size);
      for (let f = 0; f < fieldCount; f++) {
        const list = byField.get(f);
        lists.push(list);
        total += list?.size ?? 0;
      }
      if ((++steps & 255) === 0) yield;
    }
    const offsets = new Int32Array(lists.length + 1);
    const ids = new Int32Array(total);
    let frequencies: Uint16Array | Uint32Array = new Uint16Array(total);
    let at = 0;
    for (let l = 0; l < lists.length; l++) {
      offsets[l] = at;
      const list = lists[l];
      if (list === undefined) continue;
      let end = copyPostings(list, idOf, ids, frequencies, at);
      if (end === TOO_FREQUENT) {
        frequencies = Uint32Array.from(frequencies);
        end = copyPostings(list, idOf, ids, frequencies, at);
      }
      // A posting of a removed document: minisearch skips it too (it never happens here).
      if (end === UNKNOWN_DOCUMENT) return undefined;
      at = end;
      steps += list.size;
      if (steps >= 4096) {
        steps = 0;
        yield;
      }
    }
    offsets[lists.length] = at;
    return new Postings(documents, termIds, offsets, ids, frequencies, norms, fieldBoosts);
  }

  /** {@link Postings.build} in one go. */
  static from<T>(
    search: MiniSearch<T>,
    boosts: Record<string, number>,
    documents: number,
  ): Postings | undefined {
    const steps = Postings.build(search, boosts, documents);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** The postings as data (the arrays themselves, not copies): see {@link Postings.fromData}. */
  toData(): PostingsData {
    return {
      documentCount: this.documentCount,
      terms: [...this.termIds.keys()],
      offsets: this.offsets,
      documents: this.documents,
      frequencies: this.frequencies,
      norms: this.norms,
      fieldBoosts: [...this.fieldBoosts],
    };
  }

  /**
   * Postings from {@link toData}'s data, checked to be consistent (every offset in order and in range,
   * every document number below the count): throws with the reason when they are not.
   */
  static fromData(data: PostingsData): Postings {
    const fail = (what: string): never => {
      throw new Error(`postings: ${what}`);
    };
    const { documentCount, terms, offsets, documents, frequencies, norms, fieldBoosts } = data;
    if (!Number.isInteger(documentCount) || documentCount < 0) fail('bad document count');
    if (!Array.isArray(terms) || !Array.isArray(norms) || !Array.isArray(fieldBoosts)) fail('bad shape');
    const fieldCount = fieldBoosts.length;
    if (fieldCount === 0 || fieldBoosts.some((b) => typeof b !== 'number' || !(b > 0))) fail('bad boosts');
    if (!(offsets instanceof Int32Array) || !(documents instanceof Int32Array)) fail('bad arrays');
    if (!(frequencies instanceof Uint16Array || frequencies instanceof Uint32Array)) fail('bad frequencies');
    if (norms.length !== fieldCount) fail('norms do not match the fields');
    for (const norm of norms) {
      if (!(norm instanceof Float64Array) || norm.length !== documentCount)
        fail('norms do not match the documents');
    }
    if (offsets.length !== terms.length * fieldCount + 1) fail('offsets do not match the terms');
    if (frequencies.length !== documents.length) fail('frequencies do not match the postings');
    if (offsets[0] !== 0 || offsets[offsets.length - 1] !== documents.length) fail('offsets out of range');
    for (let i = 1; i < offsets.length; i++) {
      if ((offsets[i] as number) < (offsets[i - 1] as number)) fail('offsets out of order');
    }
    for (let p = 0; p < documents.length; p++) {
      const doc = documents[p] as number;
      if (doc < 0 || doc >= documentCount) fail(`posting ${p} names document ${doc}`);
    }
    const termIds = new Map<string, number>();
    for (const term of terms) {
      if (typeof term !== 'string' || termIds.has(term)) fail('terms are not distinct strings');
      termIds.set(term, termIds.size);
    }
    return new Postings(documentCount, termIds, offsets, documents, frequencies, norms, fieldBoosts);
  }

  /** Bytes held by the typed arrays (postings, frequencies, offsets, norms, scratch once allocated). */
  get bytes(): number {
    let bytes = this.offsets.byteLength + this.documents.byteLength + this.frequencies.byteLength;
    for (const norm of this.norms) bytes += norm.byteLength;
    return bytes + (this.scratch?.bytes ?? 0);
  }

  /**
   * What minisearch's `search({ combineWith: 'OR', queries: [...query.keys()] }, { boost, boostTerm })`
   * with `boostTerm: (term) => query.get(term) ?? 1`, tokenizing on spaces, returns, cut with
   * `.slice(0, limit)`: the documents matching any term, best first, with their scores and matched terms.
   * With `accept`, only the documents it accepts (minisearch's `filter`).
   */
  search(query: ReadonlyMap<string, number>, limit: number, accept?: (id: number) => boolean): PostingsHit[] {
    // Each query term is a query of its own, cut on spaces; its words are searched one by one.
    const groups: QueryWord[][] = [];
    const seenWords = new Set<string>();
    for (const key of query.keys()) {
      const group: QueryWord[] = [];
      for (const term of key.length === 0 ? [] : key.split(' ')) {
        if (term.length === 0) continue;
        group.push({
          term,
          termId: this.termIds.get(term) ?? -1,
          boost: query.get(term) ?? 1,
          first: !seenWords.has(term),
        });
        seenWords.add(term);
      }
      groups.push(group);
    }
    const s = this.scratchSpace();
    let matched = 0;
    for (const group of groups) {
      if (group.length === 1) {
        const termCount = this.scoreWord(group[0] as QueryWord, s);
        // minisearch's OR: a document's score is the sum of its query terms' scores, in query order.
        for (let i = 0; i < termCount; i++) {
          const doc = s.termTouched[i] as number;
          if (s.order[doc] === 0) {
            s.order[doc] = ++matched;
            s.touched[matched - 1] = doc;
            s.total[doc] = s.termScore[doc] as number;
          } else {
            s.total[doc] = (s.total[doc] as number) + (s.termScore[doc] as number);
          }
        }
        continue;
      }
      // A query term with spaces: its words' scores are summed first, then added as one term's.
      const g = s.group;
      const groupStamp = ++s.stamp;
      let groupCount = 0;
      for (const word of group) {
        const termCount = this.scoreWord(word, s);
        for (let i = 0; i < termCount; i++) {
          const doc = s.termTouched[i] as number;
          if (g.mark[doc] !== groupStamp) {
            g.mark[doc] = groupStamp;
            g.touched[groupCount++] = doc;
            g.score[doc] = s.termScore[doc] as number;
          } else {
            g.score[doc] = (g.score[doc] as number) + (s.termScore[doc] as number);
          }
        }
      }
      for (let i = 0; i < groupCount; i++) {
        const doc = g.touched[i] as number;
        if (s.order[doc] === 0) {
          s.order[doc] = ++matched;
          s.touched[matched - 1] = doc;
          s.total[doc] = g.score[doc] as number;
        } else {
          s.total[doc] = (s.total[doc] as number) + (g.score[doc] as number);
        }
      }
    }
    const hits = this.best(s, matched, sliceEnd(limit, matched), accept);
    this.addMatchedTerms(hits, groups, s);
    for (let i = 0; i < matched; i++) {
      const doc = s.touched[i] as number;
      s.order[doc] = 0;
      s.words[doc] = 0;
    }
    if (s.stamp > 0x3fffffff) s.resetStamps();
    return hits;
  }

  /**
   * Scores one query word over its fields into `termScore` (minisearch's `termResults`); returns how many
   * documents it matched, listed in `termTouched` in the order they were first met.
   */
  private scoreWord(word: QueryWord, s: Scratch): number {
    const stamp = ++s.stamp;
    let count = 0;
    if (word.termId < 0) return 0;
    const { offsets, documents, frequencies, fieldCount } = this;
    for (let f = 0; f < fieldCount; f++) {
      const start = offsets[word.termId * fieldCount + f] as number;
      const end = offsets[word.termId * fieldCount + f + 1] as number;
      if (start === end) continue;
      const norms = this.norms[f] as Float64Array;
      const matchingFields = end - start;
      const invDocFreq = Math.log(1 + (this.documentCount - matchingFields + 0.5) / (matchingFields + 0.5));
      // termWeight (1 for an exact match) * termBoost * fieldBoost * docBoost (1) * rawScore, left to right.
      const weight = word.boost * (this.fieldBoosts[f] as number);
      for (let p = start; p < end; p++) {
        const doc = documents[p] as number;
        const termFreq = frequencies[p] as number;
        const rawScore = invDocFreq * (D + (termFreq * (K + 1)) / (termFreq + (norms[doc] as number)));
        const score = weight * rawScore;
        if (s.termMark[doc] !== stamp) {
          s.termMark[doc] = stamp;
          s.termTouched[count++] = doc;
          s.termScore[doc] = score;
          if (word.first) s.words[doc] = (s.words[doc] as number) + 1;
        } else {
          s.termScore[doc] = (s.termScore[doc] as number) + score;
        }
      }
    }
    return count;
  }

  /** The `end` best of the `matched` documents: score times words matched, ties in first-matched order. */
  private best(s: Scratch, matched: number, end: number, accept?: (id: number) => boolean): PostingsHit[] {
    if (end <= 0) return [];
    // A min-heap of the best so far, its worst at the root: lower score, or equal score and matched later.
    const heapDocs = new Int32Array(end);
    const heapScores = new Float64Array(end);
    let size = 0;
    const worse = (i: number, j: number) =>
      (heapScores[i] as number) < (heapScores[j] as number) ||
      (heapScores[i] === heapScores[j] &&
        (s.order[heapDocs[i] as number] as number) > (s.order[heapDocs[j] as number] as number));
    const swap = (i: number, j: number) => {
      const doc = heapDocs[i] as number;
      const score = heapScores[i] as number;
      heapDocs[i] = heapDocs[j] as number;
      heapScores[i] = heapScores[j] as number;
      heapDocs[j] = doc;
      heapScores[j] = score;
    };
    for (let i = 0; i < matched; i++) {
      const doc = s.touched[i] as number;
      if (accept !== undefined && !accept(doc)) continue;
      const score = (s.total[doc] as number) * (s.words[doc] as number);
      if (size < end) {
        heapDocs[size] = doc;
        heapScores[size] = score;
        for (let c = size++; c > 0; ) {
          const parent = (c - 1) >> 1;
          if (!worse(c, parent)) break;
          swap(c, parent);
          c = parent;
        }
      } else if (score > (heapScores[0] as number)) {
        // Documents come in first-matched order: an equal score never displaces an earlier document.
        heapDocs[0] = doc;
        heapScores[0] = score;
        for (let c = 0; ; ) {
          const left = 2 * c + 1;
          if (left >= size) break;
          const right = left + 1;
          const child = right < size && worse(right, left) ? right : left;
          if (!worse(child, c)) break;
          swap(child, c);
          c = child;
        }
      }
    }
    const hits: PostingsHit[] = [];
    for (let i = 0; i < size; i++) {
      hits.push({ id: heapDocs[i] as number, score: heapScores[i] as number, terms: [] });
    }
    return hits.sort((a, b) => b.score - a.score || (s.order[a.id] as number) - (s.order[b.id] as number));
  }

  /**
   * The query words each hit has, as minisearch lists them (`Object.keys` of its `match`): in the order
   * the document first matched them, array-index-like words (numbers) first, ascending.
   */
  private addMatchedTerms(hits: PostingsHit[], groups: QueryWord[][], s: Scratch): void {
    if (hits.length === 0) return;
    for (const [slot, hit] of hits.entries()) s.slot[hit.id] = slot + 1;
    const { offsets, documents, fieldCount } = this;
    for (const group of groups) {
      for (const word of group) {
        if (!word.first || word.termId < 0) continue;
        const start = offsets[word.termId * fieldCount] as number;
        const end = offsets[(word.termId + 1) * fieldCount] as number;
        for (let p = start; p < end; p++) {
          const slot = s.slot[documents[p] as number] as number;
          if (slot === 0) continue;
          const terms = (hits[slot - 1] as PostingsHit).terms;
          if (terms[terms.length - 1] !== word.term) terms.push(word.term);
        }
      }
    }
    for (const hit of hits) {
      s.slot[hit.id] = 0;
      if (hit.terms.some(isArrayIndex)) {
        const indices = hit.terms.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
        hit.terms = [...indices, ...hit.terms.filter((term) => !isArrayIndex(term))];
      }
    }
  }

  private scratchSpace(): Scratch {
    this.scratch ??= new Scratch(this.documentCount);
    return this.scratch;
  }
}

/** Per-document working arrays of a search; all zero between searches but the stamped ones. */
class Scratch {
  /** A document's score so far (valid once `order` is set). */
  readonly total: Float64Array;
  /** 1 + the rank at which the document was first matched in this search; 0 when not matched yet. */
  readonly order: Int32Array;
  /** The matched documents, in the order they were first matched. */
  readonly touched: Int32Array;
  /** How many distinct query words the document has. */
  readonly words: Int32Array;
  /** The current word's score of a document, valid where `termMark` is the word's stamp. */
  readonly termScore: Float64Array;
  readonly termMark: Int32Array;
  readonly termTouched: Int32Array;
  /** The same for a query term with spaces (never made by the query parser: allocated on first use). */
  private groupArrays: { score: Float64Array; mark: Int32Array; touched: Int32Array } | undefined;
  /** 1 + a hit's place among the results, while their terms are listed. */
  readonly slot: Int32Array;
  stamp = 0;

  constructor(documents: number) {
    this.total = new Float64Array(documents);
    this.order = new Int32Array(documents);
    this.touched = new Int32Array(documents);
    this.words = new Int32Array(documents);
    this.termScore = new Float64Array(documents);
    this.termMark = new Int32Array(documents);
    this.termTouched = new Int32Array(documents);
    this.slot = new Int32Array(documents);
  }

  get group(): { score: Float64Array; mark: Int32Array; touched: Int32Array } {
    const documents = this.total.length;
    this.groupArrays ??= {
      score: new Float64Array(documents),
      mark: new Int32Array(documents),
      touched: new Int32Array(documents),
    };
    return this.groupArrays;
  }

  get bytes(): number {
    return (
      this.total.length * (8 * 2 + 4 * 6) + (this.groupArrays === undefined ? 0 : this.total.length * 16)
    );
  }

  resetStamps(): void {
    this.termMark.fill(0);
    this.groupArrays?.mark.fill(0);
    this.stamp = 0;
  }
}

const TOO_FREQUENT = -1;
const UNKNOWN_DOCUMENT = -2;

/**
 * Copies one posting map (minisearch short id → term frequency) to `ids` and `frequencies` from `at`, in
 * the map's order; returns where it ended, or {@link TOO_FREQUENT} if a frequency does not fit in
 * `frequencies`, or {@link UNKNOWN_DOCUMENT}.
 */
function copyPostings(
  list: Map<number, number>,
  idOf: Int32Array,
  ids: Int32Array,
  frequencies: Uint16Array | Uint32Array,
  at: number,
): number {
  const max = frequencies instanceof Uint16Array ? 0xffff : 0xffffffff;
  let end = at;
  let problem = 0;
  list.forEach((frequency, shortId) => {
    const id = idOf[shortId] ?? -1;
    if (id < 0) problem = UNKNOWN_DOCUMENT;
    else if (frequency > max && problem === 0) problem = TOO_FREQUENT;
    ids[end] = id;
    frequencies[end] = frequency;
    end++;
  });
  return problem === 0 ? end : problem;
}

/** `Array.prototype.slice`'s end for `slice(0, limit)` of `length` items. */
function sliceEnd(limit: number, length: number): number {
  const end = Number.isNaN(limit) ? 0 : Math.trunc(limit);
  return end < 0 ? Math.max(length + end, 0) : Math.min(end, length);
}

/** Whether `key` is an array index, a property name that `Object.keys` lists first, ascending. */
function isArrayIndex(key: string): boolean {
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < 2 ** 32 - 1 && String(n) === key;
}
