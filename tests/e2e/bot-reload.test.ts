import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/bot/deploy.js';
import { realBuilder } from '../../src/bot/engine-factory.js';
import { embedOf, type Harness, MODERATOR_ROLE, startHarness, TOKEN } from '../bot/support/harness.js';

const NEW_ARTICLE = `Les abeilles noires de Ouessant protégées par un conservatoire

Sur l'île de Ouessant, un conservatoire protège depuis 1987 les abeilles noires, une lignée locale menacée par les croisements.

Les apiculteurs de l'île n'ont pas le droit d'importer d'autres reines sur Ouessant.
`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function fieldsOf(embed: ReturnType<typeof embedOf>) {
  return Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
}

describe('/reload', () => {
  it('reloads a changed seeds folder for a moderator and reports what changed', async () => {
    h = await startHarness();
    await writeFile(join(h.seedsDir, '010_abeilles.txt'), NEW_ARTICLE);
    await rm(join(h.seedsDir, '004_466c3ba0de990664.txt'));
    await writeFile(
      join(h.seedsDir, '011_casse.txt'),
      Buffer.from([0x54, 0x69, 0x74, 0x72, 0x65, 0xff, 0xfe, 0x0a]),
    );
    await writeFile(join(h.seedsDir, 'notes.md'), 'not an article');

    const question = {
      question: 'Depuis quand un conservatoire protège-t-il les abeilles noires de Ouessant ?',
    };
    const before = await h.fake.waitForReply(await h.fake.command('ask', question));
    expect(JSON.stringify(before.data.embeds)).not.toContain('010\\\\_abeilles.txt');

    const id = await h.fake.command('reload', {}, { permissions: '32' });
    const deferred = await h.fake.waitForReply(id);
    expect(deferred.type).toBe(5);
    const edit = await h.fake.waitForEdit(id);
    const embed = embedOf(edit);
    expect(embed.title).toBe('Corpus rechargé');
    const fields = fieldsOf(embed);
    expect(fields['Ajoutés (1)']).toBe('• 010\\_abeilles.txt');
    expect(fields['Retirés (1)']).toBe('• 004\\_466c3ba0de990664.txt');
    expect(fields['Modifiés (0)']).toBe('aucun');
    expect(fields['Fichiers refusés (1)']).toMatch(/^• 011\\_casse\.txt — .+/);
    expect(fields['Fichiers ignorés (1)']).toBe('• notes.md');
    expect(fields.Articles).toBe('5 → 5');
    expect(fields.Paragraphes).toMatch(/^\d+ → \d+$/);
    expect(fields.Durée).toMatch(/^\d+ ms$/);

    // The new article is searched (whether the engine calls it an answer or a closest passage).
    const after = await h.fake.waitForReply(await h.fake.command('ask', question));
    expect(JSON.stringify(after.data.embeds)).toContain('010\\\\_abeilles.txt');
    expect(JSON.stringify(after.data.embeds)).toContain('conservatoire');
  });

  it('accepts a moderator role and reports a failed reload, keeping the working index', async () => {
    h = await startHarness();
    for (const f of [
      '000_378f6c1953f514f5.txt',
      '001_4626a044e08255b5.txt',
      '002_aa186ca6a34322bb.txt',
      '003_d5b173115a18c4cc.txt',
      '004_466c3ba0de990664.txt',
    ]) {
      await rm(join(h.seedsDir, f));
    }
    const id = await h.fake.command(
      'reload',
      {},
      { permissions: '0', roles: [MODERATOR_ROLE], locale: 'en-US' },
    );
    const edit = await h.fake.waitForEdit(id);
    expect(embedOf(edit).title).toBe('Reload failed');
    expect(embedOf(edit).description).toContain('The working index is kept (5 articles');
    const still = await h.fake.waitForReply(
      await h.fake.command('ask', { question: 'Combien xAI négocie-t-elle pour les puces de NVIDIA ?' }),
    );
    expect(embedOf(still).description).toContain('12 milliards');
  });

  it('refuses someone without the permission, politely and privately', async () => {
    h = await startHarness();
    await writeFile(join(h.seedsDir, '010_abeilles.txt'), NEW_ARTICLE);
    const id = await h.fake.command('reload', {}, { permissions: '0', roles: ['444444444444444444'] });
    const reply = await h.fake.waitForReply(id);
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toMatch(/seuls les modérateurs/);
    expect(h.bot.service.engine?.corpus.articles.map((a) => a.file)).not.toContain('010_abeilles.txt');
  });

  it('is registered for Manage Server, in guilds only', async () => {
    h = await startHarness();
    const commands = h.fake.registeredCommands(h.fake.guild.id);
    expect(commands.map((c) => c.name).sort()).toEqual(['ask', 'reload', 'source']);
    const reload = commands.find((c) => c.name === 'reload');
    expect(reload?.default_member_permissions).toBe('32');
    for (const c of commands) expect(c.description_localizations?.fr).toBeTruthy();
    await deployCommands({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: h.fake.apiUrl });
    expect(
      h.fake
        .registeredCommands()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['ask', 'reload', 'source']);
  });
});

