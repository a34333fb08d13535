import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, AnswerResult } from '../../src/answer/types.js';
import type { Article } from '../../src/corpus/types.js';
import { renderAnswer, renderPassages } from '../../src/reply/answer.js';
import {
  ATTACH_AFTER_PAGES,
  attachmentName,
  PAGE_BUDGET,
  paginateArticle,
  renderArticlePage,
} from '../../src/reply/article.js';
import { articleKey, decodeButton, encodeButton, resolveArticleKey } from '../../src/reply/custom-ids.js';
import { payloadProblems } from '../../src/reply/limits.js';
import { renderReloadReport } from '../../src/reply/reload.js';
import type { ReloadReport } from '../../src/service/corpus-service.js';
import { makeArticle } from './support/fakes.js';

const USER = '123456789012345678';

function answer(over: Partial<Answer> = {}): Answer {
  return {
    file: '000_378f6c1953f514f5.txt',
    title: 'xAI négocie 12 milliards',
    paragraph: 3,
    line: 7,
    quote: 'xAI négocie actuellement jusqu’à 12 milliards de dollars.',
    context: 'Alors que… xAI négocie actuellement jusqu’à 12 milliards de dollars.',
    score: 12.5,
    highlights: [[4, 11]],
    ...over,
  };
}

/** Strings that try hard to break things: markdown, mentions, long runs, emoji, control chars. */
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom(
      '@everyone',
      '@here',
      '<@123456789012345678>',
      '<@&42>',
      '**',
      '_',
      '`',
      '\\',
      '😀',
      '\n',
      '- ',
      '# ',
      '[a](b)',
      'mot ',
      'é',
      '\u200b',
      '|',
    ),
    maxLength: 600,
  }),
  fc.string({ minLength: 3000, maxLength: 9000 }),
);
const highlights = fc.array(
  fc.tuple(fc.integer({ min: -10, max: 9000 }), fc.integer({ min: -10, max: 9000 })),
  {
    maxLength: 20,
  },
);
const anAnswer = fc.record({
  file: nasty,
  title: nasty,
  paragraph: fc.nat(100000),
  line: fc.nat(1000000),
  quote: nasty,
  context: nasty,
  heading: fc.option(nasty, { nil: undefined }),
  score: fc.double(),
  highlights,
});

