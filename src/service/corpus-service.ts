import type { Article, Corpus, LoadProblem, LoadResult } from '../corpus/types.js';
import type { QuestionEngine } from '../engine/types.js';

export type CorpusLoader = (dir: string, options: { maxBytes: number }) => Promise<LoadResult>;
export type EngineBuilder = (corpus: Corpus) => QuestionEngine;

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
}

export interface CorpusServiceOptions {
  seedsDir: string;
  maxBytes: number;
  load: CorpusLoader;
  build: EngineBuilder;
  now?: () => number;
}

const countParagraphs = (corpus: Corpus | undefined) =>
  corpus ? corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0) : 0;

const fingerprint = (article: Article) => JSON.stringify(article.paragraphs.map((p) => p.text));

/** Added / removed / changed article files between two corpora (changed = paragraph texts differ). */
export function diffCorpora(
  before: Corpus | undefined,
  after: Corpus,
): { added: string[]; removed: string[]; changed: string[] } {
  const old = new Map((before?.articles ?? []).map((a) => [a.file, a]));
  const next = new Map(after.articles.map((a) => [a.file, a]));
  const added = [...next.keys()].filter((f) => !old.has(f));
  const removed = [...old.keys()].filter((f) => !next.has(f));
  const changed = [...next].flatMap(([file, article]) => {
    const previous = old.get(file);
    return previous && fingerprint(previous) !== fingerprint(article) ? [file] : [];
  });
  const byName = (a: string, b: string) => a.localeCompare(b);
  return { added: added.sort(byName), removed: removed.sort(byName), changed: changed.sort(byName) };
}

/**
 * Holds the current engine. A reload loads and builds a new engine to the side and swaps the
 * reference at once, so a question is always answered by a complete index (old or new). One reload
 * at a time: a second call while one runs gets a `busy` report.
 */
export class CorpusService {
  #engine: QuestionEngine | undefined;
  #running: Promise<ReloadReport> | undefined;
  readonly #options: CorpusServiceOptions;
  readonly #now: () => number;

  constructor(options: CorpusServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The engine in service, or undefined before the first successful load. */
  get engine(): QuestionEngine | undefined {
    return this.#engine;
  }

  get reloading(): boolean {
    return this.#running !== undefined;
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
    const started = this.#now();
    const before = this.#engine?.corpus;
    const base = {
      articlesBefore: before?.articles.length ?? 0,
      paragraphsBefore: countParagraphs(before),
    };
    const failed = (error: string, problems: LoadProblem[] = [], ignored: string[] = []): ReloadReport => ({
      status: 'failed',
      added: [],
      removed: [],
      changed: [],
      ...base,
      articlesAfter: base.articlesBefore,
      paragraphsAfter: base.paragraphsBefore,
      durationMs: Math.round(this.#now() - started),
      problems,
      ignored,
      error,
    });

    let loaded: LoadResult;
    try {
      loaded = await this.#options.load(this.#options.seedsDir, { maxBytes: this.#options.maxBytes });
    } catch (err) {
      return failed(`cannot read ${this.#options.seedsDir}: ${errorMessage(err)}`);
    }
    if (loaded.corpus.articles.length === 0) {
      return failed('no article could be loaded', loaded.problems, loaded.ignored);
    }
    let engine: QuestionEngine;
    try {
      engine = this.#options.build(loaded.corpus);
    } catch (err) {
      return failed(`cannot build the index: ${errorMessage(err)}`, loaded.problems, loaded.ignored);
    }
    const diff = diffCorpora(before, loaded.corpus);
    // The swap: one assignment, after the new engine is complete.
    this.#engine = engine;
    return {
      status: 'ok',
      ...diff,
      ...base,
      articlesAfter: loaded.corpus.articles.length,
      paragraphsAfter: countParagraphs(loaded.corpus),
      durationMs: Math.round(this.#now() - started),
      problems: loaded.problems,
      ignored: loaded.ignored,
    };
  }
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
