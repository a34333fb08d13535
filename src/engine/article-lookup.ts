import type { Article } from '../corpus/types.js';
import { TimeSlicer } from '../search/time-slice.js';

/** Lower case, accents folded, apostrophes and spaces unified: how typed names are compared. */
export function foldForLookup(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘ʼ`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

interface Entry {
  article: Article;
  file: string;
  title: string;
}

function toEntry(article: Article): Entry {
  return { article, file: foldForLookup(article.file), title: foldForLookup(article.title) };
}

/** Finds articles by file name or title, for /source and its autocomplete. Only loaded articles exist. */
export class ArticleLookup {
  private readonly entries: Entry[];
  private readonly byFile: Map<string, Article>;
  /** Entries sorted by folded title, and folded file names sorted, built on the first autocomplete. */
  private sorted: { byTitle: Entry[]; files: string[] } | undefined;

  constructor(articles: readonly Article[], entries?: Entry[]) {
    this.entries = entries ?? articles.map(toEntry);
    this.byFile = new Map(articles.map((article) => [article.file, article]));
  }

  /** The same lookup, built in time slices (for large corpora loaded while the bot serves). */
  static async create(
    articles: readonly Article[],
    slicer: TimeSlicer = new TimeSlicer(),
  ): Promise<ArticleLookup> {
    const entries: Entry[] = [];
    for (const article of articles) {
      entries.push(toEntry(article));
      await slicer.maybeYield();
    }
    return new ArticleLookup(articles, entries);
  }

  /** An article by its exact file name, or else by the start of its title (at least three characters). */
  get(fileOrTitle: string): Article | undefined {
    const exact = this.byFile.get(fileOrTitle.trim());
    if (exact !== undefined) return exact;
    const typed = foldForLookup(fileOrTitle);
    if (typed.length < 3) return undefined;
    return (
      this.entries.find((entry) => entry.file === typed || entry.file === `${typed}.txt`)?.article ??
      this.entries.find((entry) => entry.title.startsWith(typed))?.article
    );
  }

  /** Articles whose title or file name matches what was typed: title starts first, then word starts, then anywhere. */
  find(typed: string, limit: number): Article[] {
    const query = foldForLookup(typed);
    if (query.length === 0) return this.entries.slice(0, limit).map((entry) => entry.article);
    const titleStarts = this.titleStarts(query, limit);
    if (titleStarts !== undefined) return titleStarts.map((entry) => entry.article);
    // Autocomplete runs on every keystroke over thousands of titles: bucket by rank, and sort (by the folded
    // title, a plain comparison) only the buckets that can reach the limit.
    const buckets: Entry[][] = [[], [], []];
    for (const entry of this.entries) {
      const rank = matchRank(entry, query);
      if (rank !== undefined) buckets[rank]?.push(entry);
    }
    const chosen: Entry[] = [];
    for (const bucket of buckets) {
      if (chosen.length >= limit) break;
      bucket.sort(byFoldedTitle);
      chosen.push(...bucket.slice(0, limit - chosen.length));
    }
    return chosen.map((entry) => entry.article);
  }

  /**
   * The first `limit` titles starting with `query`, by binary search, when there are that many and no file
   * name starts with it too: then they are exactly the best matches, found without reading every title.
   */
  private titleStarts(query: string, limit: number): Entry[] | undefined {
    this.sorted ??= {
      byTitle: [...this.entries].sort(byFoldedTitle),
      files: this.entries.map((entry) => entry.file).sort(),
    };
    const { byTitle, files } = this.sorted;
    const firstFile = files[lowerBound(files, query, (file) => file)];
    if (firstFile?.startsWith(query)) return undefined;
    const matches: Entry[] = [];
    for (let i = lowerBound(byTitle, query, (entry) => entry.title); i < byTitle.length; i++) {
      const entry = byTitle[i];
      if (entry === undefined || !entry.title.startsWith(query) || matches.length === limit) break;
      matches.push(entry);
    }
    return matches.length === limit ? matches : undefined;
  }
}

/** The first index whose key is not below `key`, in an array sorted by that key. */
function lowerBound<T>(sorted: readonly T[], key: string, keyOf: (item: T) => string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keyOf(sorted[middle] as T) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

function byFoldedTitle(a: Entry, b: Entry): number {
  return a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
}

function matchRank(entry: Entry, query: string): number | undefined {
  if (entry.title.startsWith(query) || entry.file.startsWith(query)) return 0;
  if (entry.title.includes(` ${query}`)) return 1;
  if (entry.title.includes(query) || entry.file.includes(query)) return 2;
  return undefined;
}
