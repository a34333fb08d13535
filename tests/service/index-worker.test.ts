import { cp, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { Engine } from '../../src/engine/engine.js';
import { CorpusService, type EnginePreparer } from '../../src/service/corpus-service.js';
import { indexCacheFile, readIndexCache } from '../../src/service/index-cache.js';
import { type ServiceLogger, workerPreparer } from '../../src/service/index-worker.js';
import { seedsFingerprint } from '../../src/service/seeds-fingerprint.js';
import { SEEDS_DIR, writeBigCorpus } from '../support/big-corpus.js';

const QUESTION = 'Combien de GPU H100 équipent Colossus ?';
const NEW_ARTICLE = `Les abeilles noires de Ouessant protégées par un conservatoire

Sur l'île de Ouessant, un conservatoire protège depuis 1987 les abeilles noires, une lignée locale menacée par les croisements.
`;

let root: string;
let seeds: string;
let cache: string;
let lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }>;
let logger: ServiceLogger;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'index-worker-'));
  seeds = join(root, 'seeds');
  cache = join(root, 'cache');
  await cp(SEEDS_DIR, seeds, { recursive: true });
  lines = [];
  const sink = (level: string) => (fields: object, msg: string) =>
    lines.push({ level, msg, fields: fields as Record<string, unknown> });
  logger = { debug: sink('debug'), info: sink('info'), warn: sink('warn') };
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function service(prepare: EnginePreparer = workerPreparer({ cacheDir: cache, logger })) {
  return new CorpusService({ seedsDir: seeds, maxBytes: 2 * 1024 * 1024, prepare });
}
const messages = () => lines.map((l) => l.msg);

