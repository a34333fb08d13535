import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Answer, AnswerResult } from '../../../src/answer/types.js';
import type { Article, Corpus, LoadResult, Paragraph } from '../../../src/corpus/types.js';
import type { QuestionEngine } from '../../../src/engine/types.js';

/** A minimal article: first block is the title, then one paragraph per block. */
export function makeArticle(file: string, title: string, texts: string[], heading?: string): Article {
  const paragraphs: Paragraph[] = texts.map((text, i) => ({
    id: `${file}#${i + 1}`,
    file,
    number: i + 1,
    line: 3 + i * 2,
    text,
    ...(heading ? { heading } : {}),
  }));
  return { file, title, paragraphs };
}

/** Test-only stand-in for the real loader: `.txt` files, title line, blank-line separated paragraphs. */
export async function fakeLoad(dir: string, options: { maxBytes: number }): Promise<LoadResult> {
  const names = (await readdir(dir)).sort();
  const result: LoadResult = { corpus: { articles: [] }, problems: [], ignored: [] };
  for (const name of names) {
    if (!name.endsWith('.txt')) {
      result.ignored.push(name);
      continue;
    }
    const path = join(dir, name);
    try {
      if ((await stat(path)).size > options.maxBytes) {
        result.problems.push({ file: name, reason: 'too large' });
        continue;
      }
      const blocks = (await readFile(path, 'utf8'))
        .split(/\n\s*\n/)
        .map((b) => b.trim())
        .filter(Boolean);
      const [title, ...texts] = blocks;
      if (!title || texts.length === 0) {
        result.problems.push({ file: name, reason: 'empty' });
        continue;
      }
      result.corpus.articles.push(makeArticle(name, title, texts));
    } catch (err) {
      result.problems.push({ file: name, reason: (err as Error).message });
    }
  }
  return result;
}

function toAnswer(article: Article, paragraph: Paragraph, words: string[]): Answer {
  const quote = paragraph.text;
  const highlights: Array<[number, number]> = [];
  const lower = quote.toLowerCase();
  for (const w of words) {
    let from = 0;
    for (;;) {
      const at = lower.indexOf(w, from);
      if (at < 0) break;
      highlights.push([at, at + w.length]);
      from = at + w.length;
    }
  }
  highlights.sort((a, b) => a[0] - b[0]);
  return {
    file: article.file,
    title: article.title,
    paragraph: paragraph.number,
    line: paragraph.line,
    quote,
    context: paragraph.text,
    ...(paragraph.heading ? { heading: paragraph.heading } : {}),
    score: words.length,
    highlights,
  };
}

/** Test-only engine: answers with paragraphs containing every word of 4+ letters of the question. */
export class FakeEngine implements QuestionEngine {
  constructor(readonly corpus: Corpus) {}

  ask(question: string): AnswerResult {
    const words = question
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 4);
    const scored: Answer[] = [];
    const near: Answer[] = [];
    for (const article of this.corpus.articles) {
      for (const p of article.paragraphs) {
        const text = p.text.toLowerCase();
        const hits = words.filter((w) => text.includes(w));
        if (words.length > 0 && hits.length === words.length) scored.push(toAnswer(article, p, hits));
        else if (hits.length > 0) near.push(toAnswer(article, p, hits));
      }
    }
    const answers = scored.slice(0, 3);
    return {
      question,
      answered: answers.length > 0,
      answers,
      nearest: answers.length > 0 ? [] : near.slice(0, 3),
    };
  }

  findArticles(typed: string, limit = 25): Article[] {
    const t = typed.toLowerCase();
    return this.corpus.articles
      .filter((a) => a.title.toLowerCase().includes(t) || a.file.toLowerCase().includes(t))
      .slice(0, limit);
  }

  getArticle(fileOrTitle: string): Article | undefined {
    const t = fileOrTitle.toLowerCase();
    return (
      this.corpus.articles.find((a) => a.file === fileOrTitle) ??
      (t ? this.corpus.articles.find((a) => a.title.toLowerCase().startsWith(t)) : undefined)
    );
  }
}
