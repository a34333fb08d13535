/**
 * `npm run bench [-- --sizes 1000,10000]`: builds (or reuses) the corpora, measures every engine at every
 * size in fresh child processes, one at a time, prints a table with ratios to ours and the targets, and
 * writes bench/results.json (medians) and bench/.work/last-run.json (everything, with spreads).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCorpus, type Manifest } from './build-corpora.js';
import { parseSizes } from './lib/args.js';
import { ENGINE_NAMES, type EngineName } from './lib/engines.js';
import { BENCH_DIR, DEFAULT_SIZES } from './lib/paths.js';
import { median, round, type Spread, spread } from './lib/stats.js';
import type { EngineMeasurement } from './measure-engine.js';
import type { InteractionsMeasurement } from './measure-interactions.js';
import type { ReloadMeasurement, Timed } from './measure-reload.js';

/** How much work each size gets, so that the whole run stays under ~25 minutes on 2 cores. */
interface Plan {
  /** Questions asked (all eval questions, then drawn ones); the same for every engine. */
  questions: number;
  builds: number;
  /** Timed passes over the questions: ours, then the peers (slower at large sizes). */
  oursPasses: number;
  peerPasses: number;
  reloads: number;
  interactions: number;
}

function planFor(size: number): Plan {
  if (size >= 50_000) {
    return { questions: 400, builds: 2, oursPasses: 2, peerPasses: 1, reloads: 2, interactions: 150 };
  }
  if (size >= 5_000) {
    return { questions: 2000, builds: 3, oursPasses: 3, peerPasses: 1, reloads: 3, interactions: 400 };
  }
  return { questions: 2000, builds: 3, oursPasses: 3, peerPasses: 3, reloads: 3, interactions: 600 };
}

/** One engine's figures for results.json: medians, and only the figures that apply. */
type EngineFigures = Partial<
  Record<
    | 'build_ms'
    | 'load_ms'
    | 'index_bytes'
    | 'rss_mb'
    | 'heap_mb'
    | 'ask_p50_ms'
    | 'ask_p95_ms'
    | 'ask_p99_ms'
    | 'autocomplete_p99_ms'
    | 'reload_ms'
    | 'reload_max_stall_ms'
    | 'interactions_per_s'
    | 'passage_hit1',
    number
  >
>;

interface SizeRun {
  size: number;
  manifest: Manifest;
  plan: Plan;
  engines: Partial<Record<EngineName, EngineMeasurement>>;
  reload?: ReloadMeasurement;
  /** A fresh process started from the index the reload run saved. */
  savedStart?: ReloadMeasurement;
  interactions?: InteractionsMeasurement;
  /** 1-minute load average before each child started: other work on the machine skews timings. */
  loadAverages: Record<string, number>;
}

const CHILD_TIMEOUT_MS = 20 * 60_000;

function runChild<T>(script: string, args: string[], label: string, loads: Record<string, number>): T {
  loads[label] = round(os.loadavg()[0] ?? 0);
  process.stderr.write(`→ ${label}\n`);
  const stdout = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(BENCH_DIR, script), ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: CHILD_TIMEOUT_MS,
      maxBuffer: 64 << 20,
    },
  );
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

