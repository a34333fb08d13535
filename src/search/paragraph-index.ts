import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { searchableText } from '../corpus/parse.js';
import type { Corpus, Paragraph } from '../corpus/types.js';
import { Postings, type PostingsData } from './postings.js';
import { TimeSlicer } from './time-slice.js';

/** The pieces of the French analysis the index needs: text in, search terms (with their place) out. */
export interface TermAnalyzer {
  analyze(text: string): Array<{ term: string; start: number; end: number }>;
  terms(text: string): string[];
}

export interface IndexedParagraph extends Paragraph {
  title: string;
}

/** A paragraph ranked by BM25 (minisearch's), with its score and the index terms that matched. */
export interface Candidate {
  paragraph: IndexedParagraph;
  bm25: number;
  matchedTerms: Set<string>;
}

/** Relative weight of each field in BM25: the paragraph's own words count most. */
export const FIELD_BOOST = { text: 1, heading: 0.4, title: 0.25 };

/** Word families are guessed from roots of at least this many letters, and only when small. */
const FAMILY_MIN_ROOT = 5;
const FAMILY_MAX_SIZE = 8;
/**
 * Prefixes of five letters that start many unrelated words ("interet" is no relative of "intervient"):
 * as a root, they say nothing. In a large corpus their families are too big anyway; in a small one not.
 */
const PREFIXES_NOT_ROOTS = new Set([
  'inter',
  'intra',
  'trans',
  'super',
  'hyper',
  'ultra',
  'extra',
  'infra',
  'multi',
  'micro',
  'macro',
  'contr',
  'entre',
]);

/**
 * Everything needed to rebuild an index without analysing the corpus again: plain data and typed arrays
 * (structured-clone safe, not JSON). The postings are those `find` searches; minisearch's own index is
 * not kept, so a loaded index has no minisearch at all.
 */
export interface IndexSnapshot {
  postings: PostingsData;
  documentFrequency: Array<[string, number]>;
  spellings: Array<[string, string]>;
}

/**
 * A piece of an {@link IndexSnapshot}, for a snapshot handed over in pieces (from a worker thread): the
 * postings in one piece (typed arrays, transferred rather than copied), the rest a slice at a time. See
 * {@link ParagraphIndex.loader}.
 */
export type IndexSnapshotPart =
  | { part: 'postings'; data: PostingsData }
  | { part: 'documentFrequency'; items: Iterable<[string, number]> }
  | { part: 'spellings'; items: Iterable<[string, string]> };

/** Rebuilds an index from a snapshot's header and pieces; see {@link ParagraphIndex.loader}. */
export interface IndexSnapshotLoader {
  add(part: IndexSnapshotPart): Promise<void>;
  /** The index over `corpus`, the articles the snapshot was built from (same articles, same order). */
  finish(corpus: Corpus): Promise<ParagraphIndex>;
}

const SEARCH_OPTIONS: Options<IndexedDocument> = {
  fields: ['text', 'heading', 'title'],
  tokenize: splitOnSpaces,
  processTerm: keepTerm,
};

interface IndexedDocument {
  id: number;
  text: string;
  heading: string;
  title: string;
}

/**
 * BM25 over paragraphs. Each paragraph is analysed once; minisearch indexes the analysed terms (joined by
 * spaces), so the question must be analysed the same way before searching. Searches do not go through
 * minisearch's `search` but through a compact copy of its postings ({@link Postings}), which ranks the
 * same way, bit for bit, in a fraction of the time. Snapshots carry those postings, not minisearch's
 * index: an index loaded from a snapshot has no minisearch (`search` is undefined).
 */
export class ParagraphIndex {
  private constructor(
    /** minisearch's index, for a built index only (the postings are made from it). */
    private readonly search: MiniSearch<IndexedDocument> | undefined,
    readonly paragraphs: readonly IndexedParagraph[],
    private readonly documentFrequency: Map<string, number>,
    private readonly vocabulary: SearchableMap<number>,
    /** Each written form of a word (lower case, accents folded) → its index term, for typo lookups. */
    private readonly spellings: SearchableMap<string>,
    /**
     * minisearch's postings as typed arrays, for `find`: a loaded index gets them from its snapshot; a
     * built one makes them on its first search or snapshot (a worker thread builds indexes it never
     * searches); `null` if minisearch's internals are not the expected ones.
     */
    private postings: Postings | null | undefined,
  ) {}

