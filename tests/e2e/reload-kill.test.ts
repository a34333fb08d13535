/**
 * Kill in the middle of a reload, start again → a correct index. The bot runs as `npm start` does (tsx
 * src/bot/main.ts, its own process) against the fake Discord, on a temp seeds folder big enough that a
 * reload takes a while, with a temp cache folder. It is killed with SIGKILL while the reload's worker
 * builds, then while it saves; each time the saved index must be the old valid one or the new valid one
 * (never a part of one), and the restarted bot must answer from an index of the current seeds.
 */
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { Engine } from '../../src/engine/engine.js';
import { type CacheKey, INDEX_CACHE_FILE, readIndexCache } from '../../src/service/index-cache.js';
import { TOKEN } from '../bot/support/harness.js';
import { SEEDS_DIR, writeBigCorpus } from '../support/big-corpus.js';
import { type BotRun, spawnBot } from '../support/bot-process.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { until } from '../support/until.js';

/** A kill lands in a given moment of the reload: poll often, and wait for slow builds. */
const DURING_A_KILL = { timeoutMs: 90_000, everyMs: 5 };
/** Enough paragraphs for the build and the save to take a noticeable while, not so many that the test drags. */
const PARAGRAPHS = 6_000;

const BEES = `Les abeilles noires de Ouessant protégées par un conservatoire

Sur l'île de Ouessant, un conservatoire protège depuis 1987 les abeilles noires, une lignée locale menacée par les croisements.
`;
const OWLS = `Les chouettes chevêches reviennent dans les vergers du Perche

Dans le Perche, les chouettes chevêches ont retrouvé 41 nichoirs posés dans les vergers par une association locale.
`;

let root: string;
let seeds: string;
let cache: string;
let fake: FakeDiscord;
const runs: BotRun[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reload-kill-'));
  seeds = join(root, 'seeds');
  cache = join(root, 'cache');
  await cp(SEEDS_DIR, seeds, { recursive: true });
  await writeBigCorpus(seeds, { paragraphs: PARAGRAPHS });
  fake = await FakeDiscord.start({ token: TOKEN });
}, 60_000);

afterAll(async () => {
  for (const run of runs) run.signal('SIGKILL');
  await fake?.close();
  await rm(root, { recursive: true, force: true });
});

function start(): BotRun {
  const run = spawnBot(root, {
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    SEEDS_DIR: seeds,
    INDEX_CACHE_DIR: cache,
    LOG_LEVEL: 'info',
  });
  runs.push(run);
  return run;
}

const count = (run: BotRun, msg: string) => run.logs().filter((l) => l.msg === msg).length;

async function keyOfSeeds(): Promise<CacheKey> {
  const { corpus, corpusHash } = await loadCorpus(seeds);
  return { corpus, corpusHash: corpusHash as string, analysis: Engine.snapshotVersion() };
}

/** The saved index is whole and valid for the old seeds or for the new ones; which one, for the log. */
async function savedIndexIsOldOrNew(oldKey: CacheKey, newKey: CacheKey): Promise<'old' | 'new'> {
  const asNew = await readIndexCache(cache, newKey);
  if (asNew.ok) return 'new';
  const asOld = await readIndexCache(cache, oldKey);
  if (!asOld.ok) throw new Error(`the saved index is neither: ${asNew.reason} / ${asOld.reason}`);
  return 'old';
}

async function killDuringReload(run: BotRun, moment: string, alsoWait?: () => Promise<void>): Promise<void> {
  const before = count(run, moment);
  const id = await fake.command('reload', {}, { permissions: '32' });
  await fake.waitForReply(id);
  await until(() => count(run, moment) > before, `"${moment}" during the reload`, DURING_A_KILL);
  await alsoWait?.();
  run.signal('SIGKILL');
  await run.exit;
}

