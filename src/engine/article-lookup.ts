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
    const ranked: Array<{ rank: number; entry: Entry }> = [];
    for (const entry of this.entries) {
      const rank = matchRank(entry, query);
      if (rank !== undefined) ranked.push({ rank, entry });
    }
    ranked.sort((a, b) => a.rank - b.rank || a.entry.title.localeCompare(b.entry.title));
    return ranked.slice(0, limit).map(({ entry }) => entry.article);
  }
}

function matchRank(entry: Entry, query: string): number | undefined {
  if (entry.title.startsWith(query) || entry.file.startsWith(query)) return 0;
  if (entry.title.includes(` ${query}`)) return 1;
  if (entry.title.includes(query) || entry.file.includes(query)) return 2;
  return undefined;
}
