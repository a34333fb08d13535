/**
 * An engine snapshot cut in pieces, to hand it from a worker thread to the main thread a piece at a time
 * (each piece small enough to be received in a few milliseconds) and rebuild it there with
 * `Engine.fromSnapshotParts`, storing each piece as it comes. The postings are one piece of typed arrays:
 * {@link transferList} names their buffers, so that `postMessage` moves them instead of copying them.
 */
import { deserialize } from 'node:v8';
import type { Article, Paragraph } from '../corpus/types.js';
import type { PostingsData } from '../search/postings.js';
import type { EngineSnapshot } from './engine.js';

/** A piece as plain arrays (structured-clone safe); a kind of `EngineSnapshotPart`. */
export type SnapshotPiece =
  | { part: 'articles'; items: Article[] }
  /** Articles still `v8.serialize`d, as read from a saved index: decoded by {@link decodeArticles}. */
  | { part: 'articleBytes'; bytes: Uint8Array }
  | { part: 'postings'; data: PostingsData }
  | { part: 'documentFrequency'; items: Array<[string, number]> }
  | { part: 'spellings'; items: Array<[string, string]> };

/** About this much per piece: a few hundred KB, a few milliseconds to receive. */
export interface PieceSizes {
  paragraphs: number;
  entries: number;
}

export const DEFAULT_PIECE_SIZES: PieceSizes = { paragraphs: 1_000, entries: 10_000 };

/** What `Engine.fromSnapshotParts` needs besides the pieces. */
export function snapshotHeader(snapshot: EngineSnapshot): Pick<EngineSnapshot, 'analysis'> {
  return { analysis: snapshot.analysis };
}

/**
 * The articles and index parts of `snapshot`, in order, in pieces of about `sizes`; the articles are
 * `articleChunks` instead when given (a saved index's, still encoded: `snapshot.corpus` is then empty).
 */
export function* snapshotPieces(
  snapshot: EngineSnapshot,
  sizes: PieceSizes = DEFAULT_PIECE_SIZES,
  articleChunks?: readonly Uint8Array[],
): Generator<SnapshotPiece> {
  for (const bytes of articleChunks ?? []) yield { part: 'articleBytes', bytes };
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

  const { postings, documentFrequency, spellings } = snapshot.index;
  yield { part: 'postings', data: postings };
  for (let i = 0; i < documentFrequency.length; i += sizes.entries) {
    yield { part: 'documentFrequency', items: documentFrequency.slice(i, i + sizes.entries) };
  }
  for (let i = 0; i < spellings.length; i += sizes.entries) {
    yield { part: 'spellings', items: spellings.slice(i, i + sizes.entries) };
  }
}

/**
 * The buffers to transfer with `piece` (the postings' typed arrays), after making each array the sole
 * owner of its whole buffer (copying it otherwise: arrays read from a file can be views into it).
 * The piece's arrays are replaced by the copies where needed; once posted, they are unusable here.
 */
export function transferList(piece: SnapshotPiece): ArrayBuffer[] {
  if (piece.part === 'articleBytes') {
    // Always a copy with a buffer of its own (a Buffer's `slice` is a view): the original stays readable
    // here (the content check decodes it later).
    piece.bytes = new Uint8Array(piece.bytes);
    return [piece.bytes.buffer as ArrayBuffer];
  }
  if (piece.part !== 'postings') return [];
  const seen = new Set<ArrayBufferLike>();
  const own = <A extends Int32Array | Uint16Array | Uint32Array | Float64Array>(array: A): A => {
    const whole = array.byteOffset === 0 && array.byteLength === array.buffer.byteLength;
    const result =
      whole && !seen.has(array.buffer) && array.buffer instanceof ArrayBuffer ? array : (array.slice() as A);
    seen.add(result.buffer);
    return result;
  };
  const data = piece.data;
  data.offsets = own(data.offsets);
  data.documents = own(data.documents);
  data.frequencies = own(data.frequencies);
  data.norms = data.norms.map(own);
  return [...seen] as ArrayBuffer[];
}

/**
 * Articles from the bytes of `v8.serialize(articles)`, checked to be well formed (a saved index is never
 * trusted blindly, even with a good checksum). Throws with the reason otherwise.
 */
export function decodeArticles(bytes: Uint8Array): Article[] {
  const articles: unknown = deserialize(bytes);
  if (!Array.isArray(articles)) throw new Error('articles: not an array');
  for (let i = 0; i < articles.length; i++) {
    const a = articles[i] as Partial<Article> | null;
    if (typeof a !== 'object' || a === null || typeof a.file !== 'string' || typeof a.title !== 'string') {
      throw new Error(`articles: article ${i + 1} is malformed`);
    }
    if (!Array.isArray(a.paragraphs) || a.paragraphs.length === 0) {
      throw new Error(`articles: the paragraphs of ${a.file} are malformed`);
    }
    for (const p of a.paragraphs as Array<Partial<Paragraph> | null>) {
      if (
        typeof p !== 'object' ||
        p === null ||
        p.file !== a.file ||
        typeof p.id !== 'string' ||
        typeof p.text !== 'string' ||
        !Number.isInteger(p.number) ||
        !Number.isInteger(p.line) ||
        (p.heading !== undefined && typeof p.heading !== 'string')
      ) {
        throw new Error(`articles: a paragraph of ${a.file} is malformed`);
      }
    }
  }
  return articles as Article[];
}
