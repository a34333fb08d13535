/**
 * Measures how long a reload blocks the main thread's event loop, on a large generated corpus.
 *
 *   npx tsx scripts/measure-reload.ts [--paragraphs 20000] [--dir <seeds folder>] [--in-thread]
 *
 * Generates `--paragraphs` paragraphs (the seeds' sentences recombined, with invented words so that the
 * vocabulary grows) in a temp folder, or uses `--dir`. Then, with `perf_hooks.monitorEventLoopDelay`
 * (1 ms resolution) and a 1 ms interval timer watching for gaps:
 *   1. the idle loop, as a baseline (on a busy machine the scheduler alone makes gaps);
 *   2. a reload through the worker with no saved index (build + save in the worker);
 *   3. a reload through the worker from the saved index;
 *   4. with --in-thread, the old way (load and build on the main thread), for comparison.
 * Prints, for each: duration, the longest stall, the 99th percentile delay, the longest main-thread GC
 * pause, and the phases (log messages) during which the longest gaps happened. On Linux each gap is split
 * (from /proc/self/task/<main thread>/schedstat) into time the main thread spent on a CPU — its own work,
 * GC included — and time it waited for a CPU, which on a busy machine is other processes' doing.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { realBuilder, realLoader } from '../src/bot/engine-factory.js';
import { CorpusService, type EnginePreparer, inThreadPreparer } from '../src/service/corpus-service.js';
import { workerPreparer } from '../src/service/index-worker.js';
import { writeBigCorpus } from '../tests/support/big-corpus.js';

const { values } = parseArgs({
  options: {
    paragraphs: { type: 'string', default: '20000' },
    dir: { type: 'string' },
    'in-thread': { type: 'boolean', default: false },
    'idle-ms': { type: 'string', default: '3000' },
  },
});

let phase = 'start';
const logger = {
  debug: (_: object, msg: string) => {
    phase = msg;
  },
  info: (_: object, msg: string) => {
    phase = msg;
  },
  warn: (fields: object, msg: string) => {
    phase = msg;
    console.warn(msg, fields);
  },
};

/** The main thread's [ns on a CPU, ns waiting for one] so far, or undefined off Linux. */
function schedstat(): [number, number] | undefined {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return [Number(cpu), Number(wait)];
  } catch {
    return undefined;
  }
}

interface Measure {
  what: string;
  durationMs: number;
  maxStallMs: number;
  p99Ms: number;
  maxGcMs: number;
  longestGaps: string[];
  /** The most main-thread CPU time within one gap (our own blocking work, GC included). */
  maxCpuInGapMs?: number;
  note?: string;
}

async function measure(what: string, work: () => Promise<string | undefined>): Promise<Measure> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const gaps: Array<{ ms: number; phase: string; cpuMs?: number; waitMs?: number }> = [];
  let maxGc = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) maxGc = Math.max(maxGc, entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let lastStat = schedstat();
  const probe = setInterval(() => {
    const now = performance.now();
    const stat = schedstat();
    if (now - last > 20) {
      const split =
        stat && lastStat
          ? { cpuMs: (stat[0] - lastStat[0]) / 1e6, waitMs: (stat[1] - lastStat[1]) / 1e6 }
          : {};
      gaps.push({ ms: now - last, phase, ...split });
    }
    last = now;
    lastStat = stat;
  }, 1);
  histogram.enable();
  phase = 'start';
  const started = performance.now();
  const note = await work();
  const durationMs = performance.now() - started;
  // Let the timers fire once more: a stall at the very end of the work is only seen when they do.
  await new Promise((r) => setTimeout(r, 30));
  histogram.disable();
  clearInterval(probe);
  gc.disconnect();
  gaps.sort((a, b) => b.ms - a.ms);
  return {
    what,
    durationMs: Math.round(durationMs),
    maxStallMs: Math.round(Math.max(histogram.max / 1e6, gaps[0]?.ms ?? 0)),
    p99Ms: Math.round(histogram.percentile(99) / 1e6),
    maxGcMs: Math.round(maxGc),
    longestGaps: gaps
      .slice(0, 4)
      .map(
        (g) =>
          `${Math.round(g.ms)} ms during "${g.phase}"` +
          (g.cpuMs === undefined
            ? ''
            : ` (main thread on a CPU ${Math.round(g.cpuMs)} ms, waiting for one ${Math.round(g.waitMs ?? 0)} ms)`),
      ),
    ...(gaps.some((g) => g.cpuMs !== undefined)
      ? { maxCpuInGapMs: Math.round(Math.max(...gaps.map((g) => g.cpuMs ?? 0))) }
      : {}),
    ...(note ? { note } : {}),
  };
}

const root = await mkdtemp(join(tmpdir(), 'measure-reload-'));
try {
  let seeds = values.dir;
  if (!seeds) {
    seeds = join(root, 'seeds');
    const started = performance.now();
    await writeBigCorpus(seeds, { paragraphs: Number(values.paragraphs) });
    console.log(`generated ${values.paragraphs} paragraphs in ${Math.round(performance.now() - started)} ms`);
  }
  const cacheDir = join(root, 'cache');
  const service = (prepare: EnginePreparer) =>
    new CorpusService({ seedsDir: seeds as string, maxBytes: 2 * 1024 * 1024, prepare });
  const results: Measure[] = [];
  const idleMs = Number(values['idle-ms']);
  results.push(
    await measure('idle loop (baseline)', async () => {
      await new Promise((r) => setTimeout(r, idleMs));
      return undefined;
    }),
  );
  const worker = service(workerPreparer({ cacheDir, logger }));
  results.push(
    await measure('reload in the worker, no saved index', async () => {
      const r = await worker.reload();
      return `${r.status} ${r.error ?? ''} ${r.paragraphsAfter} paragraphs, index ${JSON.stringify(r.index)}`;
    }),
  );
  results.push(
    await measure('reload in the worker, from the saved index', async () => {
      const r = await worker.reload();
      return `${r.status} ${r.error ?? ''} ${r.paragraphsAfter} paragraphs, index ${JSON.stringify(r.index)}`;
    }),
  );
  if (values['in-thread']) {
    const inThread = service(inThreadPreparer(realLoader, realBuilder));
    results.push(
      await measure('reload on the main thread (no worker)', async () => {
        const r = await inThread.reload();
        return `${r.status} ${r.paragraphsAfter} paragraphs`;
      }),
    );
  }
  for (const m of results) {
    console.log(
      `\n${m.what}: ${m.durationMs} ms; longest stall ${m.maxStallMs} ms, p99 ${m.p99Ms} ms, longest main-thread GC ${m.maxGcMs} ms` +
        (m.maxCpuInGapMs === undefined ? '' : `; most main-thread CPU in one stall ${m.maxCpuInGapMs} ms`),
    );
    if (m.note) console.log(`  ${m.note}`);
    for (const g of m.longestGaps) console.log(`  gap ${g}`);
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
