/**
 * Replies that tests/bot/render.test.ts does not drive with arbitrary text: "other passages", failed and
 * busy reload reports, the bot's short notices echoing what a user typed; and bare links in quotes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderPassages } from '../../src/reply/answer.js';
import { type Lang, messages } from '../../src/reply/i18n.js';
import { payloadProblems } from '../../src/reply/limits.js';
import { escapeMarkdown, fitEscaped, linkSpans, renderRich } from '../../src/reply/markdown.js';
import { renderNotice } from '../../src/reply/payload.js';
import { renderReloadReport } from '../../src/reply/reload.js';
import { cleanQuestion } from '../../src/search/query/clean.js';
import type { ReloadReport } from '../../src/service/corpus-service.js';
import { paragraph, question, title } from './support/arbitraries.js';
import { liveMarkup, shown } from './support/discord-markdown.js';

const lang = fc.constantFrom<Lang>('fr', 'en');
const anyText = fc.oneof(paragraph, title, question, fc.string({ minLength: 3000, maxLength: 7000 }));

describe('renderPassages', () => {
  it('fits Discord limits and shows every passage literally, whatever it says', () => {
    const passage = fc.record({
      file: anyText,
      title: anyText,
      paragraph: fc.nat(1_000_000),
      line: fc.nat(10_000_000),
      text: anyText,
    });
    fc.assert(
      fc.property(fc.array(passage, { maxLength: 6 }), lang, (passages, l) => {
        const payload = renderPassages(passages, l);
        expect(payloadProblems(payload)).toEqual([]);
        expect(payload.flags).toBe(64);
        for (const e of payload.embeds ?? []) {
          expect(liveMarkup(e.title ?? '')).toEqual([]);
          expect(liveMarkup(e.description ?? '')).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('renderReloadReport', () => {
  const files = fc.array(anyText, { maxLength: 400 });
  const report = fc.record({
    status: fc.constantFrom<ReloadReport['status']>('ok', 'failed', 'busy'),
    added: files,
    removed: files,
    changed: files,
    articlesBefore: fc.nat(),
    articlesAfter: fc.nat(),
    paragraphsBefore: fc.nat(),
    paragraphsAfter: fc.nat(),
    durationMs: fc.nat(),
    problems: fc.array(fc.record({ file: anyText, reason: anyText }), { maxLength: 400 }),
    ignored: files,
    error: fc.option(anyText, { nil: undefined }),
  });

  it('fits Discord limits for every status, whatever the file names and errors', () => {
    fc.assert(
      fc.property(report, lang, (r, l) => {
        const { error, ...rest } = r;
        const payload = renderReloadReport(error === undefined ? rest : { ...rest, error }, l);
        expect(payloadProblems(payload)).toEqual([]);
        expect(payload.flags).toBe(64);
        for (const f of payload.embeds?.[0]?.fields ?? []) expect(liveMarkup(f.value)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('notices echoing user input', () => {
  it('"unknown article" fits, shows the name literally and pings nobody, whatever was typed', () => {
    fc.assert(
      fc.property(fc.oneof(question, fc.string({ maxLength: 6000 })), lang, (typed, l) => {
        // As /source does: the cleaned name, escaped, cut to 100 characters.
        const name = fitEscaped(cleanQuestion(typed), 100);
        const payload = renderNotice(messages(l).unknownArticle(name));
        expect(payloadProblems(payload)).toEqual([]);
        expect(payload.flags).toBe(64);
        expect(liveMarkup(payload.content ?? '')).toEqual([]);
        expect(shown(payload.content ?? '')).toContain(shown(name));
      }),
      { numRuns: 300 },
    );
  });

  it('the other notices fit for any number', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), lang, (a, b, l) => {
        const m = messages(l);
        for (const text of [m.questionTooLong(a, b), m.cooldown(a), m.paragraphMissing(a, b)]) {
          expect(payloadProblems(renderNotice(text))).toEqual([]);
        }
      }),
    );
  });
});

describe('bare links in article text', () => {
  it('are found as Discord finds them', () => {
    const text =
      'Voir https://fr.wikipedia.org/wiki/Abeille_noire#Histoire, (http://x.example/~u/a_b) et [lien](https://y.example/c_d).';
    expect(linkSpans(text).map(([a, b]) => text.slice(a, b))).toEqual([
      'https://fr.wikipedia.org/wiki/Abeille_noire#Histoire',
      'http://x.example/~u/a_b',
      'https://y.example/c_d',
    ]);
    // Glued to a word, still a link for Discord.
    expect(linkSpans('voirhttps://a_b')).toEqual([[4, 15]]);
  });

  it('keep `_`, `#` and `~` as they are inside links, and escape everything else as usual', () => {
    expect(escapeMarkdown('_a_ https://x.example/a_b#c~d _b_')).toBe(
      '\\_a\\_ https://x.example/a_b#c~d \\_b\\_',
    );
    expect(escapeMarkdown('https://x.example/**@everyone||')).toBe(
      'https://x.example/\\*\\*\\@everyone\\|\\|',
    );
    expect(escapeMarkdown('https://x.example/a\\_b')).toBe('https://x.example/a\\\\\\_b');
  });

  it('keep bold markers out of what Discord would take as the link', () => {
    // Discord's link runs on through `>`, `)`, escapes… up to a blank: a word glued there stays plain.
    const text = 'voir http://x.example/a_b>Grok et (http://y.example/c)Musk puis Grok';
    const at = (w: string, from = 0) => [text.indexOf(w, from), text.indexOf(w, from) + w.length] as const;
    const highlights = [at('Grok'), at('Musk'), at('Grok', 40)];
    expect(renderRich(text, 4096, { highlights }).text).toBe(
      'voir http://x.example/a_b\\>Grok et (http://y.example/c)Musk puis **Grok**',
    );
  });

  it('never get bold markers inside, and show intact when the text fits', () => {
    const link = fc
      .tuple(
        fc.constantFrom('http://', 'https://'),
        fc.string({
          unit: fc.constantFrom('a', 'b', '_', '#', '~', '/', '.', '-', '%', '=', '?'),
          minLength: 1,
          maxLength: 30,
        }),
        fc.constantFrom('z', '/', '_', '1'),
      )
      .map(([scheme, body, last]) => `${scheme}x.example/${body}${last}`);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(paragraph, link), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(600), fc.nat(600)), { maxLength: 12 }),
        (parts, highlights) => {
          const text = parts.join(' ');
          const { text: rendered, truncated } = renderRich(text, 4096, { highlights });
          expect(liveMarkup(rendered)).toEqual([]);
          for (const [a, b] of truncated ? [] : linkSpans(text)) {
            const url = text.slice(a, b);
            const plain =
              !/[*`|@[\]\\]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(url);
            if (plain) expect(rendered).toContain(url);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
