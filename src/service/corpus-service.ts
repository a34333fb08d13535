import type { Article, Corpus, LoadProblem, LoadResult } from '../corpus/types.js';
import type { QuestionEngine } from '../engine/types.js';
import { TimeSlicer } from '../search/time-slice.js';

export type CorpusLoader = (dir: string, options: { maxBytes: number }) => Promise<LoadResult>;
export type EngineBuilder = (corpus: Corpus) => QuestionEngine;

/** Where the new index came from. */
export interface IndexOrigin {
  /** `cache`: the saved index matched the seeds; `built`: analysed again. */
  source: 'cache' | 'built';
  /** Why the saved index was not used (when there is a cache folder). */
  cacheMiss?: string;
  /** After a build: whether the new index was saved, or why not. */
  saved?: boolean;
  saveError?: string;
  /**
   * `pending`: the saved index was taken on the seed files' fingerprint and is being checked against
   * their content (see `Prepared.verification`).
   */
  verification?: 'pending';
}

/** The content check of an index served before it: fine, or the engine rebuilt from the seeds. */
export type Verification = { ok: true } | { ok: false; reason: string; rebuilt: Prepared };

export interface PrepareRequest {
  seedsDir: string;
  maxBytes: number;
}

/** A new engine, ready to swap in, or why there is none (the service then keeps the old one). */
export type Prepared =
  | {
      ok: true;
      engine: QuestionEngine;
      problems: LoadProblem[];
      ignored: string[];
      index?: IndexOrigin;
      /**
       * When the engine is served before its index is checked against the seeds: the check. If it fails,
       * the service swaps in its `rebuilt` engine (or keeps serving this one if that failed too).
       */
      verification?: Promise<Verification>;
    }
  | { ok: false; error: string; problems: LoadProblem[]; ignored: string[] };

/**
 * Loads the seeds and makes an engine from them: in this thread from a loader and a builder
 * ({@link inThreadPreparer}), or in a worker thread with a saved index (`index-worker.ts`).
 */
export type EnginePreparer = (request: PrepareRequest) => Promise<Prepared>;

/** What a reload did, independent of any transport (Discord, console, logs). */
export interface ReloadReport {
  /** `busy`: another reload was running, nothing was done. `failed`: the previous index is kept. */
  status: 'ok' | 'failed' | 'busy';
  /** Files of articles that appeared, disappeared, or whose paragraphs changed. */
  added: string[];
  removed: string[];
  changed: string[];
  articlesBefore: number;
  articlesAfter: number;
  paragraphsBefore: number;
  paragraphsAfter: number;
  durationMs: number;
  /** Every file the loader refused, with its reason. */
  problems: LoadProblem[];
  /** Files ignored on purpose (not `.txt`). */
  ignored: string[];
  /** Why the reload failed, when it did. */
  error?: string;
  /** Where the new index came from (saved index or build), when the preparer tells. */
  index?: IndexOrigin;
}

interface ServiceBaseOptions {
  seedsDir: string;
  maxBytes: number;
  now?: () => number;
  /** Told when a background check swapped in a rebuilt engine (or could not). */
  onVerified?: (outcome: { ok: true } | { ok: false; reason: string; report: ReloadReport }) => void;
}

/** Either a loader and a builder (run in this thread) or a preparer. */
export type CorpusServiceOptions = ServiceBaseOptions &
  ({ load: CorpusLoader; build: EngineBuilder } | { prepare: EnginePreparer });

/** Loads with `load` and builds with `build`, in this thread. */
export function inThreadPreparer(load: CorpusLoader, build: EngineBuilder): EnginePreparer {
  return async ({ seedsDir, maxBytes }) => {
    let loaded: LoadResult;
    try {
      loaded = await load(seedsDir, { maxBytes });
    } catch (err) {
      return { ok: false, error: `cannot read ${seedsDir}: ${errorMessage(err)}`, problems: [], ignored: [] };
    }
    const { problems, ignored } = loaded;
    if (loaded.corpus.articles.length === 0) {
      return { ok: false, error: 'no article could be loaded', problems, ignored };
    }
    try {
      return { ok: true, engine: build(loaded.corpus), problems, ignored };
    } catch (err) {
      return { ok: false, error: `cannot build the index: ${errorMessage(err)}`, problems, ignored };
    }
  };
}

