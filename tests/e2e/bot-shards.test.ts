import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotHandle, startBot } from '../../src/bot/bot.js';
import { deployCommands } from '../../src/bot/deploy.js';
import { realBuilder } from '../../src/bot/engine-factory.js';
import type { ShardPeers } from '../../src/bot/shard-peers.js';
import { createLogger } from '../../src/log/logger.js';
import { embedOf, TOKEN, tempSeeds, testConfig } from '../bot/support/harness.js';
import { type BotRun, spawnBot } from '../support/bot-process.js';
import { FakeDiscord, type InteractionResponse } from '../support/fake-discord.js';
import { expectBothShardsConnected } from '../support/shards.js';
import { until } from '../support/until.js';

const NEW_ARTICLE = `Les abeilles noires de Ouessant protégées par un conservatoire

Sur l'île de Ouessant, un conservatoire protège depuis 1987 les abeilles noires, une lignée locale menacée par les croisements.

Les apiculteurs de l'île n'ont pas le droit d'importer d'autres reines sur Ouessant.
`;
const BEES = { question: 'Depuis quand un conservatoire protège-t-il les abeilles noires de Ouessant ?' };
const NVIDIA = { question: 'Combien xAI négocie-t-elle pour les puces de NVIDIA ?' };
const BEES_FILE = '010\\\\_abeilles.txt';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

function fieldsOf(r: InteractionResponse): Record<string, string> {
  return Object.fromEntries((embedOf(r).fields ?? []).map((f) => [f.name, f.value]));
}

/** A fake Discord with two shards (guild A on shard 0, guild B on shard 1), commands registered globally. */
async function twoShardDiscord() {
  const fake = await FakeDiscord.start({ token: TOKEN, shards: 2 });
  cleanups.push(() => fake.close());
  await deployCommands({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl });
  const [a, b] = fake.guilds;
  if (!a || !b) throw new Error('expected two guilds');
  const seedsDir = await tempSeeds();
  cleanups.push(() => rm(seedsDir, { recursive: true, force: true }));
  return { fake, guildA: a.id, guildB: b.id, seedsDir };
}

