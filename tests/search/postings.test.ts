/**
 * `ParagraphIndex.find` scores over compact postings (`src/search/postings.ts`) instead of calling
 * minisearch's `search`; these tests hold it to minisearch's results: the same paragraphs in the same
 * order (ties included), the same scores to the bit, the same matched terms, for random weighted queries.
 */
import fc from 'fast-check';
import MiniSearch, { type SearchResult } from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Article, Corpus } from '../../src/corpus/types.js';
import { createAnalyzer } from '../../src/search/analysis/analyzer.js';
import {
  FIELD_BOOST,
  type IndexedParagraph,
  ParagraphIndex,
  type TermAnalyzer,
} from '../../src/search/paragraph-index.js';
import { prng, SEEDS_DIR } from '../support/big-corpus.js';

const splitOnSpaces = (text: string) => (text.length === 0 ? [] : text.split(' '));
const keepTerm = (term: string) => term;

/** What `ParagraphIndex.find` did before: minisearch's own OR search with per-term boosts. */
function referenceFind(
  search: MiniSearch,
  terms: ReadonlyMap<string, number>,
  limit: number,
): SearchResult[] {
  if (terms.size === 0) return [];
  return search
    .search(
      { combineWith: 'OR', queries: [...terms.keys()] },
      {
        boost: FIELD_BOOST,
        tokenize: splitOnSpaces,
        processTerm: keepTerm,
        boostTerm: (term) => terms.get(term) ?? 1,
      },
    )
    .slice(0, limit);
}

/** The built index's own minisearch data (a private field), loaded by minisearch itself. */
function referenceSearch(index: ParagraphIndex): MiniSearch {
  const own = (index as unknown as { search: MiniSearch }).search;
  return MiniSearch.loadJS(JSON.parse(JSON.stringify(own)), {
    fields: ['text', 'heading', 'title'],
    tokenize: splitOnSpaces,
    processTerm: keepTerm,
  });
}

interface Ranked {
  ids: number[];
  scores: number[];
  terms: string[][];
}

function ranked(index: ParagraphIndex, terms: ReadonlyMap<string, number>, limit: number): Ranked {
  const numbers = new Map<IndexedParagraph, number>(index.paragraphs.map((p, i) => [p, i]));
  const found = index.find(terms, limit);
  return {
    ids: found.map((c) => numbers.get(c.paragraph) as number),
    scores: found.map((c) => c.bm25),
    terms: found.map((c) => [...c.matchedTerms]),
  };
}