  static build(corpus: Corpus, analyzer: TermAnalyzer): ParagraphIndex {
    const paragraphs: IndexedParagraph[] = [];
    const documents: IndexedDocument[] = [];
    const documentFrequency = new Map<string, number>();
    const spellings = new Map<string, string>();
    // Folding accents is costly; each written form is folded once, however often it occurs.
    const seenForms = new Set<string>();
    for (const article of corpus.articles) {
      const titleTerms = analyzer.terms(article.title);
      const headingTermsCache = new Map<string, string>();
      for (const paragraph of article.paragraphs) {
        const textTerms: string[] = [];
        for (const token of analyzer.analyze(searchableText(paragraph.text))) {
          textTerms.push(token.term);
          const form = paragraph.text.slice(token.start, token.end);
          if (seenForms.has(form)) continue;
          seenForms.add(form);
          const spelling = foldSpelling(form);
          if (!spellings.has(spelling)) spellings.set(spelling, token.term);
        }
        for (const term of new Set(textTerms)) {
          documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
        }
        const heading = paragraph.heading ?? '';
        let headingTerms = headingTermsCache.get(heading);
        if (headingTerms === undefined) {
          headingTerms = analyzer.terms(heading).join(' ');
          headingTermsCache.set(heading, headingTerms);
        }
        documents.push({
          id: paragraphs.length,
          text: textTerms.join(' '),
          heading: headingTerms,
          title: titleTerms.join(' '),
        });
        paragraphs.push(indexedParagraph(paragraph, article.title));
      }
    }
    const search = new MiniSearch<IndexedDocument>(SEARCH_OPTIONS);
    search.addAll(documents);
    return ParagraphIndex.assemble(search, paragraphs, documentFrequency, spellings);
  }

  /**
   * Rebuilds an index from its snapshot and the corpus it was built from (same articles, same order).
   * Every step runs in time slices of a few milliseconds (see `TimeSlicer`), so a big index loads without
   * freezing the process: timers, sockets and a gateway heartbeat keep running meanwhile.
   */
  static async fromSnapshot(snapshot: IndexSnapshot, corpus: Corpus): Promise<ParagraphIndex> {
    const loader = ParagraphIndex.loader();
    await loader.add({ part: 'postings', data: snapshot.postings });
    await loader.add({ part: 'documentFrequency', items: snapshot.documentFrequency });
    await loader.add({ part: 'spellings', items: snapshot.spellings });
    return loader.finish(corpus);
  }

  /**
   * Rebuilds an index from a snapshot given in pieces: each piece is stored as it comes (in time slices),
   * and `finish` assembles the index. The pieces can be dropped once added.
   */
  static loader(): IndexSnapshotLoader {
    const slicer = new TimeSlicer();
    let postings: Postings | undefined;
    const documentFrequency = new Map<string, number>();
    const vocabulary = new SearchableMap<number>();
    const spellings = new SearchableMap<string>();
    return {
      async add(piece) {
        let i = 0;
        switch (piece.part) {
          case 'postings':
            if (postings !== undefined) throw new Error('index snapshot has two sets of postings');
            postings = Postings.fromData(piece.data);
            return;
          case 'documentFrequency':
            for (const [term, count] of piece.items) {
              documentFrequency.set(term, count);
              vocabulary.set(term, count);
              if ((++i & 255) === 0 && slicer.due) await slicer.yield();
            }
            return;
          case 'spellings':
            for (const [spelling, term] of piece.items) {
              spellings.set(spelling, term);
              if ((++i & 255) === 0 && slicer.due) await slicer.yield();
            }
            return;
          default:
            throw new Error(`unknown index snapshot part ${String((piece as { part?: unknown }).part)}`);
        }
      },
      async finish(corpus) {
        const paragraphs: IndexedParagraph[] = [];
        for (const article of corpus.articles) {
          for (const paragraph of article.paragraphs)
            paragraphs.push(indexedParagraph(paragraph, article.title));
          await slicer.maybeYield();
        }
        if (postings === undefined) throw new Error('index snapshot has no postings');
        if (postings.documentCount !== paragraphs.length) {
          throw new Error(
            `index snapshot has ${postings.documentCount} paragraphs, corpus has ${paragraphs.length}`,
          );
        }
        return new ParagraphIndex(undefined, paragraphs, documentFrequency, vocabulary, spellings, postings);
      },
    };
  }

  private static assemble(
    search: MiniSearch<IndexedDocument>,
    paragraphs: IndexedParagraph[],
    documentFrequency: Map<string, number>,
    spellings: Map<string, string>,
  ): ParagraphIndex {
    return new ParagraphIndex(
      search,
      paragraphs,
      documentFrequency,
      SearchableMap.from<number>(documentFrequency.entries()),
      SearchableMap.from<string>(spellings.entries()),
      undefined,
    );
  }

  /** The index as data; throws if its postings cannot be made (minisearch's internals changed). */
  toSnapshot(): IndexSnapshot {
    const postings = this.compactPostings();
    if (postings === null) throw new Error('cannot snapshot the index: its postings could not be made');
    return {
      postings: postings.toData(),
      documentFrequency: [...this.documentFrequency],
      spellings: [...this.spellings.entries()],
    };
  }

