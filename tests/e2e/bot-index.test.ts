import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workerPreparer } from '../../src/service/index-worker.js';
import { embedOf, type Harness, startHarness, tempSeeds } from '../bot/support/harness.js';
import { until } from '../support/until.js';

const NEW_ARTICLE = `Les abeilles noires de Ouessant protégées par un conservatoire

Sur l'île de Ouessant, un conservatoire protège depuis 1987 les abeilles noires, une lignée locale menacée par les croisements.

Les apiculteurs de l'île n'ont pas le droit d'importer d'autres reines sur Ouessant.
`;
const BEES = { question: 'Depuis quand un conservatoire protège-t-il les abeilles noires de Ouessant ?' };
const GPUS = { question: 'Combien xAI négocie-t-elle pour les puces de NVIDIA ?' };

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(prefix: string) {
  const d = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

const replyText = (r: { data: unknown }) => JSON.stringify(r.data);

describe('the bot with the saved index and the reload worker', () => {
  it('answers /ask from the old index while a /reload runs, then from the new one', async () => {
    const cache = await tempDir('bot-cache-');
    let release: () => void = () => {};
    let hold: Promise<void> | undefined;
    const real = workerPreparer({ cacheDir: cache });
    h = await startHarness({
      config: { INDEX_CACHE_DIR: cache },
      start: {
        prepare: async (request) => {
          const prepared = await real(request);
          await hold;
          return prepared;
        },
      },
    });
    await writeFile(join(h.seedsDir, '010_abeilles.txt'), NEW_ARTICLE);
    hold = new Promise((r) => {
      release = r;
    });
    const reload = await h.fake.command('reload', {}, { permissions: '32' });
    expect((await h.fake.waitForReply(reload)).type).toBe(5);
    await until(() => h?.bot.service.reloading === true, 'the reload to start');

    // During the reload: answered at once, from the old index (the new article is not there yet).
    const during = await h.fake.waitForReply(await h.fake.command('ask', GPUS));
    expect(embedOf(during).description).toContain('12 milliards');
    const bees = await h.fake.waitForReply(await h.fake.command('ask', BEES));
    expect(replyText(bees)).not.toContain('010\\\\_abeilles.txt');
    expect(h.fake.responsesFor(reload).map((r) => r.kind)).toEqual(['callback']);

    release();
    const edit = await h.fake.waitForEdit(reload);
    expect(embedOf(edit).title).toBe('Corpus rechargé');
    const after = await h.fake.waitForReply(await h.fake.command('ask', BEES));
    expect(replyText(after)).toContain('010\\\\_abeilles.txt');
    const log = h.logs().find((l) => l.msg === 'corpus reload');
    expect(log?.status).toBe('ok');
  });

  it('starts from the saved index when the seeds have not changed', async () => {
    const cache = await tempDir('bot-cache-');
    const seedsDir = await tempSeeds();
    dirs.push(seedsDir);
    const first = await startHarness({ seedsDir, config: { INDEX_CACHE_DIR: cache } });
    const loaded = first.logs().find((l) => l.msg === 'corpus loaded');
    expect(loaded?.index).toEqual({ source: 'built', cacheMiss: 'no saved index yet', saved: true });
    await first.bot.stop();
    await first.fake.close();

    h = await startHarness({ seedsDir, config: { INDEX_CACHE_DIR: cache } });
    const again = h.logs().find((l) => l.msg === 'corpus loaded');
    expect(again?.index).toEqual({ source: 'cache', verification: 'pending' });
    expect(h.logs().map((l) => l.msg)).not.toContain('building the index');
    const reply = await h.fake.waitForReply(await h.fake.command('ask', GPUS));
    expect(embedOf(reply).description).toContain('12 milliards');
    const harness = h;
    await until(
      () =>
        harness.logs().some((l) => l.msg === 'saved index verified: the seeds are those it was made from'),
      'the check of the saved index against the seeds',
    );
  });

  it('with SEEDS_WATCH, follows the seeds folder and refuses a bad file, keeping the old articles', async () => {
    h = await startHarness({ config: { SEEDS_WATCH: true }, start: { watchDebounceMs: 200 } });
    const harness = h;
    expect(h.logs().map((l) => l.msg)).toContain('watching the seeds folder');
    await writeFile(join(h.seedsDir, '010_abeilles.txt'), NEW_ARTICLE);
    await until(() => harness.logs().some((l) => l.msg === 'seeds reloaded'), 'the watcher to reload');
    const after = await h.fake.waitForReply(await h.fake.command('ask', BEES));
    expect(replyText(after)).toContain('010\\\\_abeilles.txt');

    await writeFile(join(h.seedsDir, '011_casse.txt'), Buffer.from([0x54, 0x69, 0xff, 0xfe, 0x0a]));
    await until(() => harness.logs().some((l) => l.msg === 'seeds files refused'), 'the refusal');
    const refused = h.logs().find((l) => l.msg === 'seeds files refused');
    expect(refused?.level).toBe(40);
    expect(refused?.refused).toEqual([{ file: '011_casse.txt', reason: 'file is not valid UTF-8 text' }]);
    const still = await h.fake.waitForReply(await h.fake.command('ask', GPUS));
    expect(embedOf(still).description).toContain('12 milliards');
    expect(h.bot.service.engine?.corpus.articles).toHaveLength(6);
  });
});
