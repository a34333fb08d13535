/**
 * A reload as the service does it today (`CorpusService.reload` with the bot's real loader and builder:
 * read the folder, build a new engine to the side, swap), timed, with the longest event-loop stall seen
 * meanwhile (`monitorEventLoopDelay`, 1 ms resolution). Run in a process of its own by `bench/run.ts`;
 * prints one JSON object on its last stdout line.
 *
 *   node --expose-gc --import tsx bench/measure-reload.ts --size 1000 [--reloads 3]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { realBuilder, realLoader } from '../src/bot/engine-factory.js';
import { CorpusService } from '../src/service/corpus-service.js';
import { optionValue } from './lib/args.js';
import { corpusDir } from './lib/paths.js';

export interface ReloadMeasurement {
  size: number;
  /** The first load: folder read and engine built from scratch, before the bot can answer. */
  startMs: number;
  reloadMs: number[];
  maxStallMs: number[];
  /** Peak RSS of the process: during a reload the old and the new engine are both alive. */
  peakRssMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

export async function measureReload(size: number, reloads: number): Promise<ReloadMeasurement> {
  const service = new CorpusService({
    seedsDir: corpusDir(size),
    maxBytes: 2 * 1024 * 1024,
    load: realLoader,
    build: realBuilder,
  });
  const started = performance.now();
  const first = await service.reload();
  const startMs = performance.now() - started;
  if (first.status !== 'ok') throw new Error(`first load failed: ${first.error ?? first.status}`);
  const reloadMs: number[] = [];
  const maxStallMs: number[] = [];
  for (let i = 0; i < reloads; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const t = performance.now();
    const report = await service.reload();
    reloadMs.push(performance.now() - t);
    // Let the monitor's timer fire once after the swap, so a stall at the very end is recorded.
    await new Promise((resolve) => setTimeout(resolve, 5));
    delay.disable();
    if (report.status !== 'ok') throw new Error(`reload failed: ${report.error ?? report.status}`);
    maxStallMs.push(delay.max / 1e6);
    process.stderr.write(
      `  [reload ${size}] ${Math.round(reloadMs.at(-1) ?? 0)} ms, stall ${Math.round(maxStallMs.at(-1) ?? 0)} ms\n`,
    );
  }
  return { size, startMs, reloadMs, maxStallMs, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const result = await measureReload(
    Number(optionValue(argv, 'size')),
    Number(optionValue(argv, 'reloads') ?? 3),
  );
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}
