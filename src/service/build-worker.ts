/**
 * The index worker thread (started by `index-worker.ts`): loads and parses the seeds, reuses the saved
 * index when it matches them, else builds the index and saves it — all off the main thread — then hands
 * the snapshot over piece by piece, each piece when the main thread asks for it, so that no single message
 * takes long to receive.
 *
 * One request per worker: the main thread starts a worker for each reload and ends it afterwards.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { loadCorpus } from '../corpus/load.js';
import type { Article, LoadResult } from '../corpus/types.js';
import { Engine, type EngineSnapshot } from '../engine/engine.js';
import type { IndexOrigin } from './corpus-service.js';
import { readIndexCache, writeIndexCache } from './index-cache.js';
import type { FromWorker, SnapshotPart, ToWorker } from './index-worker.js';

/** About this many paragraphs (or postings, or entries) per piece: a few hundred KB, a few ms to receive. */
const PARAGRAPHS_PER_PIECE = 1_000;
const POSTINGS_PER_PIECE = 40_000;
const ENTRIES_PER_PIECE = 10_000;

if (!parentPort) throw new Error('build-worker.ts runs as a worker thread (see index-worker.ts)');
const port = parentPort;

/** Niceness of this thread: on a machine with few cores, the main thread gets a CPU first. */
const WORKER_NICENESS = 10;

const send = (message: FromWorker) => port.postMessage(message);
const log = (level: 'debug' | 'info' | 'warn', msg: string, fields: Record<string, unknown> = {}) =>
  send({ type: 'log', level, msg, fields });
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const paragraphCount = (articles: readonly Article[]) =>
  articles.reduce((n, a) => n + a.paragraphs.length, 0);