describe('two shards in one process (peers wired directly)', () => {
  it('/reload in guild A reaches shard 1; a shard whose reload fails is named and keeps its index', async () => {
    const { fake, guildA, guildB, seedsDir } = await twoShardDiscord();
    const bots: BotHandle[] = [];
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // As over IPC: the other shard's report comes back as JSON; a missing shard is an error.
    const peers = (id: number): ShardPeers => ({
      ids: [id],
      count: 2,
      reload: async (shard) => {
        const bot = bots[shard];
        if (!bot) throw new Error(`Shard ${shard}'s process does not exist`);
        return JSON.parse(JSON.stringify(await bot.service.reload()));
      },
    });
    let buildsOnShard1 = 0;
    for (const shard of [0, 1]) {
      const logger = createLogger({ level: 'debug', secrets: [TOKEN], destination }).child({ shard });
      const bot = await startBot(testConfig(fake, seedsDir), {
        logger,
        peers: peers(shard),
        // Shard 1 builds its first index, then every rebuild fails (injected).
        ...(shard === 1
          ? {
              build: (corpus) => {
                buildsOnShard1 += 1;
                if (buildsOnShard1 > 1) throw new Error('index build failed (injected)');
                return realBuilder(corpus);
              },
            }
          : {}),
      });
      bots.push(bot);
      cleanups.push(() => bot.stop());
    }
    await expectBothShardsConnected(fake);

    for (const guildId of [guildA, guildB]) {
      const reply = await fake.waitForReply(await fake.command('ask', NVIDIA, { guildId }));
      expect(embedOf(reply).description).toContain('12 milliards');
    }

    await writeFile(join(seedsDir, '010_abeilles.txt'), NEW_ARTICLE);
    const id = await fake.command('reload', {}, { guildId: guildA, permissions: '32' });
    const edit = await fake.waitForEdit(id);
    expect(edit.data.flags ?? 64).toBe(64);
    expect(embedOf(edit).title).toBe('Rechargement incomplet');
    expect(embedOf(edit).description).toBe('2 shards : 1 rechargé, 1 en échec (index conservé).');
    const fields = fieldsOf(edit);
    expect(fields['Shards (2)']?.split('\n')).toEqual([
      expect.stringMatching(
        /^• shard 1 : \*\*échec\*\* — cannot build the index: index build failed \(injected\) — index conservé \(5 articles, \d+ paragraphes\)$/,
      ),
      expect.stringMatching(/^• shard 0 : ok — 6 articles, \d+ paragraphes, \d+ ms$/),
    ]);
    expect(fields['Ajoutés (1)']).toBe('• 010\\_abeilles.txt');

    // Shard 0 serves the new article; shard 1 still answers, from its previous index.
    const inA = await fake.waitForReply(await fake.command('ask', BEES, { guildId: guildA }));
    expect(JSON.stringify(inA.data.embeds)).toContain(BEES_FILE);
    const inB = await fake.waitForReply(await fake.command('ask', BEES, { guildId: guildB }));
    expect(JSON.stringify(inB.data.embeds)).not.toContain(BEES_FILE);
    const stillB = await fake.waitForReply(await fake.command('ask', NVIDIA, { guildId: guildB }));
    expect(embedOf(stillB).description).toContain('12 milliards');

    // The permission check is unchanged: nothing reloads for a non-moderator.
    const refused = await fake.waitForReply(
      await fake.command('reload', {}, { guildId: guildB, permissions: '0' }),
    );
    expect(refused.data.content).toMatch(/seuls les modérateurs/);
    const done = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.interactionId === id && l.msg === 'interaction done');
    expect(done?.outcome).toBe('reload-partial');
  }, 30_000);
});

