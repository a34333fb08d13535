import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Corpus, Paragraph } from '../corpus/types.js';
import { loadMiniSearchSliced } from './minisearch-load.js';
import { TimeSlicer } from './time-slice.js';

/** The pieces of the French analysis the index needs: text in, search terms (with their place) out. */
export interface TermAnalyzer {
  analyze(text: string): Array<{ term: string; start: number; end: number }>;
  terms(text: string): string[];
}

export interface IndexedParagraph extends Paragraph {
  title: string;
}

/** A paragraph minisearch ranked, with its BM25 score and the index terms that matched. */
export interface Candidate {
  paragraph: IndexedParagraph;
  bm25: number;
  matchedTerms: Set<string>;
}

/** Relative weight of each field in BM25: the paragraph's own words count most. */
const FIELD_BOOST = { text: 1, heading: 0.4, title: 0.25 };

/** Word families are guessed from roots of at least this many letters, and only when small. */
const FAMILY_MIN_ROOT = 5;
const FAMILY_MAX_SIZE = 8;

/** Everything needed to rebuild an index without analysing the corpus again (plain data, JSON-safe). */
export interface IndexSnapshot {
  search: AsPlainObject;
  documentFrequency: Array<[string, number]>;
  spellings: Array<[string, string]>;
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
 * spaces), so the question must be analysed the same way before searching.
 */
export class ParagraphIndex {
  private constructor(
    private readonly search: MiniSearch<IndexedDocument>,
    readonly paragraphs: readonly IndexedParagraph[],
    private readonly documentFrequency: Map<string, number>,
    private readonly vocabulary: SearchableMap<number>,
    /** Each written form of a word (lower case, accents folded) → its index term, for typo lookups. */
    private readonly spellings: SearchableMap<string>,
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
    const slicer = new TimeSlicer();
    const paragraphs: IndexedParagraph[] = [];
    for (const article of corpus.articles) {
      for (const paragraph of article.paragraphs) paragraphs.push({ ...paragraph, title: article.title });
      await slicer.maybeYield();
    }
    if (snapshot.search.documentCount !== paragraphs.length) {
      throw new Error(
        `index snapshot has ${snapshot.search.documentCount} paragraphs, corpus has ${paragraphs.length}`,
      );
    }
    const search = await loadMiniSearchSliced<IndexedDocument>(snapshot.search, SEARCH_OPTIONS, slicer);
    const documentFrequency = await mapSliced(snapshot.documentFrequency, slicer);
    const spellings = await mapSliced(snapshot.spellings, slicer);
    return new ParagraphIndex(
      search,
      paragraphs,
      documentFrequency,
      await searchableMapSliced(documentFrequency, slicer),
      await searchableMapSliced(spellings, slicer),
    );
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

  /** Paragraphs matching any of the (already analysed) terms, best BM25 first. */
  find(terms: ReadonlyMap<string, number>, limit: number): Candidate[] {
    if (terms.size === 0) return [];
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
    const paragraph = this.paragraphs[result.id as number];
    if (paragraph === undefined) throw new Error(`index returned unknown paragraph ${String(result.id)}`);
    return { paragraph, bm25: result.score, matchedTerms: new Set(result.terms) };
  }
}

async function mapSliced<K, V>(entries: ReadonlyArray<[K, V]>, slicer: TimeSlicer): Promise<Map<K, V>> {
  const map = new Map<K, V>();
  let i = 0;
  for (const [key, value] of entries) {
    map.set(key, value);
    if ((++i & 1023) === 0 && slicer.due) await slicer.yield();
  }
  return map;
}

/** `SearchableMap.from`, in time slices (a radix tree of a large vocabulary takes a while to build). */
async function searchableMapSliced<V>(
  map: ReadonlyMap<string, V>,
  slicer: TimeSlicer,
): Promise<SearchableMap<V>> {
  const tree = new SearchableMap<V>();
  let i = 0;
  for (const [key, value] of map) {
    tree.set(key, value);
    if ((++i & 255) === 0 && slicer.due) await slicer.yield();
  }
  return tree;
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