const countParagraphs = (corpus: Corpus | undefined) =>
  corpus ? corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0) : 0;

const sameTexts = (a: Article, b: Article) =>
  a.paragraphs.length === b.paragraphs.length &&
  a.paragraphs.every((p, i) => p.text === b.paragraphs[i]?.text);

type CorpusDiff = { added: string[]; removed: string[]; changed: string[] };

/** Added / removed / changed article files between two corpora (changed = paragraph texts differ). */
export function diffCorpora(before: Corpus | undefined, after: Corpus): CorpusDiff {
  const old = new Map((before?.articles ?? []).map((a) => [a.file, a]));
  const next = new Map(after.articles.map((a) => [a.file, a]));
  const added = [...next.keys()].filter((f) => !old.has(f));
  const removed = [...old.keys()].filter((f) => !next.has(f));
  const changed = [...next].flatMap(([file, article]) => {
    const previous = old.get(file);
    return previous && !sameTexts(previous, article) ? [file] : [];
  });
  return sortDiff({ added, removed, changed });
}

/** {@link diffCorpora} in time slices, for large corpora compared while the bot serves. */
export async function diffCorporaAsync(before: Corpus | undefined, after: Corpus): Promise<CorpusDiff> {
  const slicer = new TimeSlicer();
  const old = new Map<string, Article>();
  for (const a of before?.articles ?? []) {
    old.set(a.file, a);
    await slicer.maybeYield();
  }
  const seen = new Set<string>();
  const diff: CorpusDiff = { added: [], removed: [], changed: [] };
  for (const article of after.articles) {
    seen.add(article.file);
    const previous = old.get(article.file);
    if (!previous) diff.added.push(article.file);
    else if (!sameTexts(previous, article)) diff.changed.push(article.file);
    await slicer.maybeYield();
  }
  for (const file of old.keys()) if (!seen.has(file)) diff.removed.push(file);
  return sortDiff(diff);
}

function sortDiff(diff: CorpusDiff): CorpusDiff {
  const byName = (a: string, b: string) => a.localeCompare(b);
  return {
    added: diff.added.sort(byName),
    removed: diff.removed.sort(byName),
    changed: diff.changed.sort(byName),
  };
}

/**
 * Holds the current engine. A reload loads and builds a new engine to the side and swaps the
 * reference at once, so a question is always answered by a complete index (old or new). One reload
 * at a time: a second call while one runs gets a `busy` report.
 */
export class CorpusService {
  #engine: QuestionEngine | undefined;
  #running: Promise<ReloadReport> | undefined;
  /** The background check of the engine in service, and the swap it may make. */
  #verifying: Promise<void> | undefined;
  readonly #options: CorpusServiceOptions;
  readonly #prepare: EnginePreparer;
  readonly #now: () => number;

  constructor(options: CorpusServiceOptions) {
    this.#options = options;
    this.#prepare = 'prepare' in options ? options.prepare : inThreadPreparer(options.load, options.build);
    this.#now = options.now ?? (() => performance.now());
  }

  /** The engine in service, or undefined before the first successful load. */
  get engine(): QuestionEngine | undefined {
    return this.#engine;
  }

  get reloading(): boolean {
    return this.#running !== undefined;
  }

  /** Resolves once no reload is running (at once if none is). */
  async idle(): Promise<void> {
    while (this.#running || this.#verifying) {
      await this.#running?.catch(() => {});
      await this.#verifying;
    }
  }

  /** Whether the engine in service still awaits its background check against the seeds. */
  get verifying(): boolean {
    return this.#verifying !== undefined;
  }

