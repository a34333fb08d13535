import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonId,
  buttonsOf,
  embedOf,
  type Harness,
  startHarness,
  TOKEN,
  tempSeeds,
} from '../bot/support/harness.js';

const EVERYONE_ARTICLE = `Alerte chez les éleveurs de moutons bleus du Vercors

Le maire a écrit @everyone et @here dans le bulletin des éleveurs de moutons bleus, puis il a cité <@123456789012345678> et <@&987654321098765432> à propos de la transhumance des moutons bleus.

Les éleveurs de moutons bleus du Vercors préparent la transhumance d'été vers les alpages, comme chaque année depuis 1950.
`;

const LONG_ARTICLE = `Chronique au long cours sur les phares de Bretagne

${Array.from(
  { length: 30 },
  (_, i) =>
    `Le phare numéro ${i + 1} se dresse sur la côte bretonne et son gardien raconte sa vie, les tempêtes d'hiver, les bateaux qui passent au large et les oiseaux marins qui nichent sur les rochers. Il tient un journal de bord détaillé depuis ${1900 + i} et le relit chaque soir à la lumière de la lanterne.`,
).join('\n\n')}
`;

const HUGE_ARTICLE = `Annuaire complet des moulins à vent de Flandre

${Array.from(
  { length: 160 },
  (_, i) =>
    `Le moulin numéro ${i + 1} tourne encore chaque dimanche grâce aux bénévoles de l'association, qui entretiennent les ailes, graissent les engrenages et font visiter la tour aux familles venues de toute la région. Sa meule de pierre date de ${1700 + i} et moud toujours du blé pour le pain du village voisin.`,
).join('\n\n')}
`;

let h: Harness;
const tokens: string[] = [];

async function ask(question: string, extra: Record<string, string | boolean> = {}, opts = {}) {
  const id = await h.fake.command('ask', { question, ...extra }, opts);
  tokens.push(String(h.fake.interactionPayload(id).token));
  return { id, reply: await h.fake.waitForReply(id) };
}

async function waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = h.logs().find(predicate);
    if (found) return found;
    if (Date.now() > until) throw new Error('log line not found');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  h = await startHarness({
    seedsDir: await tempSeeds({
      '900_everyone.txt': EVERYONE_ARTICLE,
      '901_long.txt': LONG_ARTICLE,
      '902_huge.txt': HUGE_ARTICLE,
    }),
  });
});
afterAll(async () => {
  await h?.close();
});

describe('/ask', () => {
  it('answers with the exact sentence, matched words in bold, the source and buttons', async () => {
    const { reply } = await ask('Combien xAI négocie-t-elle pour les puces de NVIDIA ?');
    expect(reply.type).toBe(4);
    const embed = embedOf(reply);
    expect(embed.description).toContain('12 milliards de dollars');
    expect(embed.description).toMatch(/\*\*[^*]+\*\*/);
    expect(embed.title).toContain('xAI');
    expect(embed.fields?.[0]?.value).toMatch(/^000\\_378f6c1953f514f5\.txt § \d+ \(ligne \d+\)$/);
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(reply.data.flags ?? 0).toBe(0);
    expect(buttonId(reply, 'art:')).toMatch(/^art:000_378f6c1953f514f5\.txt:\d+$/);
  });

  it('declines plainly and lists the closest passages as not answers', async () => {
    const { reply } = await ask('Quelle est la recette de la tarte tatin aux pommes ?');
    const embed = embedOf(reply);
    expect(embed.title).toBe('Aucune réponse trouvée');
    expect(embed.description).toContain('Je n’ai trouvé aucune réponse à cette question');
    expect(embed.description).toMatch(/ce ne sont pas des réponses|Aucun passage proche non plus/);
    for (const f of embed.fields?.slice(0, -1) ?? []) expect(f.name).toContain('(pas une réponse)');
  });

  it('speaks English to English users (the quote stays French)', async () => {
    const { reply } = await ask('What is the recipe of the tarte tatin?', {}, { locale: 'en-US' });
    expect(embedOf(reply).title).toBe('No answer found');
  });

  it('shows @everyone and mentions from an article literally and pings nobody', async () => {
    const { reply } = await ask('Qu’a écrit le maire dans le bulletin des éleveurs de moutons bleus ?');
    const text = JSON.stringify(reply.data.embeds);
    expect(text).toContain('\\\\@everyone');
    expect(text).not.toMatch(/[^\\]@everyone/);
    expect(text).not.toMatch(/[^\\]<@/);
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    expect(reply.data.content ?? '').toBe('');
  });

  it('escapes the question: no live markdown or mention', async () => {
    const { reply } = await ask('**moutons** bleus @everyone <@123456789012345678> \u200b?');
    const question = embedOf(reply).fields?.at(-1)?.value;
    expect(question).toBe('\\*\\*moutons\\*\\* bleus \\@everyone \\<\\@123456789012345678\\> ?');
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('refuses an overlong question politely', async () => {
    const { reply } = await ask('moutons '.repeat(60));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toMatch(/trop longue/);
  });

  it('cacher:true answers ephemerally', async () => {
    const { reply } = await ask('Combien xAI négocie-t-elle pour les puces de NVIDIA ?', { cacher: true });
    expect(reply.data.flags).toBe(64);
    expect(embedOf(reply).description).toContain('12 milliards');
  });

  it('mention:@user pings that user only', async () => {
    const friend = {
      id: '333333333333333333',
      username: 'ami',
      discriminator: '0',
      global_name: 'Ami',
      avatar: null,
    };
    const { reply } = await ask(
      'Combien xAI négocie-t-elle pour les puces de NVIDIA ?',
      { mention: friend.id },
      { resolved: { users: { [friend.id]: friend } } },
    );
    expect(reply.data.content).toBe(`<@${friend.id}>`);
    expect(reply.data.allowed_mentions).toEqual({ parse: [], users: [friend.id] });
  });

  it('"show article" opens the article at the quoted paragraph, only for the clicker', async () => {
    const { id, reply } = await ask('Combien xAI négocie-t-elle pour les puces de NVIDIA ?');
    const custom = buttonId(reply, 'art:');
    const paragraph = custom.split(':').at(-1);
    const message = h.fake.originalMessage(id);
    const click = await h.fake.button(custom, message?.id as string);
    const shown = await h.fake.waitForReply(click);
    expect(shown.type).toBe(4);
    expect(shown.data.flags).toBe(64);
    expect(embedOf(shown).description).toContain(`▶ **§ ${paragraph}**`);
  });

  it('"other passages" shows the other answers in full', async () => {
    const { reply } = await ask('Que font les éleveurs de moutons bleus du Vercors ?');
    // The button carries the other answers' references; if this engine version finds one answer only,
    // click a button built the same way (the handler needs nothing else).
    const more =
      buttonsOf(reply).find((b) => b.custom_id?.startsWith('more:'))?.custom_id ??
      'more:900_everyone.txt:1:000_378f6c1953f514f5.txt:1';
    const click = await h.fake.button(more);
    const shown = await h.fake.waitForReply(click);
    expect(shown.data.flags).toBe(64);
    expect(shown.data.embeds?.length).toBe(more.split(':').length / 2 - 0.5);
    expect(embedOf(shown).footer?.text).toMatch(/ § \d+ \(ligne \d+\)$/);
  });
});

describe('/source', () => {
  it('autocompletes article titles at once (≤ 25 choices, value = file name)', async () => {
    const id = await h.fake.autocomplete('source', 'article', 'phare');
    const reply = await h.fake.waitForReply(id);
    expect(reply.type).toBe(8);
    const choices = reply.data.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]).toEqual({
      name: 'Chronique au long cours sur les phares de Bretagne',
      value: '901_long.txt',
    });
    const all = await h.fake.waitForReply(await h.fake.autocomplete('source', 'article', ''));
    expect((all.data.choices ?? []).length).toBeGreaterThanOrEqual(5);
  });

  it('pages a long article with « précédent / suivant »', async () => {
    const id = await h.fake.command('source', { article: '901_long.txt' });
    const first = await h.fake.waitForReply(id);
    expect(embedOf(first).description).toContain('§ 1 Le phare numéro 1 ');
    expect(embedOf(first).footer?.text).toMatch(/^901_long\.txt · Page 1\/(\d+)$/);
    const [prev, next] = buttonsOf(first);
    expect(prev?.disabled).toBe(true);
    expect(next?.label).toBe('Suivant »');
    const click = await h.fake.button(next?.custom_id as string, h.fake.originalMessage(id)?.id as string);
    const second = await h.fake.waitForReply(click);
    expect(second.type).toBe(7);
    expect(embedOf(second).footer?.text).toMatch(/Page 2\//);
    expect(buttonsOf(second)[0]?.disabled).toBe(false);
  });

  it('opens the page holding a paragraph and marks it', async () => {
    const id = await h.fake.command('source', { article: '901_long.txt', paragraphe: 25 });
    const reply = await h.fake.waitForReply(id);
    expect(embedOf(reply).description).toContain('▶ **§ 25** Le phare numéro 25 ');
    expect(embedOf(reply).footer?.text).not.toMatch(/Page 1\//);
  });

  it('attaches a very long article as a .txt file besides the pages', async () => {
    const reply = await h.fake.waitForReply(await h.fake.command('source', { article: '902_huge.txt' }));
    expect(embedOf(reply).footer?.text).toMatch(/^902_huge\.txt · Page 1\/\d\d$/);
    expect(reply.files.map((f) => f.name)).toEqual(['902_huge.txt']);
    expect(reply.files[0]?.text).toContain('§ 160  Le moulin numéro 160 ');
    const short = await h.fake.waitForReply(await h.fake.command('source', { article: '901_long.txt' }));
    expect(short.files).toEqual([]);
  });

  it('accepts the start of a title typed by hand', async () => {
    const reply = await h.fake.waitForReply(await h.fake.command('source', { article: 'Chronique au long' }));
    expect(embedOf(reply).title).toBe('Chronique au long cours sur les phares de Bretagne');
  });

  it.each(['../../etc/passwd', '/etc/passwd', 'nope.txt', '..'])('refuses %s politely', async (article) => {
    const reply = await h.fake.waitForReply(await h.fake.command('source', { article }));
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toMatch(/Je ne connais pas l’article/);
    expect(reply.data.embeds ?? []).toHaveLength(0);
  });

  it('says when the paragraph does not exist', async () => {
    const reply = await h.fake.waitForReply(
      await h.fake.command('source', { article: '900_everyone.txt', paragraphe: 99 }),
    );
    expect(reply.data.content).toMatch(/pas de paragraphe 99/);
    expect(embedOf(reply).footer?.text).toMatch(/Page 1\//);
  });
});

describe('failures', () => {
  it('logs an expired interaction (10062) as a warning and keeps going', async () => {
    h.fake.failNext(
      { kind: 'callback' },
      { status: 404, body: { message: 'Unknown interaction', code: 10062 } },
    );
    const id = await h.fake.command('ask', { question: 'Combien xAI négocie-t-elle ?' });
    tokens.push(String(h.fake.interactionPayload(id).token));
    const line = await waitForLog((l) => l.interactionId === id && l.msg === 'interaction done');
    expect(line.outcome).toBe('expired');
    const warn = h.logs().find((l) => l.interactionId === id && l.level === 40);
    expect(warn?.code).toBe(10062);
    const { reply } = await ask('Combien xAI négocie-t-elle pour les puces de NVIDIA ?');
    expect(reply.type).toBe(4);
  });

  it('logs 40060 (already acknowledged) as a warning', async () => {
    h.fake.failNext(
      { kind: 'callback' },
      { status: 400, body: { message: 'already acknowledged', code: 40060 } },
    );
    const id = await h.fake.command('source', { article: '901_long.txt' });
    const line = await waitForLog((l) => l.interactionId === id && l.msg === 'interaction done');
    expect(line.outcome).toBe('already-acknowledged');
  });

  it('turns any other error into a short ephemeral message', async () => {
    h.fake.failNext(
      { kind: 'callback' },
      { status: 400, body: { message: 'Invalid Form Body', code: 50035 } },
    );
    const id = await h.fake.command('source', { article: '901_long.txt' });
    const reply = await h.fake.waitForReply(id);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toMatch(/erreur/);
    const line = await waitForLog((l) => l.interactionId === id && l.msg === 'interaction done');
    expect(line.outcome).toBe('error');
  });

  it('never logs a token', () => {
    const raw = h.rawLogs();
    expect(raw.length).toBeGreaterThan(0);
    expect(raw).not.toContain(TOKEN);
    for (const token of tokens) expect(raw).not.toContain(token);
  });
});
