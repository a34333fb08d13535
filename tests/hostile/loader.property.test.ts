/**
 * The loader never throws on any bytes: every file comes out exactly once (loaded, refused with a
 * reason, or ignored), and every paragraph it loads is text of its file, line by line.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { articleText } from './support/arbitraries.js';

const root = mkdtempSync(join(tmpdir(), 'hostile-loader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const utf8 = (s: string) => Buffer.from(s, 'utf8');
/** File contents: random bytes, text with random bytes spliced in, BOMs, NULs, odd encodings. */
const contents = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
  articleText.map(utf8),
  articleText.map((t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(t)])),
  articleText.map((t) => Buffer.from(t, 'utf16le')),
  articleText.map((t) => Buffer.from(t, 'latin1')),
  fc.tuple(articleText, fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.nat()).map(([t, junk, at]) => {
    const b = utf8(t);
    const i = at % (b.length + 1);
    return Buffer.concat([b.subarray(0, i), Buffer.from(junk), b.subarray(i)]);
  }),
  fc.constantFrom(Buffer.alloc(0), utf8(' \n\t\r\n'), utf8('\n\n\n'), Buffer.from([0]), utf8('\uFEFF')),
);
const name = fc.oneof(
  fc.stringMatching(/^[a-z0-9_-]{1,20}\.txt$/),
  fc.stringMatching(/^[a-z0-9]{1,10}\.(md|TXT|txt\.bak)$/),
  fc
    .string({ unit: fc.constantFrom('a', 'é', ' ', '😀', '-', '#', '@', '*'), minLength: 1, maxLength: 30 })
    .map((s) => `${s}.txt`),
  fc.stringMatching(/^\.[a-z]{1,8}(\.txt)?$/),
);

let run = 0;
let loadedTotal = 0;

describe('loadCorpus on arbitrary bytes', () => {
  it('never throws, accounts for every file once, and loads only text of the file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(name, contents), { minLength: 1, maxLength: 6, selector: ([n]) => n }),
        fc.integer({ min: 0, max: 4096 }),
        async (files, maxBytes) => {
          const dir = join(root, String(run++));
          mkdirSync(dir);
          for (const [n, bytes] of files) writeFileSync(join(dir, n), bytes);
          const names = readdirSync(dir).sort();
          const result = await loadCorpus(dir, { maxBytes });
          const loaded = result.corpus.articles.map((a) => a.file);
          loadedTotal += loaded.length;
          const refused = result.problems.map((p) => p.file);
          expect([...loaded, ...refused, ...result.ignored].sort()).toEqual(names);
          for (const p of result.problems) expect(p.reason.length).toBeGreaterThan(0);
          for (const article of result.corpus.articles) {
            const bytes = files.find(([n]) => n === article.file)?.[1] as Buffer;
            expect(bytes.length).toBeLessThanOrEqual(maxBytes);
            const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
            expect(article.paragraphs.length).toBeGreaterThan(0);
            for (const p of article.paragraphs) {
              expect(p.text.trim().length).toBeGreaterThan(0);
              for (const line of p.text.split('\n')) expect(text).toContain(line);
            }
          }
        },
      ),
      { numRuns: 120 },
    );
    // Not vacuous: some of these files were good enough to load.
    expect(loadedTotal).toBeGreaterThan(10);
  });
});
