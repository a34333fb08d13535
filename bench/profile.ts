/**
 * CPU profile of one phase of our engine (V8's sampling profiler through `node:inspector`, so only the
 * phase is recorded), summarised as the functions with the most self time and the most inclusive time.
 *
 *   npx tsx bench/profile.ts --size 100000 --phase ask [--questions 300] [--top 20]
 *
 * Phases: `build` (Engine.build), `ask` (the /ask path: clean, engine.ask, renderAnswer),
 * `autocomplete` (findArticles + choices), `reload` (the main thread during a reload that builds, through
 * the bot's worker preparer: also shows the longest stretches without an idle sample, i.e. the stalls). The raw profile is written to bench/.work/<phase>-<size>.cpuprofile
 * (open it in Chrome DevTools or speedscope).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../src/corpus/load.js';
import { Engine } from '../src/engine/engine.js';
import { CorpusService, type EnginePreparer } from '../src/service/corpus-service.js';
import { workerPreparer } from '../src/service/index-worker.js';
import { optionValue } from './lib/args.js';
import { oursQueries } from './lib/engines.js';
import { BENCH_DIR, corpusDir, questionsFile } from './lib/paths.js';
import { Prng } from './lib/prng.js';
import { benchQuestions, type DrawnQuestion } from './lib/questions.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  selfShare: number;
  totalMs: number;
  totalShare: number;
}

function where(frame: ProfileNode['callFrame']): string {
  if (frame.url === '') return '(native)';
  const file = frame.url.replace(/^file:\/\//u, '');
  const rel = file.includes('/node_modules/')
    ? file.slice(file.lastIndexOf('/node_modules/') + 14)
    : path.relative(path.resolve(BENCH_DIR, '..'), file);
  return `${rel}:${frame.lineNumber + 1}`;
}

/**
 * Self and inclusive time per function (recursion counted once per sample). Shares are of the phase's
 * own time: samples under `phase` (when given) plus garbage collection, so the profiler's own work and
 * idle time do not dilute them.
 */
export function summarise(profile: CpuProfile, phase?: string): HotFunction[] {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const key = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'}\t${where(node.callFrame)}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sum = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(id);
    if (leaf === undefined) return;
    let counted = phase === undefined || leaf.callFrame.functionName === '(garbage collector)';
    for (
      let node: ProfileNode | undefined = leaf;
      node && !counted;
      node = byId.get(parent.get(node.id) ?? -1)
    ) {
      counted = node.callFrame.functionName === phase;
    }
    if (counted) sum += ms;
    self.set(key(leaf), (self.get(key(leaf)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      const k = key(node);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  });
  return [...total.entries()].map(([k, totalMs]) => {
    const [name = '', at = ''] = k.split('\t');
    const selfMs = self.get(k) ?? 0;
    return { name, where: at, selfMs, selfShare: selfMs / sum, totalMs, totalShare: totalMs / sum };
  });
}

function table(rows: HotFunction[], by: 'self' | 'total', top: number): string {
  const sorted = [...rows].sort((a, b) => (by === 'self' ? b.selfMs - a.selfMs : b.totalMs - a.totalMs));
  const skip = new Set(['(root)', '(program)', '(idle)', '(garbage collector)', 'main', 'profiledPhase']);
  return sorted
    .filter((r) =>
      by === 'self' ? !['(idle)', '(program)', 'dispatch'].includes(r.name) : !skip.has(r.name),
    )
    .slice(0, top)
    .map(
      (r) =>
        `${(100 * (by === 'self' ? r.selfShare : r.totalShare)).toFixed(1).padStart(5)}%  ` +
        `${Math.round(by === 'self' ? r.selfMs : r.totalMs)
          .toString()
          .padStart(7)} ms  ${r.name}  (${r.where})`,
    )
    .join('\n');
}

/** Busy stretches of the main thread: runs of samples that are not `(idle)`, longest first. */
export function busyStretches(
  profile: CpuProfile & { startTime: number },
): Array<{ startMs: number; ms: number; top: string }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const stretches: Array<{ startMs: number; ms: number; self: Map<string, number> }> = [];
  let current: { startMs: number; ms: number; self: Map<string, number> } | undefined;
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i] ?? 0) / 1000;
    at += delta;
    const frame = byId.get(id)?.callFrame;
    const name = frame?.functionName ?? '';
    if (name === '(idle)' || frame === undefined) {
      current = undefined;
      return;
    }
    if (!current) {
      current = { startMs: at, ms: 0, self: new Map() };
      stretches.push(current);
    }
    current.ms += delta;
    const key = `${name || '(anonymous)'} (${where(frame)})`;
    current.self.set(key, (current.self.get(key) ?? 0) + delta);
  });
  return stretches
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((s) => ({
      startMs: Math.round(s.startMs),
      ms: Math.round(s.ms),
      top: [...s.self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, v]) => `${k} ${Math.round(v)} ms`)
        .join('; '),
    }));
}