describe('npm start with SHARD_COUNT=2 (real ShardingManager, one process per shard)', () => {
  async function start(env: Record<string, string>): Promise<BotRun> {
    const cwd = await mkdtemp(join(tmpdir(), 'bot-shards-'));
    cleanups.push(() => rm(cwd, { recursive: true, force: true }));
    const run = spawnBot(cwd, env);
    // Whatever happens, leave no process of the group behind.
    cleanups.push(() => run.stop());
    return run;
  }

  it('connects both shards, answers in each guild, reloads every shard, respawns one, stops on Ctrl+C with exit 0', async () => {
    const { fake, guildA, guildB, seedsDir } = await twoShardDiscord();
    const run = await start({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      SEEDS_DIR: seedsDir,
      SHARD_COUNT: '2',
      LOG_LEVEL: 'info',
    });
    const has = (msg: string, shard?: number) =>
      run.logs().filter((l) => l.msg === msg && (shard === undefined || l.shard === shard)).length;
    await until(() => has('all shards ready') > 0, `all shards ready: ${run.stderr()}`, {
      timeoutMs: 60_000,
    });
    await expectBothShardsConnected(fake);
    // The same saved index (INDEX_CACHE_DIR, here under the temp working folder): shard 0 built and
    // saved it before it was ready; shard 1, started after, loaded it.
    const loaded = (shard: number) =>
      run
        .logs()
        .filter((l) => l.msg === 'corpus loaded' && l.shard === shard)
        .map((l) => (l.index as { source?: string } | undefined)?.source);
    expect(loaded(0)).toEqual(['built']);
    expect(loaded(1)).toEqual(['cache']);
    // Two processes, one per shard, besides the manager.
    const pids = run.logs().filter((l) => l.msg === 'shard process started');
    expect(new Set(pids.map((l) => l.pid)).size).toBe(2);
    expect(pids.map((l) => l.pid)).not.toContain(run.child.pid);

    for (const [guildId, shard] of [
      [guildA, 0],
      [guildB, 1],
    ] as const) {
      const id = await fake.command('ask', NVIDIA, { guildId });
      expect(embedOf(await fake.waitForReply(id)).description).toContain('12 milliards');
      await until(() => run.logs().some((l) => l.interactionId === id), 'the interaction log line', {
        timeoutMs: 5_000,
      });
      expect(run.logs().find((l) => l.interactionId === id)?.shard).toBe(shard);
    }

    // An article added, then /reload in guild A (shard 0): shard 1 reloads too.
    await writeFile(join(seedsDir, '010_abeilles.txt'), NEW_ARTICLE);
    const id = await fake.command('reload', {}, { guildId: guildA, permissions: '32' });
    const edit = await fake.waitForEdit(id, 0, 30_000);
    expect(embedOf(edit).title).toBe('Corpus rechargé');
    expect(embedOf(edit).description).toBe('2 shards : 2 rechargés.');
    expect(fieldsOf(edit)['Shards (2)']?.split('\n')).toEqual([
      expect.stringMatching(/^• shard 0 : ok — 6 articles, \d+ paragraphes, \d+ ms$/),
      expect.stringMatching(/^• shard 1 : ok — 6 articles, \d+ paragraphes, \d+ ms$/),
    ]);
    expect(fieldsOf(edit)['Ajoutés (1)']).toBe('• 010\\_abeilles.txt');
    // Shard 1's own log line travels apart from its answer: wait for it.
    await until(() => has('corpus reload asked by another shard', 1) === 1, 'shard 1 to log its reload', {
      timeoutMs: 5_000,
    });
    const inB = await fake.waitForReply(await fake.command('ask', BEES, { guildId: guildB }));
    expect(JSON.stringify(inB.data.embeds)).toContain(BEES_FILE);

    // Respawn: shard 1's process dies; the manager starts it again and guild B is served again.
    const shard1 = pids.find((l) => l.shard === 1)?.pid as number;
    process.kill(shard1, 'SIGKILL');
    await until(() => has('shard ready', 1) >= 2, 'shard 1 to be respawned', { timeoutMs: 30_000 });
    expect(has('shard process exited: respawning', 1)).toBe(1);
    expect(loaded(1)).toEqual(['cache', 'cache']);
    const again = await fake.waitForReply(
      await fake.command('ask', BEES, { guildId: guildB, shardTimeoutMs: 20_000 }),
    );
    expect(JSON.stringify(again.data.embeds)).toContain(BEES_FILE);

    // Ctrl+C: the whole group gets SIGINT; the manager stops the shards and exits 0.
    run.signal('SIGINT');
    expect(await run.exit).toBe(0);
    expect(has('signal received')).toBe(1);
    expect(run.logs().find((l) => l.msg === 'signal received')?.signal).toBe('SIGINT');
    expect(fake.connectedShards()).toEqual([]);
    expect(has('shards stopped')).toBe(1);
    expect(has('disconnected', 0)).toBe(1);
    expect(has('disconnected', 1)).toBe(1);
    expect(run.stdout()).not.toContain(TOKEN);
    expect(run.stderr()).toBe('');
  }, 90_000);

  it('stops with exit 1 when a shard cannot start, without respawning it', async () => {
    const { fake } = await twoShardDiscord();
    const run = await start({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      SEEDS_DIR: '/nonexistent/seeds',
      SHARD_COUNT: 'auto',
      LOG_LEVEL: 'info',
    });
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(/^No article could be loaded from SEEDS_DIR=\/nonexistent\/seeds/);
    expect(run.stderr().trim().split('\n').at(-1)).toMatch(/^A shard could not start: Shard 0/);
    expect(run.logs().find((l) => l.msg === 'starting shards')).toMatchObject({
      shards: 2,
      requested: 'auto',
    });
    expect(run.logs().filter((l) => l.msg === 'shard process started')).toHaveLength(1);
  }, 60_000);
});
