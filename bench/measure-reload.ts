/**
 * Starts and reloads as the bot does them (`CorpusService` with `workerPreparer`: the seeds are loaded
 * and the index built or read from the saved index in a worker thread, then handed over to the main
 * thread in pieces and swapped in), timed, with the longest event-loop stall seen meanwhile
 * (`monitorEventLoopDelay`, 1 ms resolution). Run in processes of their own by `bench/run.ts`; prints one
 * JSON object on its last stdout line.
 *
 *   node --expose-gc --import tsx bench/measure-reload.ts --size 1000 --cache-dir <empty dir> [--reloads 3]
 *   node --expose-gc --import tsx bench/measure-reload.ts --size 1000 --cache-dir <same dir> --saved-start
 *
 * The first form: a start with nothing saved (build, save), `reloads` reloads that build (the seeds
 * changed: each gets an empty index folder, so it builds and saves) and `reloads` reloads from the saved
 * index (the seeds did not change). The second, in a fresh process: a start from the saved index.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { CorpusService, type EnginePreparer, type ReloadReport } from '../src/service/corpus-service.js';
import { workerPreparer } from '../src/service/index-worker.js';
import { optionValue } from './lib/args.js';
import { corpusDir } from './lib/paths.js';

export interface Timed {
  ms: number;
  /** Longest event-loop stall during it. */
  maxStallMs: number;
  /** Longest garbage-collection pause of the main thread during it. */
  longestGcMs: number;
  /** Where the index came from: `built` or `cache`. */
  source: string;
  /** Peaks sampled every 50 ms: the process's RSS (worker included) and the main thread's V8 heap. */
  peakRssMb: number;
  peakMainHeapMb: number;
  /**
   * The service's log messages (worker and main thread) with when they came (ms from the start), and the
   * durations they report (`<message>.<field>`, e.g. `index built.buildMs`).
   */
  phases: Record<string, number>;
}

export interface ReloadMeasurement {
  size: number;
  /** First start with nothing saved: load, build and save (in the worker), hand over. */
  start?: Timed;
  /** Reloads that build a new index (seeds changed). */
  builds?: Timed[];
  /** Reloads from the saved index (seeds unchanged). */
  cached?: Timed[];
  /** A fresh process's start from the saved index. */
  savedStart?: Timed;
  /** Peak RSS of the process: during a reload the old and the new engine are both alive. */
  peakRssMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const MAX_BYTES = 2 * 1024 * 1024;

/** Where the service's log messages go while a start or reload is timed. */
let phases: Record<string, number> = {};
let phaseStart = 0;
const note = (fields: object, msg: string) => {
  phases[msg] ??= Math.round(performance.now() - phaseStart);
  for (const [key, value] of Object.entries(fields)) {
    if (key.endsWith('Ms') && typeof value === 'number') phases[`${msg}.${key}`] = value;
  }
};
export const phaseLogger = { debug: note, info: note, warn: note };

async function timed(run: () => Promise<ReloadReport>): Promise<Timed> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let longestGcMs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, 50);
  phases = {};
  delay.enable();
  const started = performance.now();
  phaseStart = started;
  const report = await run();
  const ms = performance.now() - started;
  // Let the monitor's timer fire once after the swap, so a stall at the very end is recorded.
  await new Promise((resolve) => setTimeout(resolve, 5));
  delay.disable();
  sample();
  clearInterval(sampler);
  gcObserver.disconnect();
  if (report.status !== 'ok') throw new Error(`reload failed: ${report.error ?? report.status}`);
  return {
    ms,
    maxStallMs: delay.max / 1e6,
    longestGcMs,
    source: report.index?.source ?? 'unknown',
    peakRssMb: peakRss / 2 ** 20,
    peakMainHeapMb: peakHeap / 2 ** 20,
    phases,
  };
}

export async function measureReload(
  size: number,
  options: { cacheDir: string; reloads: number; savedStart: boolean },
): Promise<ReloadMeasurement> {
  const log = (what: string, t: Timed) =>
    process.stderr.write(
      `  [reload ${size}] ${what}: ${Math.round(t.ms)} ms, stall ${Math.round(t.maxStallMs)} ms ` +
        `(${t.source}; longest GC ${Math.round(t.longestGcMs)} ms; peak RSS ${Math.round(t.peakRssMb)} MB, ` +
        `main heap ${Math.round(t.peakMainHeapMb)} MB)\n    phases ${JSON.stringify(t.phases)}\n`,
    );
  const seedsDir = corpusDir(size);
  if (options.savedStart) {
    const prepare = workerPreparer({ cacheDir: options.cacheDir, logger: phaseLogger });
    const service = new CorpusService({ seedsDir, maxBytes: MAX_BYTES, prepare });
    const savedStart = await timed(() => service.reload());
    log('start from the saved index', savedStart);
    return { size, savedStart, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  }

  // One service, as in the bot; each reload picks its index folder: the shared one (saved index
  // there), or a fresh empty one (nothing saved: build, then save).
  let folder = options.cacheDir;
  const prepare: EnginePreparer = (request) =>
    workerPreparer({ cacheDir: folder, logger: phaseLogger })(request);
  const service = new CorpusService({ seedsDir, maxBytes: MAX_BYTES, prepare });
  const start = await timed(() => service.reload());
  log('start, nothing saved', start);
  const cached: Timed[] = [];
  for (let i = 0; i < options.reloads; i++) {
    cached.push(await timed(() => service.reload()));
    log('reload from the saved index', cached.at(-1) as Timed);
  }
  const builds: Timed[] = [];
  for (let i = 0; i < options.reloads; i++) {
    folder = await mkdtemp(`${options.cacheDir}-build-`);
    try {
      builds.push(await timed(() => service.reload()));
      log('reload with a build', builds.at(-1) as Timed);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return { size, start, builds, cached, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const cacheDir = optionValue(argv, 'cache-dir');
  if (cacheDir === undefined) throw new Error('--cache-dir is required');
  const result = await measureReload(Number(optionValue(argv, 'size')), {
    cacheDir,
    reloads: Number(optionValue(argv, 'reloads') ?? 3),
    savedStart: argv.includes('--saved-start'),
  });
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}
