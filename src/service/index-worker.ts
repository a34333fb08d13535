/**
 * An {@link EnginePreparer} that does the heavy work in a worker thread (`build-worker.ts`): reading and
 * parsing the seeds, checking the saved index, or building and saving a new one. The main thread only
 * receives the snapshot piece by piece (each piece asked for after the previous one is stored, one event
 * loop turn apart) and rebuilds the engine with `Engine.fromSnapshot`, which runs in time slices: the
 * bot keeps answering, and its gateway heartbeat keeps beating, while a large corpus is reloaded.
 *
 * Transport-neutral: no discord.js. From TypeScript sources the worker is started under tsx (see
 * {@link startWorker}), so it works from `npm start`, from vitest, and from any working directory.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AsPlainObject } from 'minisearch';
import type { Article, LoadProblem } from '../corpus/types.js';
import { Engine, type EngineSnapshot } from '../engine/engine.js';
import type { EnginePreparer, IndexOrigin, Prepared, PrepareRequest } from './corpus-service.js';

/** The logger calls the preparer makes (pino's logger fits). */
export interface ServiceLogger {
  debug(fields: object, msg: string): void;
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

export type SnapshotPart =
  | { part: 'articles'; items: Article[] }
  | { part: 'documentIds' | 'fieldLength' | 'storedFields'; items: Array<[string, unknown]> }
  | { part: 'terms'; items: AsPlainObject['index'] }
  | { part: 'documentFrequency'; items: Array<[string, number]> }
  | { part: 'spellings'; items: Array<[string, string]> };

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
      skeleton: EngineSnapshot;
    }
  | { type: 'piece'; piece: SnapshotPart }
  | { type: 'end' };

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

type Received =
  | { ok: true; snapshot: EngineSnapshot; problems: LoadProblem[]; ignored: string[]; index: IndexOrigin }
  | Extract<Prepared, { ok: false }>;

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Runs one worker for one request; resolves with the whole snapshot, or the worker's refusal. */
function runWorker(
  request: Extract<ToWorker, { type: 'prepare' }>,
  logger?: ServiceLogger,
): Promise<Received> {
  return new Promise<Received>((resolve, reject) => {
    const worker = startWorker();
    let settled = false;
    let snapshot: EngineSnapshot | undefined;
    let ready: Extract<FromWorker, { type: 'ready' }> | undefined;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      outcome();
    };
    // One piece at a time, a loop turn apart: nothing queues up to be received in one go.
    const askNext = () =>
      setImmediate(() => {
        if (!settled) worker.postMessage({ type: 'next' } satisfies ToWorker);
      });
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'log':
          logger?.[message.level](message.fields, message.msg);
          break;
        case 'failed':
          settle(() =>
            resolve({
              ok: false,
              error: message.error,
              problems: message.problems,
              ignored: message.ignored,
            }),
          );
          break;
        case 'ready':
          ready = message;
          snapshot = message.skeleton;
          askNext();
          break;
        case 'piece':
          if (snapshot) store(snapshot, message.piece);
          askNext();
          break;
        case 'end':
          if (!snapshot || !ready) {
            settle(() => reject(new Error('the index worker ended before sending its index')));
            break;
          }
          {
            const { problems, ignored, index } = ready;
            const whole = snapshot;
            settle(() => resolve({ ok: true, snapshot: whole, problems, ignored, index }));
          }
          break;
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the index worker stopped (exit code ${code}) before finishing`))),
    );
    worker.postMessage(request satisfies ToWorker);
  });
}

function store(snapshot: EngineSnapshot, piece: SnapshotPart): void {
  const search = snapshot.index.search;
  switch (piece.part) {
    case 'articles':
      for (const article of piece.items) snapshot.corpus.articles.push(article);
      break;
    case 'terms':
      for (const term of piece.items) search.index.push(term);
      break;
    case 'documentFrequency':
      for (const entry of piece.items) snapshot.index.documentFrequency.push(entry);
      break;
    case 'spellings':
      for (const entry of piece.items) snapshot.index.spellings.push(entry);
      break;
    default: {
      const target = search[piece.part] as Record<string, unknown>;
      for (const [key, value] of piece.items) target[key] = value;
    }
  }
}

/**
 * Loads the seeds and makes the engine in a worker thread; uses and refreshes the saved index in
 * `options.cacheDir`. A saved index that the main thread cannot load after all is rebuilt over.
 */
export function workerPreparer(options: WorkerPreparerOptions = {}): EnginePreparer {
  const { cacheDir, logger } = options;
  return async (request: PrepareRequest): Promise<Prepared> => {
    const base = { type: 'prepare' as const, seedsDir: request.seedsDir, maxBytes: request.maxBytes };
    const cache = cacheDir === undefined ? {} : { cacheDir };
    let received = await runWorker({ ...base, ...cache, useCache: true }, logger);
    for (let attempt = 0; ; attempt++) {
      if (!received.ok) return received;
      const { snapshot, problems, ignored, index } = received;
      const started = performance.now();
      try {
        const engine = await Engine.fromSnapshot(snapshot);
        logger?.debug(
          { source: index.source, loadMs: Math.round(performance.now() - started) },
          'index handed over',
        );
        return { ok: true, engine, problems, ignored, index };
      } catch (err) {
        if (index.source !== 'cache' || attempt > 0) {
          return { ok: false, error: `cannot load the index: ${errorMessage(err)}`, problems, ignored };
        }
        const cacheMiss = `it could not be loaded (${errorMessage(err)})`;
        logger?.warn({ reason: cacheMiss }, 'saved index not used, rebuilding');
        received = await runWorker({ ...base, ...cache, useCache: false, cacheMiss }, logger);
      }
    }
  };
}
