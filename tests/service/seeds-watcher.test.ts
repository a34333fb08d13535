import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { realBuilder, realLoader } from '../../src/bot/engine-factory.js';
import { CorpusService, type ReloadReport } from '../../src/service/corpus-service.js';
import type { ServiceLogger } from '../../src/service/index-worker.js';
import { SeedsWatcher } from '../../src/service/seeds-watcher.js';
import { SEEDS_DIR } from '../support/big-corpus.js';
import { until } from '../support/until.js';

const DEBOUNCE_MS = 150;
const NEW_ARTICLE = `Les abeilles noires de Ouessant protégées par un conservatoire

Sur l'île de Ouessant, un conservatoire protège depuis 1987 les abeilles noires, une lignée locale menacée par les croisements.
`;

let seeds: string;
let service: CorpusService;
let watcher: SeedsWatcher | undefined;
let reloads: Array<{ report: ReloadReport; changed: string[] }>;
let lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }>;
let logger: ServiceLogger;

beforeEach(async () => {
  seeds = await mkdtemp(join(tmpdir(), 'watched-seeds-'));
  await cp(SEEDS_DIR, seeds, { recursive: true });
  service = new CorpusService({
    seedsDir: seeds,
    maxBytes: 2 * 1024 * 1024,
    load: realLoader,
    build: realBuilder,
  });
  await service.reload();
  reloads = [];
  lines = [];
  const sink = (level: string) => (fields: object, msg: string) =>
    lines.push({ level, msg, fields: fields as Record<string, unknown> });
  logger = { debug: sink('debug'), info: sink('info'), warn: sink('warn') };
});
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
  await rm(seeds, { recursive: true, force: true });
});

function watch(options: { debounceMs?: number; s?: CorpusService } = {}) {
  watcher = SeedsWatcher.start({
    dir: seeds,
    service: options.s ?? service,
    logger,
    debounceMs: options.debounceMs ?? DEBOUNCE_MS,
    onReload: (report, changed) => reloads.push({ report, changed }),
  });
  return watcher;
}

const files = () => service.engine?.corpus.articles.map((a) => a.file) ?? [];

describe('SeedsWatcher', () => {
  it('follows an added file, a removed file, and refuses a bad file while the old articles stay', async () => {
    watch();
    expect(lines.map((l) => l.msg)).toContain('watching the seeds folder');

    await writeFile(join(seeds, '010_abeilles.txt'), NEW_ARTICLE);
    await until(() => reloads.length === 1, 'the reload after adding a file');
    expect(reloads[0]?.changed).toEqual(['010_abeilles.txt']);
    expect(reloads[0]?.report).toMatchObject({ status: 'ok', added: ['010_abeilles.txt'] });
    expect(files()).toContain('010_abeilles.txt');
    expect(
      service.engine?.ask('Depuis quand un conservatoire protège-t-il les abeilles noires ?').answered,
    ).toBe(true);

    await rm(join(seeds, '004_466c3ba0de990664.txt'));
    await until(() => reloads.length === 2, 'the reload after removing a file');
    expect(reloads[1]?.report).toMatchObject({ status: 'ok', removed: ['004_466c3ba0de990664.txt'] });
    expect(files()).not.toContain('004_466c3ba0de990664.txt');

    await writeFile(
      join(seeds, '011_casse.txt'),
      Buffer.from([0x54, 0x69, 0x74, 0x72, 0x65, 0xff, 0xfe, 0x0a]),
    );
    await until(() => reloads.length === 3, 'the reload after a bad file');
    const refused = reloads[2]?.report;
    expect(refused).toMatchObject({ status: 'ok', added: [], removed: [] });
    expect(refused?.problems).toEqual([{ file: '011_casse.txt', reason: 'file is not valid UTF-8 text' }]);
    expect(files()).toHaveLength(5);
    expect(files()).toContain('010_abeilles.txt');
    const warning = lines.find((l) => l.msg === 'seeds files refused');
    expect(warning?.level).toBe('warn');
    expect(warning?.fields.refused).toEqual(refused?.problems);
    const done = lines.find((l) => l.msg === 'seeds reloaded');
    expect(done?.fields).toMatchObject({ status: 'ok', changed: ['010_abeilles.txt'] });
  });

  it('keeps the working index when every article is gone, and says so', async () => {
    watch();
    for (const a of service.engine?.corpus.articles ?? []) await rm(join(seeds, a.file));
    await until(() => reloads.some((r) => r.report.status === 'failed'), 'the failed reload');
    expect(files()).toHaveLength(5);
    const failed = lines.find((l) => l.msg === 'seeds reload failed, the working index is kept');
    expect(failed?.level).toBe('warn');
    expect(failed?.fields.error).toBe('no article could be loaded');
  });

  it('coalesces a burst of changes into fewer reloads, and ends with every file', async () => {
    watch({ debounceMs: 300 });
    for (let i = 0; i < 6; i++) {
      await writeFile(
        join(seeds, `02${i}_burst.txt`),
        `Titre ${i}\n\nUn paragraphe numéro ${i} sur les abeilles.\n`,
      );
    }
    await until(
      () => files().filter((f) => f.endsWith('_burst.txt')).length === 6,
      'all burst files indexed',
    );
    expect(reloads.length).toBeLessThan(6);
    expect(reloads.flatMap((r) => r.changed).sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => `02${i}_burst.txt`),
    );
  });

  it('ignores hidden and non-article files', async () => {
    watch();
    await writeFile(join(seeds, '.000_swap.txt.swp'), 'x');
    await writeFile(join(seeds, 'notes.md'), 'x');
    await writeFile(join(seeds, '010_abeilles.txt'), NEW_ARTICLE);
    await until(() => reloads.length === 1, 'the reload');
    expect(reloads[0]?.changed).toEqual(['010_abeilles.txt']);
  });

  it('waits for a reload in progress, then reloads again with the latest files', async () => {
    let release: () => void = () => {};
    let gate: Promise<void> | undefined;
    const slow = new CorpusService({
      seedsDir: seeds,
      maxBytes: 2 * 1024 * 1024,
      load: async (dir, options) => {
        await gate;
        return realLoader(dir, options);
      },
      build: realBuilder,
    });
    await slow.reload();
    gate = new Promise((r) => {
      release = r;
    });
    const moderator = slow.reload(); // e.g. a /reload, held back
    watch({ s: slow });
    await writeFile(join(seeds, '010_abeilles.txt'), NEW_ARTICLE);
    // Past the quiet period the watcher waits for the running reload instead of starting its own.
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS * 3));
    expect(lines.map((l) => l.msg)).not.toContain('seeds changed, reloading');
    expect(reloads).toEqual([]);
    release();
    await moderator;
    await until(() => reloads.length === 1, "the watcher's own reload");
    expect(reloads[0]?.report.status).toBe('ok');
    expect(slow.engine?.getArticle('010_abeilles.txt')).toBeDefined();
  });

  it('stops on close: later changes do nothing', async () => {
    const w = watch();
    await w.close();
    await writeFile(join(seeds, '010_abeilles.txt'), NEW_ARTICLE);
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS * 4));
    expect(reloads).toEqual([]);
    expect(files()).not.toContain('010_abeilles.txt');
  });
});