describe('cooldown', () => {
  it('answers a user asking too fast with a polite ephemeral message', async () => {
    h = await startHarness({ config: { ASK_COOLDOWN_COUNT: 2, ASK_COOLDOWN_SECONDS: 60 } });
    const q = { question: 'Combien xAI négocie-t-elle ?' };
    for (let i = 0; i < 2; i++)
      expect((await h.fake.waitForReply(await h.fake.command('ask', q))).data.flags ?? 0).toBe(0);
    const third = await h.fake.waitForReply(await h.fake.command('ask', q));
    expect(third.data.flags).toBe(64);
    expect(third.data.content).toMatch(/Doucement ! Vous pourrez reposer une question dans \d+ s\./);
    const other = await h.fake.waitForReply(
      await h.fake.command('ask', q, { user: { id: '555555555555555555' } }),
    );
    expect(other.data.flags ?? 0).toBe(0);
  });
});

describe('shutdown', () => {
  it('lets an interaction in flight finish, then disconnects', async () => {
    h = await startHarness();
    h.fake.delayNext({ kind: 'callback' }, 1500);
    const id = await h.fake.command('ask', { question: 'Combien xAI négocie-t-elle ?' });
    // Wait until the bot has its answer and is sending the callback, which the fake holds for 1.5 s.
    const harness = h;
    const end = Date.now() + 5_000;
    while (!harness.logs().some((l) => l.interactionId === id && l.msg === 'question answered')) {
      if (Date.now() > end) throw new Error('the bot never answered');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(h.fake.responsesFor(id)).toEqual([]);
    const started = Date.now();
    const stopping = h.bot.stop();
    // While it drains, the bot takes no new work: a newcomer is told to come back.
    const late = await h.fake.command('ask', { question: 'Combien xAI négocie-t-elle ?' });
    const refused = await h.fake.waitForReply(late);
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toMatch(/redémarre/);
    await stopping;
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(h.fake.responsesFor(id).map((r) => r.kind)).toEqual(['callback']);
    expect(h.fake.connectedShards()).toEqual([]);
    const done = h.logs().find((l) => l.interactionId === id && l.msg === 'interaction done');
    expect(done?.outcome).toBe('answered');
  });
});

describe('slow answers', () => {
  it('defers /ask once answers get slow, and still mentions only the chosen user', async () => {
    h = await startHarness({
      start: {
        build: (corpus) => {
          const engine = realBuilder(corpus);
          return {
            corpus: engine.corpus,
            findArticles: (typed, limit) => engine.findArticles(typed, limit),
            getArticle: (name) => engine.getArticle(name),
            ask: (question) => {
              const until = Date.now() + 1_100;
              while (Date.now() < until) {
                // A slow engine.
              }
              return engine.ask(question);
            },
          };
        },
      },
    });
    const q = { question: 'Combien xAI négocie-t-elle pour les puces de NVIDIA ?' };
    const first = await h.fake.waitForReply(await h.fake.command('ask', q));
    expect(first.type).toBe(4);
    const friend = {
      id: '333333333333333333',
      username: 'ami',
      discriminator: '0',
      global_name: 'Ami',
      avatar: null,
    };
    const id = await h.fake.command(
      'ask',
      { ...q, mention: friend.id },
      { resolved: { users: { [friend.id]: friend } } },
    );
    const deferred = await h.fake.waitForReply(id);
    expect(deferred.type).toBe(5);
    const edit = await h.fake.waitForEdit(id);
    expect(embedOf(edit).description).toContain('12 milliards');
    expect(edit.data.allowed_mentions).toEqual({ parse: [] });
    // An edit does not notify: the mention comes in a follow-up.
    const ping = await h.fake.waitForFollowUp(id);
    expect(ping.data.content).toBe(`<@${friend.id}>`);
    expect(ping.data.allowed_mentions).toEqual({ parse: [], users: [friend.id] });
  }, 20_000);
});
