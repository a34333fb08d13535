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
import { snapshotHeader, snapshotPieces } from '../engine/snapshot-parts.js';
import type { IndexOrigin } from './corpus-service.js';
import { readIndexCache, writeIndexCache } from './index-cache.js';
import type { FromWorker, ToWorker } from './index-worker.js';

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

  send({ type: 'ready', problems, ignored, index: origin, header: snapshotHeader(snapshot) });
  const next = snapshotPieces(snapshot);
  port.on('message', (request: ToWorker) => {
    if (request.type !== 'next') return;
    const piece = next.next();
    send(piece.done ? { type: 'end' } : { type: 'piece', piece: piece.value });
  });
}
