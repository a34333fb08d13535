/**
 * An {@link EnginePreparer} that does the heavy work in a worker thread (`build-worker.ts`): reading and
 * parsing the seeds, checking the saved index, or building and saving a new one. The main thread only
 * receives the snapshot piece by piece (each piece asked for once the previous one is stored, so that
 * pieces never queue up) and rebuilds the engine with `Engine.fromSnapshotParts`, which stores each piece
 * in time slices and lets it go: the bot keeps answering, and its gateway heartbeat keeps beating, while a
 * large corpus is reloaded, and the main thread never holds the whole snapshot next to the new index.
 *
 * Transport-neutral: no discord.js. From TypeScript sources the worker is started under tsx (see
 * {@link startWorker}), so it works from `npm start`, from vitest, and from any working directory.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LoadProblem } from '../corpus/types.js';
import { Engine, type EngineSnapshot } from '../engine/engine.js';
import type { SnapshotPiece } from '../engine/snapshot-parts.js';
import type {
  EnginePreparer,
  IndexOrigin,
  Prepared,
  PrepareRequest,
  Verification,
} from './corpus-service.js';

/** The logger calls the preparer makes (pino's logger fits). */
export interface ServiceLogger {
  debug(fields: object, msg: string): void;
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

/** Main thread → worker. */
export type ToWorker =
  | {
      type: 'prepare';
      seedsDir: string;
      maxBytes: number;
      /** Where the index is saved (no saving without it). */
      cacheDir?: string;
      /** false: build even if the saved index matches (it could not be loaded). */
      useCache: boolean;
      /** Why the cache is not used, when `useCache` is false. */
      cacheMiss?: string;
    }
  | { type: 'next' };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'log'; level: 'debug' | 'info' | 'warn'; msg: string; fields: Record<string, unknown> }
  | { type: 'failed'; error: string; problems: LoadProblem[]; ignored: string[] }
  | {
      type: 'ready';
      problems: LoadProblem[];
      ignored: string[];
      index: IndexOrigin;
      header: Pick<EngineSnapshot, 'analysis'>;
      /** The worker has work left after the hand-over (it then sends `done`). */
      afterwards?: boolean;
    }
  | { type: 'piece'; piece: SnapshotPiece }
  | { type: 'end' }
  /** After `end`, for an index read by fingerprint: whether the seeds' content is what it was made from. */
  | { type: 'verified'; ok: boolean; reason?: string; checkMs?: number }
  /** The work after the hand-over is finished: the worker can be ended. */
  | { type: 'done' };

export interface WorkerPreparerOptions {
  /** The folder of the saved index; without it nothing is read or saved. */
  cacheDir?: string;
  logger?: ServiceLogger;
}

const isTypeScript = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(isTypeScript ? './build-worker.ts' : './build-worker.js', import.meta.url);

/** tsx's ESM registration API, by absolute URL (resolved from this file, not from the working directory). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, unknown> })
    .exports;
  const api = exports?.['./esm/api'] as { import?: { default?: string } } | undefined;
  return pathToFileURL(path.join(path.dirname(manifest), api?.import?.default ?? './dist/esm/api/index.mjs'))
    .href;
}

/**
 * Starts the build worker. From compiled JavaScript it is a plain worker. From TypeScript it is a small
 * bootstrap that registers tsx in the worker and then imports `build-worker.ts`: on Node 20,
 * `execArgv: ['--import', 'tsx']` does not apply tsx's hooks to a worker's entry file ("Unknown file
 * extension .ts"), whereas `register()` inside the worker does.
 */
