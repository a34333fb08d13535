import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/corpus/types.js';
import { CorpusService, diffCorpora } from '../../src/service/corpus-service.js';
import { FakeEngine, fakeLoad, makeArticle } from './support/fakes.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seeds-'));
});
afterEach(async () => {
  await chmod(dir, 0o755).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

const article = (title: string, ...paragraphs: string[]) => `${title}\n\n${paragraphs.join('\n\n')}\n`;

function service(build = (c: Corpus) => new FakeEngine(c)) {
  return new CorpusService({ seedsDir: dir, maxBytes: 10_000, load: fakeLoad, build });
}

describe('CorpusService.reload', () => {
  it('loads a first corpus and reports what it found', async () => {
    await writeFile(join(dir, 'a.txt'), article('Titre A', 'Un paragraphe.', 'Deux paragraphes.'));
    await writeFile(join(dir, 'b.txt'), article('Titre B', 'Seul.'));
    await writeFile(join(dir, 'notes.md'), 'ignored');
    const s = service();
    expect(s.engine).toBeUndefined();
    const report = await s.reload();
    expect(report).toMatchObject({
      status: 'ok',
      added: ['a.txt', 'b.txt'],
      removed: [],
      changed: [],
      articlesBefore: 0,
      articlesAfter: 2,
      paragraphsBefore: 0,
      paragraphsAfter: 3,
      ignored: ['notes.md'],
      problems: [],
    });
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect(s.engine?.corpus.articles).toHaveLength(2);
  });

  it('reports added, removed, changed and refused files', async () => {
    await writeFile(join(dir, 'a.txt'), article('A', 'Premier.'));
    await writeFile(join(dir, 'b.txt'), article('B', 'Deuxième.'));
    await writeFile(join(dir, 'c.txt'), article('C', 'Troisième.'));
    const s = service();
    await s.reload();
    await rm(join(dir, 'b.txt'));
    await writeFile(join(dir, 'c.txt'), article('C', 'Troisième, modifié.', 'Et un de plus.'));
    await writeFile(join(dir, 'd.txt'), article('D', 'Nouveau.'));
    await writeFile(join(dir, 'huge.txt'), article('H', 'x'.repeat(20_000)));
    const report = await s.reload();
    expect(report).toMatchObject({
      status: 'ok',
      added: ['d.txt'],
      removed: ['b.txt'],
      changed: ['c.txt'],
      articlesBefore: 3,
      articlesAfter: 3,
      paragraphsBefore: 3,
      paragraphsAfter: 4,
      problems: [{ file: 'huge.txt', reason: 'too large' }],
    });
  });

  it('keeps the old engine when nothing loads', async () => {
    await writeFile(join(dir, 'a.txt'), article('A', 'Premier.'));
    const s = service();
    await s.reload();
    const before = s.engine;
    await rm(join(dir, 'a.txt'));
    await writeFile(join(dir, 'empty.txt'), '');
    const report = await s.reload();
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/no article/);
    expect(report.problems).toEqual([{ file: 'empty.txt', reason: 'empty' }]);
    expect(report.articlesAfter).toBe(1);
    expect(s.engine).toBe(before);
  });

  it('keeps the old engine when the folder is gone or the build throws', async () => {
    await writeFile(join(dir, 'a.txt'), article('A', 'Premier.'));
    let fail = false;
    const s = service((c) => {
      if (fail) throw new Error('boom');
      return new FakeEngine(c);
    });
    await s.reload();
    const before = s.engine;
    fail = true;
    const broken = await s.reload();
    expect(broken).toMatchObject({ status: 'failed', error: 'cannot build the index: boom' });
    expect(s.engine).toBe(before);
    await rm(dir, { recursive: true, force: true });
    const gone = await s.reload();
    expect(gone.status).toBe('failed');
    expect(gone.error).toMatch(/cannot read/);
    expect(s.engine).toBe(before);
  });

  it('never runs two reloads at once, and answers from a complete engine meanwhile', async () => {
    await writeFile(join(dir, 'a.txt'), article('A', 'Premier texte.'));
    let release: () => void = () => {};
    let gate: Promise<void> | undefined;
    const s = new CorpusService({
      seedsDir: dir,
      maxBytes: 10_000,
      load: async (d, o) => {
        await gate;
        return fakeLoad(d, o);
      },
      build: (c) => new FakeEngine(c),
    });
    await s.reload();
    const old = s.engine;
    gate = new Promise((r) => {
      release = r;
    });
    await writeFile(join(dir, 'b.txt'), article('B', 'Second texte.'));
    const first = s.reload();
    expect(s.reloading).toBe(true);
    const second = await s.reload();
    expect(second.status).toBe('busy');
    // While the first reload is in progress, questions go to the old, complete engine.
    expect(s.engine).toBe(old);
    expect(s.engine?.ask('premier texte').answered).toBe(true);
    release();
    const done = await first;
    expect(done).toMatchObject({ status: 'ok', added: ['b.txt'] });
    expect(s.engine).not.toBe(old);
    expect(s.reloading).toBe(false);
  });
});

describe('diffCorpora', () => {
  it('compares by file and paragraph texts', () => {
    const before = { articles: [makeArticle('a', 'A', ['x', 'y']), makeArticle('b', 'B', ['z'])] };
    const after = { articles: [makeArticle('a', 'A renamed', ['x', 'y']), makeArticle('c', 'C', ['w'])] };
    expect(diffCorpora(before, after)).toEqual({ added: ['c'], removed: ['b'], changed: [] });
    const edited = { articles: [makeArticle('a', 'A', ['x', 'y!'])] };
    expect(diffCorpora(before, edited)).toEqual({ added: [], removed: ['b'], changed: ['a'] });
  });
});

describe('CorpusService with the real loader and engine', () => {
  it('reloads real seeds, reports a refused file and answers from the new index', async () => {
    const { realBuilder, realLoader } = await import('../../src/bot/engine-factory.js');
    const { cp } = await import('node:fs/promises');
    await cp(join(import.meta.dirname, '../../seeds'), dir, { recursive: true });
    const s = new CorpusService({
      seedsDir: dir,
      maxBytes: 2 * 1024 * 1024,
      load: realLoader,
      build: realBuilder,
    });
    const first = await s.reload();
    expect(first).toMatchObject({ status: 'ok', articlesBefore: 0, articlesAfter: 5, problems: [] });
    expect(first.paragraphsAfter).toBeGreaterThan(20);
    await rm(join(dir, '004_466c3ba0de990664.txt'));
    await writeFile(join(dir, 'bad.txt'), Buffer.from([0x41, 0xff, 0xfe, 0x0a]));
    await writeFile(
      join(dir, '010_abeilles.txt'),
      article(
        'Les abeilles noires de Ouessant protégées par un conservatoire',
        'Sur l’île de Ouessant, un conservatoire protège depuis 1987 les abeilles noires, une lignée locale menacée.',
      ),
    );
    const second = await s.reload();
    expect(second).toMatchObject({
      status: 'ok',
      added: ['010_abeilles.txt'],
      removed: ['004_466c3ba0de990664.txt'],
      changed: [],
      articlesBefore: 5,
      articlesAfter: 5,
    });
    expect(second.problems.map((p) => p.file)).toEqual(['bad.txt']);
    expect(s.engine?.getArticle('010_abeilles.txt')?.title).toContain('abeilles noires');
  });
});