describe('renderAnswer', () => {
  it('shows the best quote with bold matches, its source and buttons', () => {
    const result: AnswerResult = {
      question: 'combien ?',
      answered: true,
      answers: [
        answer(),
        answer({ file: 'b.txt', paragraph: 5, quote: 'Deuxième passage.', highlights: [] }),
      ],
      nearest: [],
    };
    const payload = renderAnswer(result, { lang: 'fr', question: 'combien **négocie** @everyone ?' });
    const embed = payload.embeds?.[0];
    expect(embed?.description).toBe('xAI **négocie** actuellement jusqu’à 12 milliards de dollars.');
    expect(embed?.title).toBe('xAI négocie 12 milliards');
    expect(embed?.fields?.[0]?.value).toBe('000\\_378f6c1953f514f5.txt § 3 (ligne 7)');
    expect(embed?.fields?.[1]?.name).toContain('Autre passage 2');
    expect(embed?.fields?.at(-1)?.value).toBe('combien \\*\\*négocie\\*\\* \\@everyone ?');
    expect(payload.allowedMentions).toEqual({ parse: [] });
    expect(payload.content).toBeUndefined();
    expect(payload.flags).toBeUndefined();
    const ids = payload.components?.[0]?.components.map((c) => ('custom_id' in c ? c.custom_id : ''));
    expect(ids).toEqual(['art:000_378f6c1953f514f5.txt:3', 'more:b.txt:5']);
    expect(payloadProblems(payload)).toEqual([]);
  });

  it('speaks English, hides and mentions on request', () => {
    const result: AnswerResult = { question: 'q', answered: true, answers: [answer()], nearest: [] };
    const payload = renderAnswer(result, { lang: 'en', question: 'q', ephemeral: true, mentionUserId: USER });
    expect(payload.content).toBe(`<@${USER}>`);
    expect(payload.allowedMentions).toEqual({ parse: [], users: [USER] });
    expect(payload.flags).toBe(64);
    expect(payload.embeds?.[0]?.fields?.[0]?.value).toContain('(line 7)');
    expect(payload.components?.[0]?.components).toHaveLength(1);
    expect(payloadProblems(payload, USER)).toEqual([]);
  });

  it('declines plainly and labels the nearest passages', () => {
    const result: AnswerResult = { question: 'q', answered: false, answers: [], nearest: [answer()] };
    const fr = renderAnswer(result, { lang: 'fr', question: 'q' }).embeds?.[0];
    expect(fr?.title).toBe('Aucune réponse trouvée');
    expect(fr?.description).toContain('ce ne sont pas des réponses');
    expect(fr?.fields?.[0]?.name).toMatch(/^Passage proche 1 \(pas une réponse\)/);
    const en = renderAnswer({ ...result, nearest: [] }, { lang: 'en', question: 'q' }).embeds?.[0];
    expect(en?.title).toBe('No answer found');
    expect(en?.description).toContain('No close passage either.');
  });

  it('always fits Discord limits and never pings, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.array(anAnswer, { maxLength: 4 }),
        fc.boolean(),
        nasty,
        fc.option(fc.constantFrom(USER, 'not-an-id', '<@&1>'), { nil: undefined }),
        (answers, answered, question, mention) => {
          const result: AnswerResult = {
            question,
            answered: answered && answers.length > 0,
            answers: answered ? answers : [],
            nearest: answered ? [] : answers,
          };
          const payload = renderAnswer(result, { lang: 'fr', question, mentionUserId: mention });
          expect(payloadProblems(payload, mention === USER ? USER : undefined)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('renderArticlePage', () => {
  const long: Article = makeArticle(
    'long.txt',
    'Un long article',
    Array.from(
      { length: 40 },
      (_, i) => `Paragraphe ${i + 1}. ${'Texte du paragraphe. '.repeat(20 + (i % 7) * 10)}`,
    ),
    'Une section',
  );

  it('pages the article, marks a paragraph and builds « previous / next »', () => {
    const pages = paginateArticle(long, 0);
    expect(pages.length).toBeGreaterThan(3);
    for (const p of pages) expect(p.text.length).toBeLessThanOrEqual(PAGE_BUDGET);
    expect(pages[0]?.text.startsWith('**Une section**\n\n§ 1 Paragraphe 1.')).toBe(true);

    const payload = renderArticlePage(long, { lang: 'fr', mark: 30 });
    const embed = payload.embeds?.[0];
    expect(embed?.description).toContain('▶ **§ 30** Paragraphe 30.');
    expect(embed?.footer?.text).toMatch(/^long\.txt · Page \d+\/\d+$/);
    const buttons = payload.components?.[0]?.components ?? [];
    expect(buttons.map((b) => ('label' in b ? b.label : ''))).toEqual(['« Précédent', 'Suivant »']);
    const next = buttons[1] && 'custom_id' in buttons[1] ? buttons[1].custom_id : '';
    const action = decodeButton(next);
    expect(action).toMatchObject({ kind: 'page', key: 'long.txt', mark: 30, dir: 'n' });
    expect(payloadProblems(payload)).toEqual([]);

    const first = renderArticlePage(long, { lang: 'en', page: 0 });
    const [prev] = first.components?.[0]?.components ?? [];
    expect(prev && 'disabled' in prev ? prev.disabled : undefined).toBe(true);
    const beyond = renderArticlePage(long, { lang: 'en', page: 999 });
    expect(beyond.embeds?.[0]?.footer?.text).toBe(`long.txt · Page ${pages.length}/${pages.length}`);
  });

  it('attaches a very long article as .txt on request', () => {
    const huge = makeArticle(
      'huge file (1).txt',
      'Énorme',
      Array.from({ length: 200 }, (_, i) => `P${i + 1} ${'mot '.repeat(80)}`),
    );
    expect(paginateArticle(huge).length).toBeGreaterThan(ATTACH_AFTER_PAGES);
    const payload = renderArticlePage(huge, { lang: 'fr', attachWhenLong: true });
    const file = payload.files?.[0];
    expect(file?.name).toBe('huge_file_1_.txt');
    const text = file?.attachment.toString('utf8') ?? '';
    expect(text.startsWith('Énorme\n\n§ 1  P1 mot')).toBe(true);
    expect(text).toContain('§ 200  P200 ');
    expect(renderArticlePage(huge, { lang: 'fr' }).files).toBeUndefined();
    expect(
      renderArticlePage(makeArticle('a.txt', 'A', ['Un.']), { lang: 'fr', attachWhenLong: true }).files,
    ).toBeUndefined();
    expect(attachmentName('../../etc/passwd')).toBe('etc_passwd.txt');
    expect(attachmentName('')).toBe('article.txt');
  });

  it('shows a short article on one page without buttons', () => {
    const payload = renderArticlePage(makeArticle('a.txt', 'A', ['Un.', 'Deux.']), { lang: 'fr' });
    expect(payload.embeds?.[0]?.description).toBe('§ 1 Un.\n\n§ 2 Deux.');
    expect(payload.components).toEqual([]);
  });

  it('covers every paragraph, within limits, whatever the article says', () => {
    fc.assert(
      fc.property(
        nasty,
        nasty,
        fc.array(fc.tuple(nasty, fc.option(nasty, { nil: undefined })), { maxLength: 8 }),
        fc.nat(10),
        (file, title, paras, mark) => {
          const article: Article = {
            file,
            title,
            paragraphs: paras.map(([text, heading], i) => ({
              id: `${file}#${i + 1}`,
              file,
              number: i + 1,
              line: i + 1,
              text,
              ...(heading !== undefined ? { heading } : {}),
            })),
          };
          const pages = paginateArticle(article, mark);
          for (const [i] of paras.entries())
            expect(pages.some((p) => p.paragraphs.includes(i + 1))).toBe(true);
          for (let page = 0; page < Math.min(pages.length, 4); page++) {
            const payload = renderArticlePage(article, { lang: 'fr', page, mark });
            expect(payloadProblems(payload)).toEqual([]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('renderPassages', () => {
  it('fits three huge passages', () => {
    const text = 'x '.repeat(5000);
    const payload = renderPassages(
      [1, 2, 3].map((n) => ({ file: 'f.txt', title: 'T'.repeat(400), paragraph: n, line: n, text })),
      'fr',
    );
    expect(payload.embeds).toHaveLength(3);
    expect(payloadProblems(payload)).toEqual([]);
    expect(renderPassages([], 'en').content).toContain('no longer');
  });
});

describe('custom ids', () => {
  it('round-trip and stay short', () => {
    const longName = `${'é'.repeat(200)}.txt`;
    const key = articleKey(longName);
    expect(key).toMatch(/^~[0-9a-f]{12}$/);
    expect(resolveArticleKey({ articles: [makeArticle(longName, 'T', ['p'])] }, key)?.file).toBe(longName);
    const id = encodeButton({
      kind: 'more',
      refs: [
        { key, paragraph: 12 },
        { key: 'a.txt', paragraph: 3 },
      ],
    });
    expect(decodeButton(id)).toEqual({
      kind: 'more',
      refs: [
        { key, paragraph: 12 },
        { key: 'a.txt', paragraph: 3 },
      ],
    });
    expect(decodeButton('art:../../etc/passwd:1')).toBeUndefined();
    expect(decodeButton('page:a.txt:1:0:x')).toBeUndefined();
    expect(decodeButton('nonsense')).toBeUndefined();
    expect(resolveArticleKey({ articles: [] }, 'a.txt')).toBeUndefined();
  });
});

describe('renderReloadReport', () => {
  const base: ReloadReport = {
    status: 'ok',
    added: ['new.txt'],
    removed: ['old.txt'],
    changed: ['c_1.txt'],
    articlesBefore: 5,
    articlesAfter: 5,
    paragraphsBefore: 40,
    paragraphsAfter: 44,
    durationMs: 12,
    problems: [{ file: 'bad.txt', reason: 'not valid UTF-8' }],
    ignored: ['notes.md'],
  };

  it('renders a successful reload', () => {
    const payload = renderReloadReport(base, 'fr');
    const embed = payload.embeds?.[0];
    expect(payload.flags).toBe(64);
    expect(embed?.title).toBe('Corpus rechargé');
    const fields = Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({
      Articles: '5 → 5',
      Paragraphes: '40 → 44',
      Durée: '12 ms',
      'Ajoutés (1)': '• new.txt',
      'Retirés (1)': '• old.txt',
      'Modifiés (1)': '• c\\_1.txt',
      'Fichiers refusés (1)': '• bad.txt — not valid UTF-8',
      'Fichiers ignorés (1)': '• notes.md',
    });
  });

  it('says a failed reload keeps the working index', () => {
    const payload = renderReloadReport(
      { ...base, status: 'failed', error: 'no article could be loaded' },
      'en',
    );
    expect(payload.embeds?.[0]?.title).toBe('Reload failed');
    expect(payload.embeds?.[0]?.description).toContain(
      'The working index is kept (5 articles, 44 paragraphs).',
    );
    expect(renderReloadReport({ ...base, status: 'busy' }, 'en').embeds?.[0]?.title).toBe(
      'Reload already running',
    );
  });

  it('fits limits with thousands of files', () => {
    fc.assert(
      fc.property(fc.array(nasty, { maxLength: 3000 }), nasty, (files, reason) => {
        const report = {
          ...base,
          added: files,
          changed: files,
          problems: files.map((file) => ({ file, reason })),
        };
        expect(payloadProblems(renderReloadReport(report, 'fr'))).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});
