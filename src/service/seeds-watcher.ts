/**
 * Watches the seeds folder (`SEEDS_WATCH=true`) and reloads after a quiet period: a burst of changes
 * (an editor's save, a copy of many files) makes one reload, through the same `CorpusService.reload` as
 * `/reload`, with the same checks (a bad file is refused and reported, a reload that loads nothing keeps
 * the working index). Transport-neutral: it logs; it does not talk to Discord.
 */
import { type FSWatcher, watch } from 'node:fs';
import type { CorpusService, ReloadReport } from './corpus-service.js';
import type { ServiceLogger } from './index-worker.js';

/** Default quiet period before a reload. */
export const DEFAULT_DEBOUNCE_MS = 1_000;

export interface SeedsWatcherOptions {
  dir: string;
  service: Pick<CorpusService, 'reload' | 'idle'>;
  logger: ServiceLogger;
  /** How long the folder must stay quiet before reloading (default 1 s). */
  debounceMs?: number;
  /** Called after each reload the watcher made, with the file names that changed (for tests). */
  onReload?: (report: ReloadReport, changed: string[]) => void;
}

/** Hidden files (editors' swap files) and files that are not articles do not trigger a reload. */
function isRelevant(name: string): boolean {
  const base = name.split(/[\\/]/).pop() ?? name;
  return !base.startsWith('.') && /\.txt$/i.test(base);
}

export class SeedsWatcher {
  readonly #options: SeedsWatcherOptions;
  readonly #debounceMs: number;
  readonly #pending = new Set<string>();
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  private constructor(options: SeedsWatcherOptions) {
    this.#options = options;
    this.#debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  }

  /** Starts watching `options.dir`. Throws if the folder cannot be watched. */
  static start(options: SeedsWatcherOptions): SeedsWatcher {
    const watcher = new SeedsWatcher(options);
    watcher.#watcher = watch(options.dir, { persistent: false }, (_event, filename) =>
      watcher.#changed(filename === null ? null : String(filename)),
    );
    watcher.#watcher.on('error', (err) => {
      options.logger.warn({ dir: options.dir, err }, 'cannot watch the seeds folder any more');
      watcher.#watcher?.close();
      watcher.#watcher = undefined;
    });
    options.logger.info({ dir: options.dir, debounceMs: watcher.#debounceMs }, 'watching the seeds folder');
    return watcher;
  }

  /** True while a reload started by the watcher runs. */
  get reloading(): boolean {
    return this.#running !== undefined;
  }

  /** Stops watching; resolves once a reload the watcher started (if any) has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
    await this.#running;
  }

  #changed(name: string | null): void {
    if (this.#closed) return;
    if (name !== null && !isRelevant(name)) return;
    this.#pending.add(name ?? '(unknown file)');
    this.#arm();
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#quiet(), this.#debounceMs);
  }

  /** The folder has been quiet for the debounce period. */
  #quiet(): void {
    // A reload of ours is running: when it ends, the changes seen meanwhile get their own quiet period.
    if (this.#running || this.#closed) return;
    this.#running = this.#reload().finally(() => {
      this.#running = undefined;
      if (this.#pending.size > 0 && !this.#closed) this.#arm();
    });
  }

  async #reload(): Promise<void> {
    const { service, logger, dir } = this.#options;
    // A /reload is running: wait for it, then reload again so that the latest files are read.
    await service.idle();
    if (this.#closed) return;
    const changed = [...this.#pending].sort();
    this.#pending.clear();
    logger.info({ dir, changed }, 'seeds changed, reloading');
    let report: ReloadReport;
    try {
      report = await service.reload();
    } catch (err) {
      logger.warn({ dir, err }, 'seeds reload failed');
      return;
    }
    if (report.status === 'busy') {
      for (const name of changed) this.#pending.add(name);
      return;
    }
    const summary = {
      dir,
      changed,
      status: report.status,
      added: report.added,
      removed: report.removed,
      modified: report.changed,
      articles: report.articlesAfter,
      paragraphs: report.paragraphsAfter,
      reloadMs: report.durationMs,
      ...(report.index ? { index: report.index } : {}),
    };
    if (report.status === 'ok') logger.info(summary, 'seeds reloaded');
    else logger.warn({ ...summary, error: report.error }, 'seeds reload failed, the working index is kept');
    if (report.problems.length > 0) {
      logger.warn({ dir, refused: report.problems }, 'seeds files refused');
    }
    this.#options.onReload?.(report, changed);
  }
}
