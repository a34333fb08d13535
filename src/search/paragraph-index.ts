import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Corpus, Paragraph } from '../corpus/types.js';
import { type DocumentPart, entriesOf, MiniSearchLoader } from './minisearch-load.js';
import { Postings } from './postings.js';
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

/** Everything needed to rebuild an index without analysing the corpus again (plain data, JSON-safe). */
export interface IndexSnapshot {
  search: AsPlainObject;
  documentFrequency: Array<[string, number]>;
  spellings: Array<[string, string]>;
}

/**
 * A piece of an {@link IndexSnapshot}, for a snapshot handed over in pieces (from a worker thread): the
 * big parts, a slice at a time. See {@link ParagraphIndex.loader}.
 */
export type IndexSnapshotPart =
  | { part: DocumentPart; items: Iterable<[string, unknown]> }
  | { part: 'terms'; items: Iterable<AsPlainObject['index'][number]> }
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
 * same way, bit for bit, in a fraction of the time; minisearch keeps the index for snapshots.
 */
export class ParagraphIndex {
  private constructor(
    private readonly search: MiniSearch<IndexedDocument>,
    readonly paragraphs: readonly IndexedParagraph[],
    private readonly documentFrequency: Map<string, number>,
    private readonly vocabulary: SearchableMap<number>,
    /** Each written form of a word (lower case, accents folded) → its index term, for typo lookups. */
    private readonly spellings: SearchableMap<string>,
    /**
     * minisearch's postings as typed arrays, for `find`: made while a snapshot loads (in time slices), on
     * the first search of a built index (a worker thread builds indexes it never searches); `null` if
     * minisearch's internals are not the expected ones.
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
        for (const token of analyzer.analyze(paragraph.text)) {
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
        paragraphs.push({ ...paragraph, title: article.title });
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
    const paragraphs = corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
    if (snapshot.search.documentCount !== paragraphs) {
      throw new Error(
        `index snapshot has ${snapshot.search.documentCount} paragraphs, corpus has ${paragraphs}`,
      );
    }
    const loader = ParagraphIndex.loader(snapshot);
    const { search } = snapshot;
    for (const part of ['documentIds', 'fieldLength', 'storedFields'] as const) {
      await loader.add({ part, items: entriesOf(search[part]) });
    }
    await loader.add({ part: 'terms', items: search.index });
    await loader.add({ part: 'documentFrequency', items: snapshot.documentFrequency });
    await loader.add({ part: 'spellings', items: snapshot.spellings });
    return loader.finish(corpus);
  }

  /**
   * Rebuilds an index from a snapshot given in pieces: `header` is the snapshot with its big parts empty
   * (they are ignored), each piece is stored as it comes (in time slices), and `finish` assembles the index.
   * The pieces can be dropped once added: the main thread never holds the snapshot and the index at once.
   */
  static loader(header: IndexSnapshot): IndexSnapshotLoader {
    const slicer = new TimeSlicer();
    const search = new MiniSearchLoader<IndexedDocument>(header.search, SEARCH_OPTIONS, slicer);
    const documentFrequency = new Map<string, number>();
    const vocabulary = new SearchableMap<number>();
    const spellings = new SearchableMap<string>();
    return {
      async add(piece) {
        let i = 0;
        switch (piece.part) {
          case 'terms':
            return search.addTerms(piece.items);
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
            return search.addDocuments(piece.part, piece.items);
        }
      },
      async finish(corpus) {
        const paragraphs: IndexedParagraph[] = [];
        for (const article of corpus.articles) {
          for (const paragraph of article.paragraphs) paragraphs.push({ ...paragraph, title: article.title });
          await slicer.maybeYield();
        }
        if (header.search.documentCount !== paragraphs.length) {
          throw new Error(
            `index snapshot has ${header.search.documentCount} paragraphs, corpus has ${paragraphs.length}`,
          );
        }
        const loaded = await search.finish();
        const steps = Postings.build(loaded, FIELD_BOOST, paragraphs.length);
        let step = steps.next();
        for (; !step.done; step = steps.next()) await slicer.maybeYield();
        return new ParagraphIndex(
          loaded,
          paragraphs,
          documentFrequency,
          vocabulary,
          spellings,
          step.value ?? null,
        );
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

  toSnapshot(): IndexSnapshot {
    return {
      search: this.search.toJSON(),
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
    const family = [...this.vocabulary.atPrefix(root).keys()];
    return family.length <= FAMILY_MAX_SIZE ? family.filter((key) => key !== term) : [];
  }

  /**
   * Paragraphs matching any of the (already analysed) terms, best BM25 first, at most `limit`: minisearch's
   * OR search with each term boosted by its weight (see {@link Postings.search}).
   */
  find(terms: ReadonlyMap<string, number>, limit: number): Candidate[] {
    if (terms.size === 0) return [];
    this.postings ??= Postings.from(this.search, FIELD_BOOST, this.paragraphs.length) ?? null;
    if (this.postings === null) return this.findWithMiniSearch(terms, limit);
    return this.postings.search(terms, limit).map((hit) => ({
      paragraph: this.paragraphAt(hit.id),
      bm25: hit.score,
      matchedTerms: new Set(hit.terms),
    }));
  }

  /** {@link find} by minisearch's own search (what `Postings` reproduces), should its internals change. */
  private findWithMiniSearch(terms: ReadonlyMap<string, number>, limit: number): Candidate[] {
    const results = this.search.search(
      { combineWith: 'OR', queries: [...terms.keys()] },
      {
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
