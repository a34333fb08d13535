/**
 * An engine snapshot cut in pieces, to hand it from a worker thread to the main thread a piece at a time
 * (each piece small enough to be received in a few milliseconds) and rebuild it there with
 * `Engine.fromSnapshotParts`, storing each piece as it comes.
 */
import type { AsPlainObject } from 'minisearch';
import type { Article } from '../corpus/types.js';
import type { DocumentPart } from '../search/minisearch-load.js';
import type { EngineSnapshot } from './engine.js';

/** A piece as plain arrays (structured-clone safe); a kind of `EngineSnapshotPart`. */
export type SnapshotPiece =
  | { part: 'articles'; items: Article[] }
  | { part: DocumentPart; items: Array<[string, unknown]> }
  | { part: 'terms'; items: AsPlainObject['index'] }
  | { part: 'documentFrequency'; items: Array<[string, number]> }
  | { part: 'spellings'; items: Array<[string, string]> };

/** About this much per piece: a few hundred KB, a few milliseconds to receive. */
export interface PieceSizes {
  paragraphs: number;
  postings: number;
  entries: number;
}

export const DEFAULT_PIECE_SIZES: PieceSizes = { paragraphs: 1_000, postings: 40_000, entries: 10_000 };

/** The snapshot without its articles and big index parts: the `header` of `Engine.fromSnapshotParts`. */
export function snapshotHeader(snapshot: EngineSnapshot): EngineSnapshot {
  return {
    analysis: snapshot.analysis,
    corpus: { articles: [] },
    index: {
      search: { ...snapshot.index.search, index: [], documentIds: {}, fieldLength: {}, storedFields: {} },
      documentFrequency: [],
      spellings: [],
    },
  };
}

/** The articles and big index parts of `snapshot`, in order, in pieces of about `sizes`. */
export function* snapshotPieces(
  snapshot: EngineSnapshot,
  sizes: PieceSizes = DEFAULT_PIECE_SIZES,
): Generator<SnapshotPiece> {
  let articles: Article[] = [];
  let paragraphs = 0;
  for (const article of snapshot.corpus.articles) {
    articles.push(article);
    paragraphs += article.paragraphs.length;
    if (paragraphs >= sizes.paragraphs) {
      yield { part: 'articles', items: articles };
      articles = [];
      paragraphs = 0;
    }
  }
  if (articles.length > 0) yield { part: 'articles', items: articles };

  const { search, documentFrequency, spellings } = snapshot.index;
  for (const part of ['documentIds', 'fieldLength', 'storedFields'] as const) {
    const keys = Object.keys(search[part]);
    for (let i = 0; i < keys.length; i += sizes.entries) {
      yield {
        part,
        items: keys.slice(i, i + sizes.entries).map((k): [string, unknown] => [k, search[part][k]]),
      };
    }
  }
  let terms: AsPlainObject['index'] = [];
  let postings = 0;
  for (const entry of search.index) {
    terms.push(entry);
    for (const field of Object.values(entry[1])) postings += Object.keys(field).length + 1;
    if (postings >= sizes.postings) {
      yield { part: 'terms', items: terms };
      terms = [];
      postings = 0;
    }
  }
  if (terms.length > 0) yield { part: 'terms', items: terms };
  for (let i = 0; i < documentFrequency.length; i += sizes.entries) {
    yield { part: 'documentFrequency', items: documentFrequency.slice(i, i + sizes.entries) };
  }
  for (let i = 0; i < spellings.length; i += sizes.entries) {
    yield { part: 'spellings', items: spellings.slice(i, i + sizes.entries) };
  }
}
