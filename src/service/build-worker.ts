/**
 * The index worker thread (started by `index-worker.ts`): reuses the saved index when it matches the seeds,
 * else loads and parses the seeds, builds the index and saves it — all off the main thread — then hands
 * the snapshot over piece by piece, each piece when the main thread asks for it, so that no single message
 * takes long to receive (the postings' typed arrays are transferred, not copied).
 *
 * A saved index whose seed-file fingerprint (`seeds-fingerprint.ts`) matches is handed over without
 * reading the seeds; the seeds are then loaded and compared with what it was made from, and the result
 * sent as `verified` (the main thread rebuilds when it fails). Otherwise the seeds are loaded first and
 * the saved index must match their content.
 *
 * One request per worker: the main thread starts a worker for each reload and ends it afterwards.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { loadCorpus } from '../corpus/load.js';
import type { Article, LoadResult } from '../corpus/types.js';
import { Engine, type EngineSnapshot } from '../engine/engine.js';
import { decodeArticles, snapshotHeader, snapshotPieces, transferList } from '../engine/snapshot-parts.js';
import type { IndexOrigin } from './corpus-service.js';
import {
  readIndexCache,
  refreshSeedsFingerprint,
  verifyAgainstSeeds,
  writeIndexCache,
} from './index-cache.js';
import type { FromWorker, ToWorker } from './index-worker.js';
import { seedsFingerprint } from './seeds-fingerprint.js';

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
  const analysis = Engine.snapshotVersion();
  const cacheDir = request.cacheDir;
  // Taken before the seeds are read: a file changed meanwhile makes the next start check the content.
  let seeds: string | undefined;
  if (cacheDir !== undefined) {
    seeds = await seedsFingerprint(request.seedsDir, request.maxBytes).catch(() => undefined);
  }
  if (cacheDir !== undefined && seeds !== undefined && request.useCache) {
    const readStarted = performance.now();
    const read = await readIndexCache(cacheDir, { seeds, analysis });
    if (read.ok) {
      const counts = {
        articles: read.snapshot.corpus.articles.length,
        paragraphs: paragraphCount(read.snapshot.corpus.articles),
      };
      log('info', 'saved index used', {
        check: 'seed files unchanged (names, sizes, times); their content is checked after the hand-over',
        file: read.file,
        createdAt: read.createdAt,
        bytes: read.bytes,
        ...counts,
        readMs: Math.round(performance.now() - readStarted),
        sinceStartMs: Math.round(performance.now() - started),
      });
      const { problems, ignored, snapshot, corpusHash } = read;
      const chunks = read.articleChunks ?? [];
      handOver(
        snapshot,
        { problems, ignored, index: { source: 'cache', verification: 'pending' } },
        () => {
          const corpus = { articles: chunks.flatMap((chunk) => decodeArticles(chunk)) };
          return verify(request, { corpusHash, corpus, problems, ignored });
        },
        chunks,
      );
      return;
    }
    log(read.missing ? 'debug' : 'info', 'saved index not matched by the seed files', {
      reason: read.reason,
    });
  }

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

  let snapshot: EngineSnapshot | undefined;
  let origin: IndexOrigin = { source: 'built' };
  let afterHandOver: (() => Promise<void>) | undefined;
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
      if (seeds !== undefined) {
        // The seed files were touched, not changed: the next start can match them by fingerprint.
        const fingerprint = seeds;
        afterHandOver = async () => {
          try {
            const refreshed = await refreshSeedsFingerprint(cacheDir, { corpusHash }, fingerprint);
            log('info', "saved index given the seed files' new fingerprint", { refreshed });
          } catch (err) {
            log('warn', "cannot record the seed files' new fingerprint", { error: message(err) });
          }
        };
      }
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
        const written = await writeIndexCache(cacheDir, {
          corpusHash,
          snapshot,
          ...(seeds === undefined ? {} : { seeds }),
          problems,
          ignored,
        });
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
  handOver(snapshot, { problems, ignored, index: origin }, afterHandOver);
}

/**
 * Sends `ready`, then a piece per `next` request, then `end`; then runs `after` (the content check of an
 * index read by fingerprint) while the main thread already serves the index.
 */
function handOver(
  snapshot: EngineSnapshot,
  ready: Omit<Extract<FromWorker, { type: 'ready' }>, 'type' | 'header'>,
  after?: () => Promise<void>,
  articleChunks?: readonly Uint8Array[],
): void {
  send({
    type: 'ready',
    ...ready,
    header: snapshotHeader(snapshot),
    ...(after === undefined ? {} : { afterwards: true }),
  });
  const next = snapshotPieces(snapshot, undefined, articleChunks);
  const onMessage = (request: ToWorker) => {
    if (request.type !== 'next') return;
    try {
      sendNext();
    } catch (err) {
      port.off('message', onMessage);
      send({
        type: 'failed',
        error: `cannot hand the index over: ${message(err)}`,
        problems: [],
        ignored: [],
      });
    }
  };
  const sendNext = () => {
    const piece = next.next();
    if (piece.done) {
      send({ type: 'end' });
      port.off('message', onMessage);
      Promise.resolve()
        .then(after)
        .catch((err) => send({ type: 'verified', ok: false, reason: `the check failed: ${message(err)}` }))
        .finally(() => send({ type: 'done' }));
      return;
    }
    port.postMessage({ type: 'piece', piece: piece.value } satisfies FromWorker, transferList(piece.value));
  };
  port.on('message', onMessage);
}

/**
 * The content check of an index read by fingerprint: loads the seeds as a start without a saved index
 * would, and compares them with what the index was made from.
 */
async function verify(
  request: Extract<ToWorker, { type: 'prepare' }>,
  saved: Parameters<typeof verifyAgainstSeeds>[0],
): Promise<void> {
  const started = performance.now();
  let loaded: LoadResult;
  try {
    loaded = await loadCorpus(request.seedsDir, { maxBytes: request.maxBytes });
  } catch (err) {
    send({ type: 'verified', ok: false, reason: `cannot read ${request.seedsDir}: ${message(err)}` });
    return;
  }
  const reason = verifyAgainstSeeds(saved, loaded);
  const checkMs = Math.round(performance.now() - started);
  send(
    reason === undefined
      ? { type: 'verified', ok: true, checkMs }
      : { type: 'verified', ok: false, reason, checkMs },
  );
}
