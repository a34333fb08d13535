import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, displayFileName, isPlainFileName, loadCorpus } from '../../src/corpus/load.js';
import type { LoadResult } from '../../src/corpus/types.js';

const TITLE = 'Un titre d’article plutôt ordinaire';
const B1 =
  'Le premier paragraphe raconte une histoire assez longue pour être du texte courant, avec plusieurs mots et une fin.';
const B2 =
  'Le deuxième paragraphe poursuit le récit avec Elon Musk et Grok, toujours assez long pour compter comme du texte.';
const GOOD = `${TITLE}\n\n${B1}\n\n${B2}\n`;

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A fresh temp folder containing `files` (name → content), plus a `seeds` subfolder path helper. */
function folder(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'corpus-test-'));
  roots.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const problemFor = (r: LoadResult, file: string) => r.problems.find((p) => p.file === file)?.reason;
const loaded = (r: LoadResult) => r.corpus.articles.map((a) => a.file);

describe('loadCorpus on awkward files', () => {
  let dir: string;
  let result: LoadResult;

  beforeAll(async () => {
    const outside = folder({ 'secret.txt': GOOD });
    dir = folder({
      'b_good.txt': GOOD,
      'a_no_blank_lines.txt': `${B1}\n${B2}\n`,
      'c_crlf.txt': GOOD.replace(/\n/g, '\r\n'),
      'd_bom.txt': `\uFEFF${GOOD}`,
      'e_empty.txt': '',
      'f_blank.txt': ' \n\t\r\n \n',
      'g_duplicated_title.txt': `${TITLE}\n\n${TITLE.replace('’', "'")}\n\n${B1}\n`,
      'h_latin1.txt': Buffer.from(GOOD.replace('’', "'"), 'latin1'),
      'i_binary.txt': Buffer.concat([Buffer.from(GOOD), Buffer.from([0, 1, 2, 0xff])]),
      'j_notes.md': GOOD,
      '.hidden.txt': GOOD,
      'k_furniture_only.txt': 'Site icon Exemple\n\nUn titre\n\nQuitter la version mobile\n',
      'l_upper.TXT': GOOD,
      'bad\u0007name.txt': GOOD,
      'back\\slash.txt': GOOD,
      'dots..txt': GOOD,
    });
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.txt'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'secret.txt'));
    symlinkSync('../b_good.txt', path.join(dir, 'sub_link_target_missing.txt'));
    symlinkSync('b_good.txt', path.join(dir, 'm_inside_link.txt'));
    mkdirSync(path.join(dir, 'n_folder.txt'));
    mkdirSync(path.join(dir, 'subfolder'));
    writeFileSync(path.join(dir, 'subfolder', 'nested.txt'), GOOD);
    try {
      execFileSync('mkfifo', [path.join(dir, 'o_fifo.txt')]);
    } catch {
      // no mkfifo here: the FIFO case is simply not exercised
    }
    result = await loadCorpus(dir);
  });

  it('loads the good files, sorted by name, and only them', () => {
    expect(loaded(result)).toEqual([
      'a_no_blank_lines.txt',
      'b_good.txt',
      'c_crlf.txt',
      'd_bom.txt',
      'g_duplicated_title.txt',
      'l_upper.TXT',
      'm_inside_link.txt',
    ]);
  });

  it('splits a file with no blank lines into line paragraphs', () => {
    const a = result.corpus.articles.find((x) => x.file === 'a_no_blank_lines.txt');
    expect(a?.paragraphs.map((p) => [p.line, p.text])).toEqual([
      [1, B1],
      [2, B2],
    ]);
  });

  it('reads CRLF and BOM files like the plain one', () => {
    const byName = (f: string) => result.corpus.articles.find((x) => x.file === f);
    const plain = byName('b_good.txt');
    for (const f of ['c_crlf.txt', 'd_bom.txt']) {
      expect(byName(f)?.title).toBe(TITLE);
      expect(byName(f)?.paragraphs.map((p) => [p.line, p.text, p.heading])).toEqual(
        plain?.paragraphs.map((p) => [p.line, p.text, p.heading]),
      );
    }
    expect(byName('b_good.txt')?.paragraphs.map((p) => p.id)).toEqual(['b_good.txt#1', 'b_good.txt#2']);
  });

  it('removes a duplicated title', () => {
    const a = result.corpus.articles.find((x) => x.file === 'g_duplicated_title.txt');
    expect(a?.title).toBe(TITLE);
    expect(a?.paragraphs.map((p) => p.text)).toEqual([B1]);
  });

  it('refuses bad files with a clear reason', () => {
    expect(problemFor(result, 'e_empty.txt')).toMatch(/empty/);
    expect(problemFor(result, 'f_blank.txt')).toMatch(/whitespace/);
    expect(problemFor(result, 'h_latin1.txt')).toMatch(/not valid UTF-8/);
    expect(problemFor(result, 'i_binary.txt')).toMatch(/NUL bytes/);
    expect(problemFor(result, 'k_furniture_only.txt')).toMatch(/no paragraph left/);
    expect(problemFor(result, 'passwd.txt')).toMatch(/outside the corpus folder/);
    expect(problemFor(result, 'secret.txt')).toMatch(/outside the corpus folder/);
    expect(problemFor(result, 'sub_link_target_missing.txt')).toMatch(/broken/);
    expect(problemFor(result, 'n_folder.txt')).toMatch(/not a regular file/);
    expect(problemFor(result, 'bad\\u0007name.txt')).toMatch(/not a plain file name/);
    expect(problemFor(result, 'back\\slash.txt')).toMatch(/not a plain file name/);
    expect(problemFor(result, 'dots..txt')).toMatch(/not a plain file name/);
  });

  it('refuses a FIFO without blocking on it', () => {
    const fifo = result.problems.find((p) => p.file === 'o_fifo.txt');
    if (process.platform === 'linux') expect(fifo).toBeDefined();
    if (fifo !== undefined) expect(fifo.reason).toMatch(/not a regular file/);
  });

  it('notes hidden and non-.txt entries as ignored, without recursing', () => {
    expect(result.ignored).toEqual(['.hidden.txt', 'j_notes.md', 'subfolder']);
    expect(loaded(result)).not.toContain('nested.txt');
  });

  it('lists problems in name order, every refused file exactly once', () => {
    const names = result.problems.map((p) => p.file);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
  });
});