/**
 * Lowers this thread's CPU priority (Linux: a thread has its own niceness, and `/proc/thread-self` names
 * it). The build is long and can wait; the main thread's timers and gateway heartbeat cannot.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) {
      setPriority(tid, WORKER_NICENESS);
      log('debug', 'index worker priority lowered', { niceness: WORKER_NICENESS });
    }
  } catch {
    // Not Linux, or not allowed: the worker runs at the process's priority.
  }
}

port.once('message', (request: ToWorker) => {
  lowerPriority();
  if (request.type !== 'prepare') return;
  prepare(request).catch((err) => {
    send({ type: 'failed', error: `the index worker failed: ${message(err)}`, problems: [], ignored: [] });
  });
});

async function prepare(request: Extract<ToWorker, { type: 'prepare' }>): Promise<void> {
  const started = performance.now();
  let loaded: LoadResult;
  try {
    loaded = await loadCorpus(request.seedsDir, { maxBytes: request.maxBytes });
  } catch (err) {
    send({
      type: 'failed',
      error: `cannot read ${request.seedsDir}: ${message(err)}`,
      problems: [],
      ignored: [],
    });
    return;
  }
  const { corpus, problems, ignored, corpusHash } = loaded;
  if (corpus.articles.length === 0) {
    send({ type: 'failed', error: 'no article could be loaded', problems, ignored });
    return;
  }
  const counts = { articles: corpus.articles.length, paragraphs: paragraphCount(corpus.articles) };
  log('debug', 'seeds loaded', { ...counts, loadMs: Math.round(performance.now() - started) });

  const analysis = Engine.snapshotVersion();
  let snapshot: EngineSnapshot | undefined;
  let origin: IndexOrigin = { source: 'built' };
  const cacheDir = request.cacheDir;
  if (cacheDir !== undefined && corpusHash === undefined) {
    origin.cacheMiss = 'the loader gave no corpus hash';
  } else if (cacheDir !== undefined && corpusHash !== undefined && request.useCache) {
    const readStarted = performance.now();
    const read = await readIndexCache(cacheDir, { corpusHash, analysis, corpus });
    if (read.ok) {
      snapshot = read.snapshot;
      origin = { source: 'cache' };
      log('info', 'saved index used', {
        file: read.file,
        createdAt: read.createdAt,
        bytes: read.bytes,
        ...counts,
        readMs: Math.round(performance.now() - readStarted),
      });
    } else {
      origin.cacheMiss = read.reason;
      log(read.missing ? 'info' : 'warn', 'saved index not used, rebuilding', {
        file: read.file,
        reason: read.reason,
      });
    }
  } else if (cacheDir !== undefined) {
    origin.cacheMiss = request.cacheMiss ?? 'not read';
  }

  if (snapshot === undefined) {
    const buildStarted = performance.now();
    log('info', 'building the index', counts);
    try {
      snapshot = Engine.build(corpus).toSnapshot();
    } catch (err) {
      send({ type: 'failed', error: `cannot build the index: ${message(err)}`, problems, ignored });
      return;
    }
    log('info', 'index built', { ...counts, buildMs: Math.round(performance.now() - buildStarted) });
    if (cacheDir !== undefined && corpusHash !== undefined) {
      const saveStarted = performance.now();
      log('info', 'saving the index', { dir: cacheDir });
      try {
        const written = await writeIndexCache(cacheDir, { corpusHash, snapshot });
        origin.saved = true;
        log('info', 'index saved', {
          file: written.file,
          bytes: written.bytes,
          saveMs: Math.round(performance.now() - saveStarted),
          ...(written.removedTemps.length > 0 ? { removedTemps: written.removedTemps } : {}),
        });
      } catch (err) {
        origin.saved = false;
        origin.saveError = message(err);
        log('warn', 'cannot save the index', { dir: cacheDir, error: origin.saveError });
      }
    }
  }

  const { skeleton, pieces } = split(snapshot);
  send({ type: 'ready', problems, ignored, index: origin, skeleton });
  const next = pieces[Symbol.iterator]();
  port.on('message', (request: ToWorker) => {
    if (request.type !== 'next') return;
    const piece = next.next();
    send(piece.done ? { type: 'end' } : { type: 'piece', piece: piece.value });
  });
}

/** The snapshot without its big parts, and the big parts in pieces, in order. */
function split(snapshot: EngineSnapshot): { skeleton: EngineSnapshot; pieces: Iterable<SnapshotPart> } {
  const { search, documentFrequency, spellings } = snapshot.index;
  const skeleton: EngineSnapshot = {
    analysis: snapshot.analysis,
    corpus: { articles: [] },
    index: {
      search: { ...search, index: [], documentIds: {}, fieldLength: {}, storedFields: {} },
      documentFrequency: [],
      spellings: [],
    },
  };
  function* pieces(): Generator<SnapshotPart> {
    let articles: Article[] = [];
    let size = 0;
    for (const article of snapshot.corpus.articles) {
      articles.push(article);
      size += article.paragraphs.length;
      if (size >= PARAGRAPHS_PER_PIECE) {
        yield { part: 'articles', items: articles };
        articles = [];
        size = 0;
      }
    }
    if (articles.length > 0) yield { part: 'articles', items: articles };

    for (const part of ['documentIds', 'fieldLength', 'storedFields'] as const) {
      yield* inPieces(part, Object.entries(search[part]), ENTRIES_PER_PIECE);
    }
    let terms: typeof search.index = [];
    let postings = 0;
    for (const entry of search.index) {
      terms.push(entry);
      for (const field of Object.values(entry[1])) postings += Object.keys(field).length + 1;
      if (postings >= POSTINGS_PER_PIECE) {
        yield { part: 'terms', items: terms };
        terms = [];
        postings = 0;
      }
    }
    if (terms.length > 0) yield { part: 'terms', items: terms };
    yield* inPieces('documentFrequency', documentFrequency, ENTRIES_PER_PIECE);
    yield* inPieces('spellings', spellings, ENTRIES_PER_PIECE);
  }
  return { skeleton, pieces: pieces() };
}

function* inPieces<P extends SnapshotPart['part']>(
  part: P,
  items: unknown[],
  size: number,
): Generator<SnapshotPart> {
  for (let i = 0; i < items.length; i += size) {
    yield { part, items: items.slice(i, i + size) } as SnapshotPart;
  }
}