/** The commit measured, and whether src/ or commands/ had uncommitted changes (others edit the tree). */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', cwd: BENCH_DIR }).trim();
    const dirty = git('status', '--porcelain', '--', '../src', '../commands') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in src/ or commands/' : ''}`;
  } catch {
    return 'unknown revision';
  }
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`;
}

const hitRate = (m: EngineMeasurement) =>
  m.hit1.all.judged === 0 ? Number.NaN : m.hit1.all.hits / m.hit1.all.judged;

function figures(run: SizeRun, name: EngineName): EngineFigures {
  const m = run.engines[name];
  if (!m) return {};
  const out: EngineFigures = {
    build_ms: round(median(m.buildMs)),
    ...(m.loadMs ? { load_ms: round(median(m.loadMs)) } : {}),
    ...(m.indexBytes === undefined ? {} : { index_bytes: m.indexBytes }),
    rss_mb: round(m.rssMb),
    heap_mb: round(m.heapMb),
    ask_p50_ms: round(m.query.p50),
    ask_p95_ms: round(m.query.p95),
    ask_p99_ms: round(m.query.p99),
    ...(m.autocomplete ? { autocomplete_p99_ms: round(m.autocomplete.p99) } : {}),
  };
  const builds = run.reload?.builds;
  if (name === 'ours' && builds && builds.length > 0) {
    out.reload_ms = round(median(builds.map((b) => b.ms)));
    out.reload_max_stall_ms = round(median(builds.map((b) => b.maxStallMs)));
  }
  if (name === 'ours' && run.interactions) out.interactions_per_s = round(median(run.interactions.perSecond));
  out.passage_hit1 = round(hitRate(m));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------

const ROWS: Array<[keyof EngineFigures, string]> = [
  ['build_ms', 'build (ms)'],
  ['load_ms', 'load saved index (ms)'],
  ['index_bytes', 'saved index (MB)'],
  ['rss_mb', 'peak RSS (MB)'],
  ['heap_mb', 'heap (MB)'],
  ['ask_p50_ms', 'query p50 (ms)'],
  ['ask_p95_ms', 'query p95 (ms)'],
  ['ask_p99_ms', 'query p99 (ms)'],
  ['autocomplete_p99_ms', 'autocomplete p99 (ms)'],
  ['reload_ms', 'reload (ms)'],
  ['reload_max_stall_ms', 'reload max stall (ms)'],
  ['interactions_per_s', 'interactions/s'],
  ['passage_hit1', 'passage hit@1'],
];

function cell(figs: EngineFigures, key: keyof EngineFigures, ours: EngineFigures, isOurs: boolean): string {
  const value = figs[key];
  if (value === undefined) return 'n/a';
  const shown = key === 'index_bytes' ? round(value / 1e6) : value;
  const base = ours[key];
  if (isOurs || base === undefined || base === 0) return String(shown);
  return `${shown} (${round(value / base)}×)`;
}

/** Markdown table: one row per figure, one column per engine, peers with their ratio to ours. */
export function table(run: SizeRun, all: Record<EngineName, EngineFigures>): string {
  const names = ENGINE_NAMES.filter((n) => run.engines[n]);
  const ours = all.ours;
  const head = `| ${run.manifest.paragraphs.toLocaleString('en')} paragraphs | ${names.join(' | ')} |`;
  const rule = `|---|${names.map(() => '---').join('|')}|`;
  const rows = ROWS.filter(([key]) => names.some((n) => all[n][key] !== undefined)).map(
    ([key, label]) => `| ${label} | ${names.map((n) => cell(all[n], key, ours, n === 'ours')).join(' | ')} |`,
  );
  return [head, rule, ...rows].join('\n');
}

const fmt = (s: Spread) => `${round(s.median)} [${round(s.min)}–${round(s.max)}]`;

function details(run: SizeRun): string {
  const lines: string[] = [];
  const m = run.manifest;
  lines.push(
    `corpus ${m.target}: ${m.paragraphs} paragraphs, ${m.articles} articles (${m.realParagraphs} real man-page ` +
      `paragraphs, ${m.recombinedParagraphs} recombined, ${m.seedParagraphs} from seeds); ` +
      `plan ${JSON.stringify(run.plan)}`,
  );
  for (const name of ENGINE_NAMES) {
    const e = run.engines[name];
    if (!e) continue;
    const h = e.hit1;
    const rate = (c: { hits: number; judged: number }) => `${c.hits}/${c.judged}`;
    lines.push(
      `  ${name}: build ms ${fmt(spread(e.buildMs))}` +
        (e.loadMs ? `, load ms ${fmt(spread(e.loadMs))}` : '') +
        `, query p50 per pass ${fmt(spread(e.query.passes.map((p) => p.p50)))}` +
        `, p99 per pass ${fmt(spread(e.query.passes.map((p) => p.p99)))}, max ${round(e.query.max)} (n=${e.query.n})` +
        (e.autocomplete
          ? `, autocomplete p50 ${round(e.autocomplete.p50)} p99 per pass ${fmt(spread(e.autocomplete.passes.map((p) => p.p99)))}`
          : '') +
        `, heap retained ${round(e.heapRetainedMb)} MB, corpus load ${round(e.corpusLoadMs)} ms` +
        `; hit@1 words ${rate(h.words)}, typo ${rate(h.typo)}, eval ${rate(h.eval)}`,
    );
  }
  if (run.reload) {
    const r = run.reload;
    const one = (t: Timed | undefined) => (t ? `${round(t.ms)} ms (stall ${round(t.maxStallMs)} ms)` : 'n/a');
    const many = (ts: Timed[] | undefined) =>
      ts && ts.length > 0
        ? `${fmt(spread(ts.map((t) => t.ms)))} ms, stall ${fmt(spread(ts.map((t) => t.maxStallMs)))} ms`
        : 'n/a';
    lines.push(
      `  start: nothing saved ${one(r.start)}, from the saved index ${one(run.savedStart?.savedStart)}` +
        ` (fresh process; Node and module loading not counted)`,
      `  reload with a build ${many(r.builds)}; from the saved index ${many(r.cached)}; ` +
        `peak RSS with two engines ${round(r.peakRssMb)} MB`,
    );
    if (run.engines.ours?.loadMismatches) {
      lines.push(
        `  WARNING: ours loaded from its saved index answered ${run.engines.ours.loadMismatches} questions differently`,
      );
    }
  }
  if (run.interactions) {
    const i = run.interactions;
    lines.push(
      `  interactions: /s ${fmt(spread(i.perSecond))} (${i.count} per run, ${i.concurrency} in flight), ` +
        `latency p50 ${round(i.latency.p50)} p99 ${round(i.latency.p99)} ms, bot start ${round(i.botStartMs)} ms`,
    );
  }
  lines.push(`  load average before each step: ${JSON.stringify(run.loadAverages)}`);
  return lines.join('\n');
}

function targets(run: SizeRun, all: Record<EngineName, EngineFigures>): string {
  const o = all.ours;
  const check = (label: string, value: number | undefined, ok: (v: number) => boolean, unit = '') =>
    value === undefined || Number.isNaN(value)
      ? `- ${label}: n/a`
      : `- ${label}: ${round(value)}${unit} → ${ok(value) ? 'met' : 'MISSED'}`;
  const peers = (['orama', 'lunr'] as const).filter((p) => all[p].ask_p50_ms !== undefined);
  const lines = [
    `Targets at ${run.manifest.paragraphs.toLocaleString('en')} paragraphs:`,
    check('/ask p50 ≤ 5 ms', o.ask_p50_ms, (v) => v <= 5, ' ms'),
    check('/ask p99 ≤ 25 ms', o.ask_p99_ms, (v) => v <= 25, ' ms'),
    check('autocomplete p99 ≤ 10 ms', o.autocomplete_p99_ms, (v) => v <= 10, ' ms'),
    check('start with a saved index ≤ 2 s', run.savedStart?.savedStart?.ms, (v) => v <= 2_000, ' ms'),
    check('start from scratch (load, build, save) ≤ 15 s', run.reload?.start?.ms, (v) => v <= 15_000, ' ms'),
    check(
      'peak RSS ≤ 1 GB (engine alone / during a reload)',
      Math.max(o.rss_mb ?? 0, run.reload?.peakRssMb ?? 0),
      (v) => v <= 1024,
      ' MB',
    ),
    check('reload stall ≤ 50 ms', o.reload_max_stall_ms, (v) => v <= 50, ' ms'),
    ...peers.flatMap((p) => [
      check(
        `query p50 faster than ${p} (ours / ${p})`,
        (o.ask_p50_ms ?? 0) / (all[p].ask_p50_ms ?? 1),
        (v) => v < 1,
        '×',
      ),
      check(
        `build faster than ${p} (ours / ${p})`,
        (o.build_ms ?? 0) / (all[p].build_ms ?? 1),
        (v) => v < 1,
        '×',
      ),
      check(
        `passage hit@1 better than ${p} (ours − ${p})`,
        (o.passage_hit1 ?? 0) - (all[p].passage_hit1 ?? 0),
        (v) => v > 0,
      ),
    ]),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const sizes = parseSizes(process.argv.slice(2)) ?? [...DEFAULT_SIZES];
  const started = performance.now();
  const measured = revision();
  const runs: SizeRun[] = [];
  for (const size of sizes) {
    const manifest = await buildCorpus(size);
    const plan = planFor(size);
    const run: SizeRun = { size, manifest, plan, engines: {}, loadAverages: {} };
    for (const name of ENGINE_NAMES) {
      const passes = name === 'ours' ? plan.oursPasses : plan.peerPasses;
      run.engines[name] = runChild<EngineMeasurement>(
        'measure-engine.ts',
        [
          '--engine',
          name,
          '--size',
          String(size),
          '--builds',
          String(plan.builds),
          '--passes',
          String(passes),
          '--questions',
          String(plan.questions),
        ],
        `${name} ${size}`,
        run.loadAverages,
      );
    }
    const cacheDir = mkdtempSync(path.join(tmpdir(), `bench-index-cache-${size}-`));
    try {
      const common = ['--size', String(size), '--cache-dir', cacheDir];
      run.reload = runChild<ReloadMeasurement>(
        'measure-reload.ts',
        [...common, '--reloads', String(plan.reloads)],
        `reload ${size}`,
        run.loadAverages,
      );
      run.savedStart = runChild<ReloadMeasurement>(
        'measure-reload.ts',
        [...common, '--saved-start'],
        `start from the saved index ${size}`,
        run.loadAverages,
      );
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
    run.interactions = runChild<InteractionsMeasurement>(
      'measure-interactions.ts',
      ['--size', String(size), '--count', String(plan.interactions), '--runs', '3'],
      `interactions ${size}`,
      run.loadAverages,
    );
    runs.push(run);
  }

  const results = {
    machine: machine(),
    node: process.version,
    date: new Date().toISOString(),
    sizes: runs.map((run) => ({
      paragraphs: run.manifest.paragraphs,
      engines: Object.fromEntries(ENGINE_NAMES.map((n) => [n, figures(run, n)])),
    })),
  };
  writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  mkdirSync(path.join(BENCH_DIR, '.work'), { recursive: true });
  writeFileSync(
    path.join(BENCH_DIR, '.work', 'last-run.json'),
    `${JSON.stringify({ ...results, revision: measured, runs }, null, 1)}\n`,
  );

  const out: string[] = [`${results.machine}, Node ${results.node}, ${results.date}, ${measured}`, ''];
  for (const run of runs) {
    const all = Object.fromEntries(ENGINE_NAMES.map((n) => [n, figures(run, n)])) as Record<
      EngineName,
      EngineFigures
    >;
    out.push(table(run, all), '', details(run), '');
    if (run === runs.at(-1)) out.push(targets(run, all), '');
  }
  out.push(`whole run: ${Math.round((performance.now() - started) / 1000)} s`);
  process.stdout.write(`${out.join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
