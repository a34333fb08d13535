/**
 * Measures one engine over one corpus, in a process of its own (so memory peaks never mix): builds,
 * memory, saved index, query latency and passage hit@1, and for `ours` the /source autocomplete.
 * Run by `bench/run.ts`; prints one JSON object on its last stdout line.
 *
 *   node --expose-gc --import tsx bench/measure-engine.ts --engine ours --size 1000 [--builds 3] [--passes 3]
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { loadCorpus } from '../src/corpus/load.js';
import type { Corpus } from '../src/corpus/types.js';
import type { Engine } from '../src/engine/engine.js';
import { articleKey } from '../src/reply/custom-ids.js';
import { LIMITS } from '../src/reply/limits.js';
import { truncatePlain } from '../src/reply/markdown.js';
import { cleanQuestion } from '../src/search/query/clean.js';
import { optionValue } from './lib/args.js';
import {
  type BuiltEngine,
  ENGINE_NAMES,
  ENGINES,
  type EngineName,
  type LoadedCorpus,
} from './lib/engines.js';
import { corpusDir, questionsFile } from './lib/paths.js';
import { Prng } from './lib/prng.js';
import {
  type BenchQuestion,
  benchQuestions,
  type DrawnQuestion,
  isHit,
  isJudged,
  type TopPassage,
} from './lib/questions.js';
import { type Latency, latency } from './lib/stats.js';

export interface HitCounts {
  hits: number;
  judged: number;
}

export interface EngineMeasurement {
  engine: EngineName;
  size: number;
  paragraphs: number;
  articles: number;
  /** Questions asked (each timed pass asks them all). */
  questions: number;
  /** Reading and parsing the corpus folder (the same for every engine). */
  corpusLoadMs: number;
  buildMs: number[];
  /** Peak RSS of this process after the first build (corpus + engine + build garbage). */
  rssMb: number;
  /** V8 heap committed right after the first build, before any forced GC (close to the heap's peak). */
  heapMb: number;
  /** V8 heap in use once garbage is collected, with the corpus and one engine alive. */
  heapRetainedMb: number;
  /** The saved index on disk (ours: the service's index file; peers: their JSON). */
  indexBytes?: number;
  /** Reading the saved index back and making an engine of it. */
  loadMs?: number[];
  /** Of the first questions, how many the loaded engine answered differently from the built one. */
  loadMismatches?: number;
  /** Per-question latency of every timed pass together, and each pass's own percentiles. */
  query: Latency & { passes: Latency[] };
  autocomplete?: Latency & { passes: Latency[] };
  hit1: Record<'all' | 'words' | 'typo' | 'eval', HitCounts>;
}

/** Progress on stderr, so a slow phase shows where it is. */
function progressLog(engine: string, size: number): (message: string) => void {
  const started = performance.now();
  return (message) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`  [${engine} ${size}] ${seconds}s ${message}\n`);
  };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (bytes: number) => bytes / 1024 / 1024;

async function build(engine: EngineName, loaded: LoadedCorpus): Promise<{ built: BuiltEngine; ms: number }> {
  const started = performance.now();
  const built = await ENGINES[engine].build(loaded);
  return { built, ms: performance.now() - started };
}

/** What a moderator types in /source's autocomplete: title prefixes key by key, and word starts. */
function typings(corpus: Corpus, count: number, seed: number): string[] {
  const rng = new Prng(seed);
  const out: string[] = [''];
  while (out.length < count) {
    const article = rng.pick(corpus.articles);
    if (rng.next() < 0.8) {
      const chars = [...article.title];
      for (let n = 1; n <= Math.min(12, chars.length); n++) out.push(chars.slice(0, n).join(''));
    } else {
      const words = article.title.split(/\s+/u).filter((w) => w.length >= 4);
      if (words.length > 0) out.push(rng.pick(words).slice(0, rng.int(3, 6)));
      else out.push(article.file.slice(0, rng.int(2, 8)));
    }
  }
  return out.slice(0, count);
}

function autocomplete(engine: Engine, typed: string): unknown {
  const articles = engine.findArticles(typed, LIMITS.choices).slice(0, LIMITS.choices);
  return articles.map((a) => ({
    name:
      truncatePlain(cleanQuestion(a.title) || a.file, LIMITS.choiceName) ||
      a.file.slice(0, LIMITS.choiceName),
    value: articleKey(a.file),
  }));
}

function timePasses<T>(items: readonly T[], passes: number, run: (item: T, pass: number) => unknown) {
  const all: number[] = [];
  const each: Latency[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const samples: number[] = [];
    for (const item of items) {
      const started = performance.now();
      run(item, pass);
      samples.push(performance.now() - started);
    }
    all.push(...samples);
    each.push(latency(samples));
  }
  return { ...latency(all), passes: each };
}

/** Questions asked of a loaded index and of the built one, which must agree. */
const LOAD_CHECK_QUESTIONS = 20;

/** Queries run before timing starts, so the first timed ones are not paying for compilation. */
const WARM_UP_QUESTIONS = 50;

/**
 * At most `max` questions, the same for every engine: all the eval questions, then drawn questions in
 * their (already random) order, a `words` question and its `typo` variant together.
 */
