/**
 * Every quote is a verbatim substring of its file, and every reply built from it fits Discord's
 * limits: for arbitrary questions over the bundled seeds, and over generated corpora of arbitrary
 * paragraph text (markdown, mentions, links, emoji, invisible characters, CRLF…).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer/types.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { parseArticle } from '../../src/corpus/parse.js';
import type { Article } from '../../src/corpus/types.js';
import { Engine } from '../../src/engine/engine.js';
import { renderAnswer, renderPassages } from '../../src/reply/answer.js';
import { paginateArticle, renderArticlePage } from '../../src/reply/article.js';
import { payloadProblems } from '../../src/reply/limits.js';
import { cleanQuestion } from '../../src/search/query/clean.js';
import { articleText, fileName, question } from './support/arbitraries.js';
import { liveMarkup, shown } from './support/discord-markdown.js';

const SEEDS = join(import.meta.dirname, '../../seeds');
const USER = '123456789012345678';

/** Quotes inside their paragraph, paragraphs inside their file (line by line), at the line cited. */
function expectVerbatim(result: AnswerResult, rawOf: (file: string) => string | undefined): void {
  if (!result.answered) expect(result.answers).toEqual([]);
  for (const a of [...result.answers, ...result.nearest]) {
    const raw = rawOf(a.file);
    expect(raw, a.file).toBeDefined();
    expect(a.quote.length).toBeGreaterThan(0);
    expect(a.context).toContain(a.quote);
    const lines = (raw as string).split(/\r\n|\r|\n/);
    const contextLines = a.context.split('\n');
    for (const line of contextLines) expect(raw).toContain(line);
    if (!(raw as string).includes('\r')) expect(raw).toContain(a.context);
    expect(lines[a.line - 1]?.includes(contextLines[0] as string), `line ${a.line} of ${a.file}`).toBe(true);
    for (const [start, end] of a.highlights) {
      expect(0 <= start && start < end && end <= a.quote.length).toBe(true);
    }
  }
}

/** Every reply /ask can send for this result (both languages, hidden or not, with a mention) fits. */
function expectRenderable(result: AnswerResult, asked: string): void {
  const q = cleanQuestion(asked);
  for (const [lang, mention] of [
    ['fr', undefined],
    ['en', USER],
  ] as const) {
    const payload = renderAnswer(result, {
      lang,
      question: q,
      ephemeral: mention !== undefined,
      ...(mention ? { mentionUserId: mention } : {}),
    });
    expect(payloadProblems(payload, mention)).toEqual([]);
    expectLiteral(payload.embeds ?? []);
    const best = result.answered ? result.answers[0] : undefined;
    const description = payload.embeds?.[0]?.description ?? '';
    if (best) {
      // The quote itself, as the reader sees it: a prefix of the verbatim quote.
      const seen = shown(description).replace(/…$/, '');
      expect(wellFormed(best.quote).startsWith(seen), `${JSON.stringify(seen)} in ${best.quote}`).toBe(true);
    }
  }
  const passages = [...result.answers, ...result.nearest].map((a) => ({
    file: a.file,
    title: a.title,
    paragraph: a.paragraph,
    line: a.line,
    text: a.context,
  }));
  const shownPassages = renderPassages(passages, 'fr');
  expect(payloadProblems(shownPassages)).toEqual([]);
  expectLiteral(shownPassages.embeds ?? []);
}

/** Lone surrogates are shown as U+FFFD. */
const wellFormed = (text: string) =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** Nothing in these embeds formats, mentions, links or lists: article text shows literally. */
function expectLiteral(embeds: APIEmbed[]): void {
  for (const e of embeds) {
    for (const text of [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]) {
      if (text) expect(liveMarkup(text), text).toEqual([]);
    }
  }
}

describe('over the bundled seeds', () => {
  let engine: Engine;
  const raw = new Map<string, string>();
  let seedWords: string[] = [];

  beforeAll(async () => {
    const loaded = await loadCorpus(SEEDS);
    engine = Engine.build(loaded.corpus);
    for (const a of loaded.corpus.articles) raw.set(a.file, readFileSync(join(SEEDS, a.file), 'utf8'));
    seedWords = [
      ...new Set(loaded.corpus.articles.flatMap((a) => a.paragraphs.flatMap((p) => p.text.split(/\s+/)))),
    ].filter((w) => w.length > 0);
  });

  it('quotes verbatim and renders within limits, for any question', () => {
    const fromSeeds = fc
      .tuple(
        fc.constantFrom('Combien', 'Qui', 'Quand', 'Où', 'Pourquoi', 'What', 'How many', ''),
        fc.array(fc.constantFrom(...seedWords), { minLength: 1, maxLength: 12 }),
      )
      .map(([w, words]) => `${w} ${words.join(' ')} ?`);
    let answered = 0;
    fc.assert(
      fc.property(fc.oneof(fromSeeds, question), (q) => {
        const result = engine.ask(q);
        if (result.answered) answered++;
        expectVerbatim(result, (file) => raw.get(file));
        expectRenderable(result, q);
      }),
      { numRuns: 250 },
    );
    // Not vacuous: some of these questions were answered.
    expect(answered).toBeGreaterThan(0);
  });
});

describe('over a generated corpus of arbitrary paragraphs', () => {
  const corpusArb = fc.uniqueArray(fc.record({ file: fileName, text: articleText }), {
    minLength: 1,
    maxLength: 4,
    selector: (f) => f.file,
  });
  /** Questions made of words of the corpus itself: picks of (paragraph, start word, length). */
  const picksArb = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 10 })), {
    minLength: 1,
    maxLength: 4,
  });

  it('quotes verbatim, and every reply and article page fits Discord limits', () => {
    let answered = 0;
    let asked = 0;
    fc.assert(
      fc.property(corpusArb, picksArb, fc.array(question, { maxLength: 2 }), (files, picks, others) => {
        const raw = new Map(files.map((f) => [f.file, f.text]));
        const articles: Article[] = files
          .map((f) => parseArticle(f.file, f.text))
          .filter((a) => a.paragraphs.length > 0);
        fc.pre(articles.length > 0);
        const engine = Engine.build({ articles });
        const paragraphs = articles.flatMap((a) => a.paragraphs);
        const questions = [
          ...picks.map(([p, s, n]) => {
            const words = (paragraphs[p % paragraphs.length]?.text ?? '').split(/\s+/);
            const start = s % words.length;
            return `Qui ${words.slice(start, start + n).join(' ')} ?`;
          }),
          ...others,
        ];
        for (const q of questions) {
          const result = engine.ask(q);
          asked++;
          if (result.answered) answered++;
          expectVerbatim(result, (file) => raw.get(file));
          expectRenderable(result, q);
        }
        for (const article of articles) {
          const pages = paginateArticle(article);
          const last = article.paragraphs.at(-1)?.number ?? 0;
          for (const options of [
            { lang: 'fr' as const, attachWhenLong: true },
            { lang: 'en' as const, page: pages.length - 1, mark: last, ephemeral: true },
          ]) {
            const page = renderArticlePage(article, options);
            expect(payloadProblems(page)).toEqual([]);
            expectLiteral(page.embeds ?? []);
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(asked).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(0);
  });
});