  async reload(): Promise<ReloadReport> {
    if (this.#running) return this.#busyReport();
    const run = this.#reload();
    this.#running = run;
    try {
      return await run;
    } finally {
      this.#running = undefined;
    }
  }

  /** Swaps in the rebuilt engine if the background check of `served` fails. */
  #watch(served: QuestionEngine, verification: Promise<Verification>): void {
    const started = this.#now();
    const run = (async () => {
      let outcome: Verification;
      try {
        outcome = await verification;
      } catch (err) {
        outcome = {
          ok: false,
          reason: `the check failed: ${errorMessage(err)}`,
          rebuilt: { ok: false, error: errorMessage(err), problems: [], ignored: [] },
        };
      }
      if (outcome.ok) {
        this.#options.onVerified?.({ ok: true });
        return;
      }
      const { rebuilt } = outcome;
      const before = served.corpus;
      const base = { articlesBefore: before.articles.length, paragraphsBefore: countParagraphs(before) };
      let report: ReloadReport;
      if (rebuilt.ok && this.#engine === served) {
        const diff = await diffCorporaAsync(before, rebuilt.engine.corpus);
        this.#engine = rebuilt.engine;
        report = {
          status: 'ok',
          ...diff,
          ...base,
          articlesAfter: rebuilt.engine.corpus.articles.length,
          paragraphsAfter: countParagraphs(rebuilt.engine.corpus),
          durationMs: Math.round(this.#now() - started),
          problems: rebuilt.problems,
          ignored: rebuilt.ignored,
          ...(rebuilt.index ? { index: rebuilt.index } : {}),
        };
      } else {
        report = failedReport(
          base,
          Math.round(this.#now() - started),
          rebuilt.ok ? 'another engine was swapped in meanwhile' : rebuilt.error,
          rebuilt.problems,
          rebuilt.ignored,
        );
      }
      this.#options.onVerified?.({ ok: false, reason: outcome.reason, report });
    })();
    this.#verifying = run.finally(() => {
      if (this.#verifying === tracked) this.#verifying = undefined;
    });
    const tracked = this.#verifying;
  }

  #busyReport(): ReloadReport {
    const corpus = this.#engine?.corpus;
    const articles = corpus?.articles.length ?? 0;
    const paragraphs = countParagraphs(corpus);
    return {
      status: 'busy',
      added: [],
      removed: [],
      changed: [],
      articlesBefore: articles,
      articlesAfter: articles,
      paragraphsBefore: paragraphs,
      paragraphsAfter: paragraphs,
      durationMs: 0,
      problems: [],
      ignored: [],
    };
  }

  async #reload(): Promise<ReloadReport> {
    // A reload never overtakes the check of the engine in service (nor its swap).
    if (this.#verifying) await this.#verifying;
    const started = this.#now();
    const before = this.#engine?.corpus;
    const base = {
      articlesBefore: before?.articles.length ?? 0,
      paragraphsBefore: countParagraphs(before),
    };
    const failed = (error: string, problems: LoadProblem[] = [], ignored: string[] = []): ReloadReport =>
      failedReport(base, Math.round(this.#now() - started), error, problems, ignored);

    let prepared: Prepared;
    try {
      prepared = await this.#prepare({ seedsDir: this.#options.seedsDir, maxBytes: this.#options.maxBytes });
    } catch (err) {
      return failed(`cannot build the index: ${errorMessage(err)}`);
    }
    if (!prepared.ok) return failed(prepared.error, prepared.problems, prepared.ignored);
    const { engine } = prepared;
    const diff = await diffCorporaAsync(before, engine.corpus);
    // The swap: one assignment, after the new engine is complete.
    this.#engine = engine;
    if (prepared.verification) this.#watch(engine, prepared.verification);
    return {
      status: 'ok',
      ...diff,
      ...base,
      articlesAfter: engine.corpus.articles.length,
      paragraphsAfter: countParagraphs(engine.corpus),
      durationMs: Math.round(this.#now() - started),
      problems: prepared.problems,
      ignored: prepared.ignored,
      ...(prepared.index ? { index: prepared.index } : {}),
    };
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A reload that changed nothing: the engine in service, and its counts, stay as they were. */
function failedReport(
  base: { articlesBefore: number; paragraphsBefore: number },
  durationMs: number,
  error: string,
  problems: LoadProblem[],
  ignored: string[],
): ReloadReport {
  return {
    status: 'failed',
    added: [],
    removed: [],
    changed: [],
    ...base,
    articlesAfter: base.articlesBefore,
    paragraphsAfter: base.paragraphsBefore,
    durationMs,
    problems,
    ignored,
    error,
  };
}