  get size(): number {
    return this.paragraphs.length;
  }

  /** How many paragraphs contain the term. */
  frequency(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /** BM25's inverse document frequency; a term no paragraph has gets the highest value. */
  idf(term: string): number {
    const n = this.paragraphs.length;
    const df = this.frequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Index terms of the words written within `maxDistance` edits of `word` ("financment" → financement's term). */
  closeTerms(word: string, maxDistance: number): string[] {
    if (maxDistance === 0) return [];
    const close = new Set<string>();
    for (const [term] of this.spellings.fuzzyGet(foldSpelling(word), maxDistance).values()) close.add(term);
    return [...close];
  }

  /**
   * Index terms of the same word family as `term`: those starting with its first letters (all but the last
   * three, at least five), as long as few do, so that only a distinctive root is trusted.
   */
  sameFamilyTerms(term: string): string[] {
    if (term.length < FAMILY_MIN_ROOT + 1 || /\d/.test(term)) return [];
    const root = term.slice(0, Math.max(FAMILY_MIN_ROOT, term.length - 3));
    if (PREFIXES_NOT_ROOTS.has(root)) return [];
    const family = [...this.vocabulary.atPrefix(root).keys()];
    return family.length <= FAMILY_MAX_SIZE ? family.filter((key) => key !== term) : [];
  }

  /**
   * Paragraphs matching any of the (already analysed) terms, best BM25 first, at most `limit`: minisearch's
   * OR search with each term boosted by its weight (see {@link Postings.search}). With `within`, only the
   * paragraphs it accepts.
   */
  find(
    terms: ReadonlyMap<string, number>,
    limit: number,
    within?: (paragraph: IndexedParagraph) => boolean,
  ): Candidate[] {
    if (terms.size === 0) return [];
    const postings = this.compactPostings();
    if (postings === null) return this.findWithMiniSearch(terms, limit, within);
    const accept = within === undefined ? undefined : (id: number) => within(this.paragraphAt(id));
    return postings.search(terms, limit, accept).map((hit) => ({
      paragraph: this.paragraphAt(hit.id),
      bm25: hit.score,
      matchedTerms: new Set(hit.terms),
    }));
  }

  /** The postings, made from minisearch's index the first time for a built index; null if they cannot be. */
  private compactPostings(): Postings | null {
    if (this.postings === undefined) {
      this.postings =
        this.search === undefined
          ? null
          : (Postings.from(this.search, FIELD_BOOST, this.paragraphs.length) ?? null);
    }
    return this.postings;
  }

  /** {@link find} by minisearch's own search (what `Postings` reproduces), should its internals change. */
  private findWithMiniSearch(
    terms: ReadonlyMap<string, number>,
    limit: number,
    within?: (paragraph: IndexedParagraph) => boolean,
  ): Candidate[] {
    if (this.search === undefined) throw new Error('index has neither postings nor minisearch');
    const results = this.search.search(
      { combineWith: 'OR', queries: [...terms.keys()] },
      {
        ...(within === undefined
          ? {}
          : { filter: (result) => within(this.paragraphAt(result.id as number)) }),
        boost: FIELD_BOOST,
        tokenize: splitOnSpaces,
        processTerm: keepTerm,
        boostTerm: (term) => terms.get(term) ?? 1,
      },
    );
    return results.slice(0, limit).map((result) => this.toCandidate(result));
  }

  private toCandidate(result: SearchResult): Candidate {
    return {
      paragraph: this.paragraphAt(result.id as number),
      bm25: result.score,
      matchedTerms: new Set(result.terms),
    };
  }

  private paragraphAt(id: number): IndexedParagraph {
    const paragraph = this.paragraphs[id];
    if (paragraph === undefined) throw new Error(`index returned unknown paragraph ${String(id)}`);
    return paragraph;
  }
}

/**
 * `{ ...paragraph, title }`, the same properties in the same order, made as a literal: several times
 * faster than a spread over 100,000 paragraphs (the copy is made while a saved index loads).
 */
function indexedParagraph(p: Paragraph, title: string): IndexedParagraph {
  return p.heading === undefined
    ? { id: p.id, file: p.file, number: p.number, line: p.line, text: p.text, title }
    : { id: p.id, file: p.file, number: p.number, line: p.line, text: p.text, heading: p.heading, title };
}

/** Lower case without accents: how a typed word is compared with the words of the articles. */
function foldSpelling(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

function splitOnSpaces(text: string): string[] {
  return text.length === 0 ? [] : text.split(' ');
}

function keepTerm(term: string): string {
  return term;
}