function expectSameAsMiniSearch(
  index: ParagraphIndex,
  search: MiniSearch,
  terms: ReadonlyMap<string, number>,
  limit: number,
): void {
  const got = ranked(index, terms, limit);
  const want = referenceFind(search, terms, limit);
  expect(got.ids).toEqual(want.map((r) => r.id));
  // Within 1e-9 relative, and in fact identical: the same operations in the same order.
  for (const [i, score] of got.scores.entries()) {
    const expected = (want[i] as SearchResult).score;
    expect(Math.abs(score - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
  }
  expect(got.scores).toEqual(want.map((r) => r.score));
  expect(got.terms).toEqual(want.map((r) => r.terms));
}

/** A weighted query: known terms (and a few unknown ones, numbers, and rarely two terms with a space). */
function queryArbitrary(vocabulary: readonly string[]): fc.Arbitrary<Map<string, number>> {
  const known = fc.constantFrom(...vocabulary);
  const term = fc.oneof(
    { weight: 12, arbitrary: known },
    { weight: 1, arbitrary: fc.constantFrom('zzzinconnu', '', '2024', '7', '0') },
    { weight: 1, arbitrary: fc.tuple(known, known).map(([a, b]) => `${a} ${b}`) },
  );
  const boost = fc.oneof(
    fc.constantFrom(1, 0.5, 0.25, 0.35, 1.3, 0.7 * 0.5, 0),
    fc.double({ min: 0.01, max: 4, noNaN: true }),
  );
  return fc.array(fc.tuple(term, boost), { minLength: 1, maxLength: 14 }).map((entries) => new Map(entries));
}

const limitArbitrary = fc.oneof(
  fc.constant(24),
  fc.integer({ min: 0, max: 60 }),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.integer({ min: -4, max: -1 }),
);

function vocabularyOf(index: ParagraphIndex): string[] {
  return index.toSnapshot().postings.terms;
}

describe('ParagraphIndex.find ranks as minisearch', () => {
  describe('over the seeds', () => {
    let index: ParagraphIndex;
    let search: MiniSearch;
    let vocabulary: string[];
    beforeAll(async () => {
      const { corpus } = await loadCorpus(SEEDS_DIR);
      index = ParagraphIndex.build(corpus, createAnalyzer());
      search = referenceSearch(index);
      vocabulary = vocabularyOf(index);
    });

    it('the same paragraphs, order, scores and matched terms for random weighted queries', () => {
      fc.assert(
        fc.property(queryArbitrary(vocabulary), limitArbitrary, (terms, limit) => {
          expectSameAsMiniSearch(index, search, terms, limit);
        }),
        { seed: 20261122, numRuns: 300 },
      );
    });

    it('a query of nothing known finds nothing', () => {
      expect(index.find(new Map(), 24)).toEqual([]);
      expect(index.find(new Map([['zzzinconnu', 1]]), 24)).toEqual([]);
    });
  });

  describe('over a generated corpus of a few thousand paragraphs (many ties)', () => {
    const { corpus, analyzer } = generatedCorpus(3000, 7);
    let index: ParagraphIndex;
    let loaded: ParagraphIndex;
    let search: MiniSearch;
    let vocabulary: string[];
    beforeAll(async () => {
      index = ParagraphIndex.build(corpus, analyzer);
      loaded = await ParagraphIndex.fromSnapshot(structuredClone(index.toSnapshot()), corpus);
      search = referenceSearch(index);
      vocabulary = vocabularyOf(index);
    });

    it('has paragraphs with equal scores, so the order of ties is tested', () => {
      const common = vocabulary.reduce((a, b) => (index.frequency(b) > index.frequency(a) ? b : a));
      const found = index.find(new Map([[common, 1]]), Number.POSITIVE_INFINITY);
      expect(found.length).toBeGreaterThan(500);
      expect(new Set(found.map((c) => c.bm25)).size).toBeLessThan(found.length / 2);
    });

    it('the same paragraphs, order, scores and matched terms for random weighted queries', () => {
      fc.assert(
        fc.property(queryArbitrary(vocabulary), limitArbitrary, (terms, limit) => {
          expectSameAsMiniSearch(index, search, terms, limit);
        }),
        { seed: 7, numRuns: 300 },
      );
    });

    it('an index loaded from its snapshot ranks the same', () => {
      fc.assert(
        fc.property(queryArbitrary(vocabulary), limitArbitrary, (terms, limit) => {
          expect(ranked(loaded, terms, limit)).toEqual(ranked(index, terms, limit));
          expectSameAsMiniSearch(loaded, search, terms, limit);
        }),
        { seed: 11, numRuns: 100 },
      );
    });
  });
});

/**
 * Paragraphs of random words from a small vocabulary (skewed: a few words are everywhere, so term
 * frequencies above 1 and equal scores are common), with numbers among the words (minisearch lists such
 * matched terms first), titles shared by an article's paragraphs and some headings. The analyser is
 * the identity on words, so the test controls the terms.
 */
function generatedCorpus(paragraphs: number, seed: number): { corpus: Corpus; analyzer: TermAnalyzer } {
  const random = prng(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyzéè';
  const words: string[] = [];
  for (let i = 0; words.length < 400; i++) {
    if (i % 9 === 0) {
      words.push(String(Math.floor(random() * 3000)));
      continue;
    }
    let word = '';
    for (let n = 2 + Math.floor(random() * 7); n > 0; n--)
      word += letters[Math.floor(random() * letters.length)];
    words.push(word);
  }
  const word = () => words[Math.floor(words.length * random() ** 3)] as string;
  const phrase = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, word).join(' ');
  const articles: Article[] = [];
  let made = 0;
  while (made < paragraphs) {
    const file = `gen_${articles.length}.txt`;
    const count = Math.min(paragraphs - made, 1 + Math.floor(random() * 20));
    const heading = random() < 0.3 ? phrase(1, 3) : undefined;
    articles.push({
      file,
      title: phrase(2, 6),
      paragraphs: Array.from({ length: count }, (_, i) => ({
        id: `${file}#${i + 1}`,
        file,
        number: i + 1,
        line: i + 1,
        text: phrase(3, 40),
        ...(heading !== undefined && i > 0 ? { heading } : {}),
      })),
    });
    made += count;
  }
  const analyze = (text: string) =>
    [...text.matchAll(/\S+/g)].map((m) => ({ term: m[0], start: m.index, end: m.index + m[0].length }));
  return { corpus: { articles }, analyzer: { analyze, terms: (text) => analyze(text).map((t) => t.term) } };
}