describe('reload in a worker thread, with the saved index', () => {
  it('builds and saves on the first start, then starts from the saved index', async () => {
    const first = service();
    const built = await first.reload();
    expect(built).toMatchObject({ status: 'ok', articlesAfter: 5, problems: [] });
    expect(built.index).toEqual({ source: 'built', cacheMiss: 'no saved index yet', saved: true });
    expect(messages()).toEqual(expect.arrayContaining(['building the index', 'index built', 'index saved']));
    const answer = first.engine?.ask(QUESTION);
    expect(answer?.answered).toBe(true);

    lines = [];
    const second = service();
    const cached = await second.reload();
    expect(cached).toMatchObject({
      status: 'ok',
      articlesAfter: 5,
      index: { source: 'cache', verification: 'pending' },
    });
    expect(messages()).toContain('saved index used');
    expect(messages()).not.toContain('building the index');
    expect(second.engine?.ask(QUESTION)).toEqual(answer);
    const served = second.engine;
    await second.idle();
    expect(messages()).toContain('saved index verified: the seeds are those it was made from');
    expect(second.engine).toBe(served);
    expect(second.engine?.getArticle('004_466c3ba0de990664.txt')?.title).toBeTruthy();
  });

  it('rebuilds over a corrupt saved index, says why, and saves a good one', async () => {
    await service().reload();
    const whole = await readFile(indexCacheFile(cache));
    await writeFile(indexCacheFile(cache), whole.subarray(0, whole.length / 2));
    lines = [];
    const report = await service().reload();
    expect(report.status).toBe('ok');
    expect(report.index).toMatchObject({ source: 'built', saved: true });
    expect(report.index?.cacheMiss).toMatch(/^truncated or damaged/);
    const warning = lines.find((l) => l.msg === 'saved index not used, rebuilding');
    expect(warning?.level).toBe('warn');
    expect(warning?.fields.reason).toMatch(/truncated/);
    const { corpus, corpusHash } = await loadCorpus(seeds);
    const read = await readIndexCache(cache, {
      corpus,
      corpusHash: corpusHash as string,
      analysis: Engine.snapshotVersion(),
    });
    expect(read.ok).toBe(true);
  });

  it('rebuilds when the seeds changed, and saves the new index after a reload', async () => {
    const s = service();
    await s.reload();
    await writeFile(join(seeds, '010_abeilles.txt'), NEW_ARTICLE);
    await rm(join(seeds, '004_466c3ba0de990664.txt'));
    const report = await s.reload();
    expect(report).toMatchObject({
      status: 'ok',
      added: ['010_abeilles.txt'],
      removed: ['004_466c3ba0de990664.txt'],
      index: { source: 'built', saved: true },
    });
    expect(report.index?.cacheMiss).toMatch(/^made for other seeds/);
    // The next start uses the index saved by the reload.
    const next = service();
    expect((await next.reload()).index).toEqual({ source: 'cache', verification: 'pending' });
    expect(next.engine?.getArticle('010_abeilles.txt')).toBeDefined();
    await next.idle();
  });

  it('seed files touched but unchanged: the saved index is matched by content instead', async () => {
    await service().reload();
    const name = join(seeds, '000_378f6c1953f514f5.txt');
    const later = new Date(Date.now() + 5_000);
    await utimes(name, later, later);
    lines = [];
    const s = service();
    const report = await s.reload();
    expect(report.index).toEqual({ source: 'cache' });
    expect(lines.find((l) => l.msg === 'saved index not matched by the seed files')?.fields.reason).toBe(
      'made for other seed files (names, sizes or times differ)',
    );
    expect(messages()).not.toContain('building the index');
    expect(s.verifying).toBe(false);
    // The saved index is then given the files' new fingerprint: the next start matches by it.
    const deadline = Date.now() + 10_000;
    while (
      !messages().includes("saved index given the seed files' new fingerprint") &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(lines.find((l) => l.msg === "saved index given the seed files' new fingerprint")?.fields).toEqual({
      refreshed: true,
    });
    const next = service();
    expect((await next.reload()).index).toEqual({ source: 'cache', verification: 'pending' });
    await next.idle();
    expect(messages()).toContain('saved index verified: the seeds are those it was made from');
  });

  it('an index served on a fingerprint that lied is checked, logged, rebuilt and swapped', async () => {
    await service().reload();
    // Another article under an existing name, and the saved header's fingerprint made to match the
    // changed folder: what a fingerprint cannot see (a clock set back, a copy keeping every time).
    const changed = join(seeds, '004_466c3ba0de990664.txt');
    await writeFile(changed, NEW_ARTICLE);
    const data = await readFile(indexCacheFile(cache));
    const newline = data.indexOf(10);
    const header = JSON.parse(data.subarray(0, newline).toString('utf8'));
    header.seeds = await seedsFingerprint(seeds, 2 * 1024 * 1024);
    await writeFile(
      indexCacheFile(cache),
      Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), data.subarray(newline + 1)]),
    );
    lines = [];
    const outcomes: unknown[] = [];
    const s = new CorpusService({
      seedsDir: seeds,
      maxBytes: 2 * 1024 * 1024,
      prepare: workerPreparer({ cacheDir: cache, logger }),
      onVerified: (outcome) => outcomes.push(outcome),
    });
    const report = await s.reload();
    expect(report.index).toEqual({ source: 'cache', verification: 'pending' });
    // Served at once: the saved (stale) articles, until the check ends.
    const stale = s.engine;
    expect(stale?.getArticle('004_466c3ba0de990664.txt')?.title).not.toMatch(/abeilles/);
    expect(s.verifying).toBe(true);
    await s.idle();
    expect(s.verifying).toBe(false);
    const warning = lines.find((l) => l.msg.startsWith('saved index does not match the seeds after all'));
    expect(warning?.level).toBe('warn');
    expect(warning?.fields.reason).toMatch(/corpus hash/);
    expect(s.engine).not.toBe(stale);
    expect(s.engine?.getArticle('004_466c3ba0de990664.txt')?.title).toMatch(/abeilles noires/);
    expect(outcomes).toEqual([
      {
        ok: false,
        reason: expect.stringMatching(/corpus hash/),
        report: expect.objectContaining({
          status: 'ok',
          changed: ['004_466c3ba0de990664.txt'],
          index: expect.objectContaining({ source: 'built', saved: true }),
        }),
      },
    ]);
    // The rebuilt index was saved with the true fingerprint: the next start is verified.
    lines = [];
    const next = service();
    expect((await next.reload()).index).toEqual({ source: 'cache', verification: 'pending' });
    await next.idle();
    expect(messages()).toContain('saved index verified: the seeds are those it was made from');
    expect(next.engine?.getArticle('004_466c3ba0de990664.txt')?.title).toMatch(/abeilles noires/);
  });

  it('a reload waits for the check of the index in service', async () => {
    await service().reload();
    const s = service();
    lines = [];
    await s.reload();
    expect(s.verifying).toBe(true);
    const report = await s.reload();
    expect(report).toMatchObject({ status: 'ok', index: { source: 'cache' } });
    // The first check ended before the second reload read the saved index.
    const verified = messages().indexOf('saved index verified: the seeds are those it was made from');
    expect(verified).toBeGreaterThan(messages().indexOf('saved index used'));
    expect(verified).toBeLessThan(messages().lastIndexOf('saved index used'));
    await s.idle();
  });

  it('without a cache folder builds and saves nothing', async () => {
    const s = service(workerPreparer({ logger }));
    const report = await s.reload();
    expect(report).toMatchObject({ status: 'ok', index: { source: 'built' } });
    expect(report.index?.saved).toBeUndefined();
    expect(messages()).not.toContain('index saved');
  });

  it('a cache folder that cannot be written is a warning, not a failure', async () => {
    await writeFile(join(root, 'not-a-folder'), 'a file where the cache folder should be');
    const s = service(workerPreparer({ cacheDir: join(root, 'not-a-folder', 'cache'), logger }));
    const report = await s.reload();
    expect(report).toMatchObject({ status: 'ok', index: { source: 'built', saved: false } });
    expect(report.index?.saveError).toMatch(/ENOTDIR|EEXIST/);
    expect(report.index?.cacheMiss).toMatch(/cannot be read \(ENOTDIR\)/);
    expect(lines.find((l) => l.msg === 'cannot save the index')?.level).toBe('warn');
    expect(s.engine?.ask(QUESTION).answered).toBe(true);
  });

  it('a failed reload keeps the working index, with the same reasons as in-thread', async () => {
    const s = service();
    await s.reload();
    const before = s.engine;
    for (const f of [
      '000_378f6c1953f514f5.txt',
      '001_4626a044e08255b5.txt',
      '002_aa186ca6a34322bb.txt',
      '003_d5b173115a18c4cc.txt',
      '004_466c3ba0de990664.txt',
    ]) {
      await rm(join(seeds, f));
    }
    await writeFile(join(seeds, 'bad.txt'), Buffer.from([0x41, 0xff, 0xfe, 0x0a]));
    const empty = await s.reload();
    expect(empty).toMatchObject({ status: 'failed', error: 'no article could be loaded', articlesAfter: 5 });
    expect(empty.problems.map((p) => p.file)).toEqual(['bad.txt']);
    await rm(seeds, { recursive: true });
    const gone = await s.reload();
    expect(gone.status).toBe('failed');
    expect(gone.error).toMatch(/^cannot read .*does not exist/);
    expect(s.engine).toBe(before);
  });

  it('answers from the old engine while a reload runs, and refuses a second reload meanwhile', async () => {
    const s = service();
    await s.reload();
    const old = s.engine;
    const oldAnswer = old?.ask(QUESTION);
    await writeFile(join(seeds, '010_abeilles.txt'), NEW_ARTICLE);
    await writeBigCorpus(seeds, { paragraphs: 3_000 });
    let ticks = 0;
    let asked = 0;
    const timer = setInterval(() => {
      ticks++;
      if (s.reloading) {
        // A question during the reload: the old, complete engine answers it.
        expect(s.engine).toBe(old);
        expect(s.engine?.ask(QUESTION)).toEqual(oldAnswer);
        expect(s.engine?.getArticle('010_abeilles.txt')).toBeUndefined();
        asked++;
      }
    }, 5);
    const running = s.reload();
    expect(s.reloading).toBe(true);
    expect((await s.reload()).status).toBe('busy');
    const report = await running;
    clearInterval(timer);
    expect(report).toMatchObject({ status: 'ok', index: { source: 'built', saved: true } });
    expect(report.added).toContain('010_abeilles.txt');
    expect(s.engine).not.toBe(old);
    expect(s.engine?.getArticle('010_abeilles.txt')).toBeDefined();
    // The main thread kept running its timers while the worker built thousands of paragraphs.
    expect(asked).toBeGreaterThan(5);
    expect(ticks).toBeGreaterThan(5);
  }, 60_000);

  it('waits for a reload held back at the swap: questions keep the old engine until then', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const real = workerPreparer({ cacheDir: cache, logger });
    let held = false;
    const s = service(async (request) => {
      const prepared = await real(request);
      if (held) await gate;
      return prepared;
    });
    await s.reload();
    const old = s.engine;
    held = true;
    await writeFile(join(seeds, '010_abeilles.txt'), NEW_ARTICLE);
    const running = s.reload();
    while (!lines.some((l) => l.msg === 'index saved' && lines.indexOf(l) > 3)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // The new index is built and saved, but not swapped in yet.
    expect(s.engine).toBe(old);
    expect(s.engine?.getArticle('010_abeilles.txt')).toBeUndefined();
    release();
    expect((await running).status).toBe('ok');
    expect(s.engine?.getArticle('010_abeilles.txt')).toBeDefined();
  });
});