async function profileReload(size: number, top: number): Promise<void> {
  const base = await mkdtemp(path.join(tmpdir(), 'bench-profile-reload-'));
  let folder = path.join(base, 'saved');
  const prepare: EnginePreparer = (request) => workerPreparer({ cacheDir: folder })(request);
  const service = new CorpusService({ seedsDir: corpusDir(size), maxBytes: 2 * 1024 * 1024, prepare });
  try {
    await service.reload();
    folder = path.join(base, 'fresh');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const started = performance.now();
    const report = await service.reload();
    const elapsed = performance.now() - started;
    const { profile } = (await session.post('Profiler.stop')) as {
      profile: CpuProfile & { startTime: number };
    };
    session.disconnect();
    const out = path.join(BENCH_DIR, '.work', `reload-${size}.cpuprofile`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(profile));
    const rows = summarise(profile);
    const stretches = busyStretches(profile)
      .map((s) => `${String(s.ms).padStart(5)} ms at ${s.startMs} ms: ${s.top}`)
      .join('\n');
    process.stdout.write(
      `reload (${report.index?.source ?? report.status}) at ${size} paragraphs: ${Math.round(elapsed)} ms; ` +
        `main thread only\n\nLongest busy stretches (no idle sample):\n${stretches}\n\n` +
        `Top self time (whole reload, shares of all samples):\n${table(rows, 'self', top)}\n\n` +
        `profile: ${path.relative(process.cwd(), out)}\n`,
    );
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const size = Number(optionValue(argv, 'size') ?? 100_000);
  const phase = optionValue(argv, 'phase') ?? 'ask';
  const count = Number(optionValue(argv, 'questions') ?? 300);
  const top = Number(optionValue(argv, 'top') ?? 20);
  if (phase === 'reload') return profileReload(size, top);
  const { corpus } = await loadCorpus(corpusDir(size));
  const drawn = JSON.parse(readFileSync(questionsFile(size), 'utf8')) as DrawnQuestion[];
  const questions = new Prng(1).shuffle(benchQuestions(drawn)).slice(0, count);

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  let engine: Engine | undefined;
  if (phase !== 'build') {
    engine = Engine.build(corpus);
    // Warm up, so the profile shows steady state rather than compilation.
    const warm = oursQueries(engine);
    for (const q of questions.slice(0, 30)) warm.query(q.question);
  }
  // A named function, so the summary can tell the phase's samples from the profiler's own.
  function profiledPhase(): void {
    if (phase === 'build') {
      engine = Engine.build(corpus);
    } else if (phase === 'ask' && engine) {
      const run = oursQueries(engine);
      for (const q of questions) run.query(q.question);
    } else if (phase === 'autocomplete' && engine) {
      for (const a of corpus.articles.slice(0, count)) {
        for (let n = 1; n <= 8; n++) engine.findArticles(a.title.slice(0, n), 25);
      }
    } else {
      throw new Error(`unknown --phase ${phase} (build, ask, autocomplete)`);
    }
  }
  await session.post('Profiler.start');
  const started = performance.now();
  profiledPhase();
  const elapsed = performance.now() - started;
  const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
  session.disconnect();

  const out = path.join(BENCH_DIR, '.work', `${phase}-${size}.cpuprofile`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(profile));
  const rows = summarise(profile, 'profiledPhase');
  const unit =
    phase === 'ask'
      ? `${questions.length} questions, ${(elapsed / questions.length).toFixed(1)} ms each`
      : '';
  process.stdout.write(
    `${phase} at ${size} paragraphs: ${Math.round(elapsed)} ms ${unit}\n\n` +
      `Top self time:\n${table(rows, 'self', top)}\n\nTop inclusive time:\n${table(rows, 'total', top)}\n\n` +
      `profile: ${path.relative(process.cwd(), out)}\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