export function questionSubset(questions: readonly BenchQuestion[], max: number): BenchQuestion[] {
  if (questions.length <= max) return [...questions];
  const evals = questions.filter((q) => q.source === 'eval');
  const drawn = questions.filter((q) => q.source === 'drawn');
  let take = Math.max(0, max - evals.length);
  const last = drawn[take - 1];
  if (last?.source === 'drawn' && last.kind === 'words' && drawn[take]?.id === `${last.id}t`) take++;
  return [...evals, ...drawn.slice(0, take)];
}

function emptyHits(): EngineMeasurement['hit1'] {
  const zero = () => ({ hits: 0, judged: 0 });
  return { all: zero(), words: zero(), typo: zero(), eval: zero() };
}

function judge(counts: EngineMeasurement['hit1'], q: BenchQuestion, top: TopPassage | undefined): void {
  if (!isJudged(q)) return;
  const hit = isHit(q, top) ? 1 : 0;
  const group = q.source === 'eval' ? counts.eval : q.kind === 'typo' ? counts.typo : counts.words;
  group.judged++;
  group.hits += hit;
  counts.all.judged++;
  counts.all.hits += hit;
}

export async function measureEngine(
  engine: EngineName,
  size: number,
  options: { builds: number; passes: number; questions: number; autocompleteTypings: number },
): Promise<EngineMeasurement> {
  const progress = progressLog(engine, size);
  const loadStarted = performance.now();
  const loaded = await loadCorpus(corpusDir(size));
  const corpusLoadMs = performance.now() - loadStarted;
  const corpus = loaded.corpus;
  if (loaded.corpusHash === undefined) throw new Error('the loader gave no corpus hash');
  const input: LoadedCorpus = { corpus, corpusHash: loaded.corpusHash };
  const drawn = JSON.parse(readFileSync(questionsFile(size), 'utf8')) as DrawnQuestion[];
  const questions = questionSubset(benchQuestions(drawn), options.questions);
  gc();
  progress(`corpus loaded (${Math.round(corpusLoadMs)} ms), building`);

  // First build: memory is read right after it, before anything else runs.
  const first = await build(engine, input);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const heapMb = mb(v8.getHeapStatistics().total_heap_size);
  gc();
  const heapRetainedMb = mb(process.memoryUsage().heapUsed);
  const buildMs = [first.ms];
  let built: BuiltEngine | undefined = first.built;
  for (let i = 1; i < options.builds; i++) {
    built = undefined;
    gc();
    const next = await build(engine, input);
    buildMs.push(next.ms);
    built = next.built;
  }
  if (built === undefined) throw new Error('no engine built');
  progress(`built ${buildMs.length}×`);

  let indexBytes: number | undefined;
  let loadMs: number[] | undefined;
  const adapter = ENGINES[engine];
  let loadMismatches: number | undefined;
  if (built.save && adapter.load) {
    const dir = await mkdtemp(path.join(tmpdir(), `bench-index-${engine}-`));
    try {
      indexBytes = await built.save(dir);
      progress(`saved (${Math.round(indexBytes / 1024)} KiB), loading`);
      loadMs = [];
      let reloaded: BuiltEngine | undefined;
      for (let i = 0; i < options.builds; i++) {
        reloaded = undefined;
        gc();
        const started = performance.now();
        reloaded = await adapter.load(dir, input);
        loadMs.push(performance.now() - started);
      }
      // The loaded index must answer as the built one does.
      const check = questions.slice(0, LOAD_CHECK_QUESTIONS);
      loadMismatches = check.filter(
        (q) => JSON.stringify(reloaded?.query(q.question)) !== JSON.stringify(built?.query(q.question)),
      ).length;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  gc();

  // A short warm-up, then timed passes; the first one also judges hit@1 (every engine is deterministic).
  const engineForQueries = built;
  for (const q of questions.slice(0, WARM_UP_QUESTIONS)) engineForQueries.query(q.question);
  progress(`judging and timing ${questions.length} questions × ${options.passes}`);
  const hit1 = emptyHits();
  const query = timePasses(questions, options.passes, (q, pass) => {
    const top = engineForQueries.query(q.question);
    if (pass === 0) judge(hit1, q, top);
  });

  let autocompleteLatency: EngineMeasurement['autocomplete'];
  const ourEngine = built.engine;
  if (ourEngine !== undefined) {
    progress('timing autocomplete');
    const typed = typings(corpus, options.autocompleteTypings, size);
    for (const t of typed) autocomplete(ourEngine, t);
    autocompleteLatency = timePasses(typed, options.passes, (t) => autocomplete(ourEngine, t));
  }

  return {
    engine,
    size,
    paragraphs: corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0),
    articles: corpus.articles.length,
    questions: questions.length,
    corpusLoadMs,
    buildMs,
    rssMb,
    heapMb,
    heapRetainedMb,
    ...(indexBytes === undefined ? {} : { indexBytes, loadMs, loadMismatches }),
    query,
    ...(autocompleteLatency ? { autocomplete: autocompleteLatency } : {}),
    hit1,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const engine = optionValue(argv, 'engine') as EngineName;
  if (!ENGINE_NAMES.includes(engine)) throw new Error(`--engine must be one of ${ENGINE_NAMES.join(', ')}`);
  const size = Number(optionValue(argv, 'size'));
  const result = await measureEngine(engine, size, {
    builds: Number(optionValue(argv, 'builds') ?? 3),
    passes: Number(optionValue(argv, 'passes') ?? 3),
    questions: Number(optionValue(argv, 'questions') ?? Number.POSITIVE_INFINITY),
    autocompleteTypings: Number(optionValue(argv, 'typings') ?? 3000),
  });
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}