/** Waits (briefly) until the save's temporary file exists, to kill in the middle of writing it. */
async function tempFileAppears(run: BotRun, savedBefore: number): Promise<void> {
  const end = Date.now() + 10_000;
  while (Date.now() < end && count(run, 'index saved') === savedBefore) {
    const names = await readdir(cache).catch(() => [] as string[]);
    if (names.some((n) => n.endsWith('.tmp'))) return;
  }
}

async function expectAnswers(question: string, file: string): Promise<void> {
  const reply = await fake.waitForReply(await fake.command('ask', { question }), 20_000);
  expect(JSON.stringify(reply.data)).toContain(file.replaceAll('_', '\\\\_'));
}

describe('killed in the middle of a reload, started again', () => {
  it('always finds a whole saved index (old or new) and answers from the current seeds', async () => {
    // First start: builds and saves.
    let run = start();
    await until(() => count(run, 'connected to Discord') > 0, 'the first start', DURING_A_KILL);
    expect(run.logs().find((l) => l.msg === 'corpus loaded')?.index).toMatchObject({
      source: 'built',
      saved: true,
    });
    let oldKey = await keyOfSeeds();
    expect((await readIndexCache(cache, oldKey)).ok).toBe(true);

    // A new article, a /reload, killed while the worker builds the new index.
    await writeFile(join(seeds, '010_abeilles.txt'), BEES);
    let newKey = await keyOfSeeds();
    await killDuringReload(run, 'building the index');
    expect(await savedIndexIsOldOrNew(oldKey, newKey)).toBe('old');

    // Started again: the saved index is for other seeds, so it rebuilds, saves, and knows the new article.
    run = start();
    await until(() => count(run, 'connected to Discord') > 0, 'the second start', DURING_A_KILL);
    const second = run.logs().find((l) => l.msg === 'corpus loaded');
    expect(second?.index).toMatchObject({
      source: 'built',
      saved: true,
      cacheMiss: expect.stringMatching(/^made for other seeds/),
    });
    expect(await savedIndexIsOldOrNew(oldKey, newKey)).toBe('new');
    await expectAnswers(
      'Depuis quand un conservatoire protège-t-il les abeilles noires ?',
      '010_abeilles.txt',
    );

    // Another article, another /reload, killed while the new index is being saved.
    oldKey = newKey;
    await writeFile(join(seeds, '011_chouettes.txt'), OWLS);
    newKey = await keyOfSeeds();
    const savedBefore = count(run, 'index saved');
    await killDuringReload(run, 'saving the index', () => tempFileAppears(run, savedBefore));
    const saved = await savedIndexIsOldOrNew(oldKey, newKey);
    const leftovers = (await readdir(cache)).filter((f) => f !== INDEX_CACHE_FILE);
    console.info(
      `killed while saving: the saved index is the ${saved} one; temporary files left: ${leftovers.length}`,
    );

    // Started again: uses the saved index if the save had finished, else rebuilds; answers either way.
    run = start();
    await until(() => count(run, 'connected to Discord') > 0, 'the third start', DURING_A_KILL);
    const third = run.logs().find((l) => l.msg === 'corpus loaded');
    expect(third?.index).toMatchObject({ source: saved === 'new' ? 'cache' : 'built' });
    expect(await savedIndexIsOldOrNew(oldKey, newKey)).toBe('new');
    await expectAnswers(
      'Combien de nichoirs les chouettes chevêches ont-elles retrouvés ?',
      '011_chouettes.txt',
    );
    await expectAnswers(
      'Depuis quand un conservatoire protège-t-il les abeilles noires ?',
      '010_abeilles.txt',
    );
    const gpus = await fake.waitForReply(
      await fake.command('ask', { question: 'Combien xAI négocie-t-elle pour les puces de NVIDIA ?' }),
    );
    expect(JSON.stringify(gpus.data)).toContain('12 milliards');

    run.signal('SIGTERM');
    expect(await run.exit).toBe(0);
  }, 240_000);
});