describe('loadCorpus size limit', () => {
  it('has a 2 MiB default', () => {
    expect(DEFAULT_MAX_BYTES).toBe(2 * 1024 * 1024);
  });

  it('refuses a file over the default limit and accepts one at the limit', async () => {
    const head = `${TITLE}\n\n${B1}\n\n`;
    const atLimit = `${head}${'a'.repeat(DEFAULT_MAX_BYTES - 1 - Buffer.byteLength(head))}.`;
    expect(Buffer.byteLength(atLimit)).toBe(DEFAULT_MAX_BYTES);
    const dir = folder({ 'big.txt': `${atLimit}b`, 'limit.txt': atLimit });
    const r = await loadCorpus(dir);
    expect(problemFor(r, 'big.txt')).toMatch(/too large \(2097153 bytes; the limit is 2097152 bytes\)/);
    expect(loaded(r)).toEqual(['limit.txt']);
  });

  it('honours maxBytes', async () => {
    const dir = folder({ 'a.txt': GOOD });
    const size = Buffer.byteLength(GOOD);
    expect(problemFor(await loadCorpus(dir, { maxBytes: size - 1 }), 'a.txt')).toMatch(/too large/);
    expect(loaded(await loadCorpus(dir, { maxBytes: size }))).toEqual(['a.txt']);
    await expect(loadCorpus(dir, { maxBytes: -1 })).rejects.toThrow(RangeError);
  });
});

describe('loadCorpus folder errors', () => {
  it('throws a clear error for a missing folder', async () => {
    await expect(loadCorpus('/nonexistent/corpus/folder')).rejects.toThrow(
      'Corpus folder "/nonexistent/corpus/folder" does not exist',
    );
  });

  it('throws a clear error when the path is a file', async () => {
    const dir = folder({ 'a.txt': GOOD });
    await expect(loadCorpus(path.join(dir, 'a.txt'))).rejects.toThrow(/is not a folder/);
  });

  it('follows a symlinked corpus folder and links inside it', async () => {
    const dir = folder({ 'a.txt': GOOD });
    const link = path.join(folder(), 'seeds');
    symlinkSync(dir, link);
    symlinkSync(path.join(link, 'a.txt'), path.join(dir, 'b.txt'));
    const r = await loadCorpus(link);
    expect(r.problems).toEqual([]);
    expect(loaded(r)).toEqual(['a.txt', 'b.txt']);
  });

  it('returns an empty corpus for an empty folder', async () => {
    expect(await loadCorpus(folder())).toEqual({
      corpus: { articles: [] },
      problems: [],
      ignored: [],
      corpusHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});

describe('file names', () => {
  it.each(['a.txt', 'Article 1 — été.txt', '000_378f6c1953f514f5.txt'])('accepts %j', (name) => {
    expect(isPlainFileName(name)).toBe(true);
  });
  it.each(['', '.', '..', '../x.txt', 'a/b.txt', 'a\\b.txt', 'a\nb.txt', 'a\u0000.txt', 'x..txt'])(
    'refuses %j',
    (name) => {
      expect(isPlainFileName(name)).toBe(false);
    },
  );
  it('escapes control characters for display', () => {
    expect(displayFileName('a\nb\u0007.txt')).toBe('a\\u000ab\\u0007.txt');
  });
});

describe('loadCorpus at scale', () => {
  it('loads thousands of files with bounded concurrency, in name order', async () => {
    const dir = folder();
    const n = 3000;
    for (let i = 0; i < n; i++) {
      writeFileSync(path.join(dir, `${String(i).padStart(5, '0')}.txt`), `${TITLE} ${i}\n\n${B1}\n\n${B2}\n`);
    }
    const started = performance.now();
    const r = await loadCorpus(dir, { concurrency: 8 });
    const ms = performance.now() - started;
    expect(r.problems).toEqual([]);
    expect(r.corpus.articles).toHaveLength(n);
    expect(r.corpus.articles[1234]?.title).toBe(`${TITLE} 1234`);
    expect(ms).toBeLessThan(15_000);
  });
});