function startWorker(): Worker {
  if (!isTypeScript) return new Worker(WORKER_URL);
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/** A worker that is ready: what it loaded, and its snapshot to receive piece by piece (once). */
interface ReadyWorker {
  ok: true;
  problems: LoadProblem[];
  ignored: string[];
  index: IndexOrigin;
  header: Pick<EngineSnapshot, 'analysis'>;
  pieces: AsyncIterable<SnapshotPiece>;
  /** For an index read by fingerprint: the worker's content check (the worker ends with it). */
  verified: Promise<Extract<FromWorker, { type: 'verified' }>>;
  /** The worker has work left after the hand-over: it ends itself when done (see `closeLater`). */
  afterwards: boolean;
  /** Ends the worker once its work after the hand-over is done (at the latest after a minute). */
  closeLater(): void;
  /** Ends the worker (done, or the pieces are not wanted any more). */
  close(): void;
}

type Started = ReadyWorker | Extract<Prepared, { ok: false }>;

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Starts one worker for one request. Resolves when it is ready (or refused); its pieces then come one per
 * request, each asked for when the previous one has been taken.
 */
function startRequest(
  request: Extract<ToWorker, { type: 'prepare' }>,
  logger?: ServiceLogger,
): Promise<Started> {
  return new Promise<Started>((resolveStart, rejectStart) => {
    const worker = startWorker();
    let stopped: Error | undefined;
    let started = false;
    let waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | undefined;
    let settleVerified: { resolve: (m: Extract<FromWorker, { type: 'verified' }>) => void } | undefined;
    const verified = new Promise<Extract<FromWorker, { type: 'verified' }>>((resolve) => {
      settleVerified = { resolve };
    });
    /** Whether the worker goes on after the hand-over (the content check). */
    let checking = false;
    const close = () => {
      if (!stopped) stopped = new Error('the index worker was closed');
      void worker.terminate();
      waiting?.reject(stopped);
      waiting = undefined;
    };
    const fail = (err: Error) => {
      if (stopped) return;
      stopped = err;
      void worker.terminate();
      if (!started) rejectStart(err);
      waiting?.reject(err);
      waiting = undefined;
      settleVerified?.resolve({ type: 'verified', ok: false, reason: `the check stopped: ${err.message}` });
    };
    const nextMessage = () =>
      new Promise<FromWorker>((resolve, reject) => {
        if (stopped) return reject(stopped);
        waiting = { resolve, reject };
        worker.postMessage({ type: 'next' } satisfies ToWorker);
      });
    async function* pieces(): AsyncGenerator<SnapshotPiece> {
      try {
        for (;;) {
          const message = await nextMessage();
          if (message.type === 'end') return;
          if (message.type === 'piece') yield message.piece;
        }
      } finally {
        if (!checking) close();
      }
    }
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'log':
          logger?.[message.level](message.fields, message.msg);
          return;
        case 'failed':
          if (started) {
            // During the hand-over (or the check): the pieces' reader gets the error.
            fail(new Error(message.error));
            return;
          }
          started = true;
          close();
          resolveStart({
            ok: false,
            error: message.error,
            problems: message.problems,
            ignored: message.ignored,
          });
          return;
        case 'ready': {
          started = true;
          const { problems, ignored, index, header } = message;
          const afterwards = message.afterwards === true;
          checking = index.verification === 'pending' || afterwards;
          const closeLater = () => {
            if (!afterwards) return close();
            setTimeout(close, 60_000).unref();
          };
          resolveStart({
            ok: true,
            problems,
            ignored,
            index,
            header,
            pieces: pieces(),
            verified,
            afterwards,
            closeLater,
            close,
          });
          return;
        }
        case 'done':
          close();
          return;
        case 'verified':
          settleVerified?.resolve(message);
          close();
          return;
        default: {
          const pending = waiting;
          waiting = undefined;
          pending?.resolve(message);
        }
      }
    });
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) =>
      fail(new Error(`the index worker stopped (exit code ${code}) before finishing`)),
    );
    worker.postMessage(request satisfies ToWorker);
  });
}

/**
 * Loads the seeds and makes the engine in a worker thread; uses and refreshes the saved index in
 * `options.cacheDir`. A saved index that the main thread cannot load after all is rebuilt over. A saved
 * index used on the strength of the seed files' fingerprint comes with its `verification`: the worker's
 * content check, logged, and when it fails, a rebuilt engine to swap in.
 */
export function workerPreparer(options: WorkerPreparerOptions = {}): EnginePreparer {
  const { cacheDir, logger } = options;
  const prepare = async (
    request: PrepareRequest,
    useCache: boolean,
    firstMiss?: string,
  ): Promise<Prepared> => {
    const base = { type: 'prepare' as const, seedsDir: request.seedsDir, maxBytes: request.maxBytes };
    const cache = cacheDir === undefined ? {} : { cacheDir };
    const miss = firstMiss === undefined ? {} : { cacheMiss: firstMiss };
    let started = await startRequest({ ...base, ...cache, useCache, ...miss }, logger);
    for (let attempt = 0; ; attempt++) {
      if (!started.ok) return started;
      const { header, pieces, problems, ignored, index, close, verified } = started;
      const began = performance.now();
      let engine: Engine;
      try {
        engine = await Engine.fromSnapshotParts(header, pieces);
        logger?.debug(
          { source: index.source, loadMs: Math.round(performance.now() - began) },
          'index handed over',
        );
      } catch (err) {
        close();
        if (index.source !== 'cache' || attempt > 0) {
          return { ok: false, error: `cannot load the index: ${errorMessage(err)}`, problems, ignored };
        }
        const cacheMiss = `it could not be loaded (${errorMessage(err)})`;
        logger?.warn({ reason: cacheMiss }, 'saved index not used, rebuilding');
        started = await startRequest({ ...base, ...cache, useCache: false, cacheMiss }, logger);
        continue;
      }
      if (index.verification !== 'pending') {
        started.closeLater();
        return { ok: true, engine, problems, ignored, index };
      }
      const verification = verified.then(async (result): Promise<Verification> => {
        close();
        if (result.ok) {
          logger?.info(
            { checkMs: result.checkMs },
            'saved index verified: the seeds are those it was made from',
          );
          return { ok: true };
        }
        const reason = result.reason ?? 'unknown';
        logger?.warn({ reason }, 'saved index does not match the seeds after all: rebuilding, then swapping');
        const rebuilt = await prepare(request, false, `it did not match the seeds (${reason})`);
        return { ok: false, reason, rebuilt };
      });
      return { ok: true, engine, problems, ignored, index, verification };
    }
  };
  return (request) => prepare(request, true);
}
