/**
 * Hostile input through the real bot and the fake Discord: questions full of markdown, mentions and
 * invisible characters; articles made of markdown; /source asked for paths and odd names; a user
 * asking too fast. Whatever comes in, what goes out shows it literally and pings nobody.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import {
  buttonsOf,
  embedOf,
  type Harness,
  SEEDS,
  startHarness,
  TOKEN,
  tempSeeds,
} from '../bot/support/harness.js';
import { liveMarkup, shown } from '../hostile/support/discord-markdown.js';
import type { InteractionResponse } from '../support/fake-discord.js';

const MARKDOWN_ARTICLE = `Les signes étranges du bulletin des apiculteurs bretons

Le bulletin des apiculteurs bretons écrit **en gras** et __souligné__, puis *italique* et _penché_, avec du \`code\` et des \`\`\`blocs\`\`\`, un ~~barré~~ et un ||secret des ruches|| pour ses lecteurs.

Pour les inscriptions, le bulletin des apiculteurs bretons renvoie vers un lien [cliquez ici](http://exemple.fr/piege) et vers la page https://fr.wikipedia.org/wiki/Abeille_noire qui décrit la lignée locale.

> Une citation des apiculteurs bretons commence par un chevron, puis # un dièse, - un tiret, 1. un numéro et <t:0:R> un horodatage.

Le trésorier des apiculteurs bretons a compté 4 200 ruches au printemps, selon le bulletin.
`;
const MARKDOWN_PARAGRAPHS = MARKDOWN_ARTICLE.trim().split('\n\n').slice(1);
const LINK = 'https://fr.wikipedia.org/wiki/Abeille_noire';

// A title line with an @handle is dropped by the parser as furniture; a role mention is not.
const HOSTILE_TITLE =
  '**Titre** piégé ||secret|| `code` _penché_ <@&456456456456456456> [lien](http://x.example) des apiculteurs normands';
const TITLE_ARTICLE = `${HOSTILE_TITLE}

Les apiculteurs normands récoltent un miel de colza au printemps et un miel de sarrasin à la fin de l’été, dans le bocage.
`;

/** Control, zero-width, soft hyphen and bidi characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

/** Every text of every embed in a response (title, description, field names and values, footer). */
function embedTexts(r: InteractionResponse): string[] {
  return (r.data.embeds ?? []).flatMap((e) => {
    const embed = e as ReturnType<typeof embedOf>;
    return [
      embed.title ?? '',
      embed.description ?? '',
      ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]),
      embed.footer?.text ?? '',
    ].filter((t) => t.length > 0);
  });
}

function expectPingsNobody(r: InteractionResponse): void {
  expect(r.data.allowed_mentions).toEqual({ parse: [] });
  const content = r.data.content ?? '';
  expect(content).not.toMatch(/(^|[^\\])(@everyone|@here|<@)/);
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    seedsDir: await tempSeeds({ '900_signes.txt': MARKDOWN_ARTICLE, '901_titre.txt': TITLE_ARTICLE }),
  });
});
afterAll(async () => {
  await h?.close();
});

async function ask(question: string): Promise<InteractionResponse> {
  return h.fake.waitForReply(await h.fake.command('ask', { question }), 10_000);
}

describe('hostile questions', () => {
  it.each([
    'Qui a écrit @everyone @here <@123456789012345678> <@!123456789012345678> <@&456456456456456456> dans le bulletin des apiculteurs bretons ?',
    'Que cache **le gras** et __le souligné__ ou ||le spoiler|| et ~~le barré~~ des apiculteurs bretons ?',
    'Pourquoi [ce lien](http://x.example/piege) et `du code` et ```un bloc``` chez les apiculteurs ?',
    '> Une citation # un titre -# petit texte <#123456789012345678> <t:0:R> </ask:1> <:abeille:1> \\*déjà\\* ?',
    '# Combien de ruches le trésorier des apiculteurs bretons a-t-il comptées ?',
    '- 1. Combien de ruches ? https://exemple.fr/a_b_c#x ~~',
  ])('shows %j literally and pings nobody', async (question) => {
    const reply = await ask(question);
    expect(reply.type).toBe(4);
    expect(reply.data.flags ?? 0).toBe(0);
    expectPingsNobody(reply);
    expect(reply.data.content ?? '').toBe('');
    const echoed = embedOf(reply).fields?.at(-1);
    expect(echoed?.name).toBe('Question');
    expect(shown(echoed?.value ?? '')).toBe(question);
    expect(liveMarkup(echoed?.value ?? '')).toEqual([]);
    for (const text of embedTexts(reply)) expect(liveMarkup(text), text).toEqual([]);
  });

  it('removes control, zero-width and bidi characters before answering and echoing', async () => {
    const question =
      '\u0000Combien\u200b de\u202e ruches\u2066 le\u00ad trésorier\u0007 des\u200d apiculteurs\u2028bretons\ta-t-il comptées ?\ufeff';
    const reply = await ask(question);
    const echoed = embedOf(reply).fields?.at(-1)?.value ?? '';
    expect(shown(echoed)).toBe('Combien de ruches le trésorier des apiculteurs bretons a-t-il comptées ?');
    expect(JSON.stringify(reply.data)).not.toMatch(INVISIBLE);
  });

  it('says a question made only of invisible characters is empty', async () => {
    const reply = await ask('\u200b\u200d\u0000 \u2060\u202e\ufeff\t');
    expect(reply.data.flags).toBe(64);
    expect(reply.data.content).toBe('Votre question est vide : écrivez quelques mots.');
    expect(reply.data.embeds ?? []).toEqual([]);
  });

  it('caps the length at 300 characters after cleaning, with a clear message', async () => {
    const words = (n: number) =>
      'ruches '
        .repeat(Math.ceil(n / 7))
        .slice(0, n - 2)
        .trimEnd()
        .padEnd(n - 2, 'x');
    const at = `${words(300)} ?`;
    expect(at).toHaveLength(300);
    expect((await ask(at)).data.flags ?? 0).toBe(0);
    const over = `${words(301)} ?`;
    const refused = await ask(over);
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toBe(
      'Votre question est trop longue (301 caractères, 300 au plus). Pouvez-vous la raccourcir ?',
    );
    // Invisible padding does not count, whatever its length.
    const padded = await ask(`${'\u200b'.repeat(2000)}Combien de ruches ?${'\u0000'.repeat(2000)}`);
    expect(padded.type).toBe(4);
    expect(padded.data.flags ?? 0).toBe(0);
    const english = await h.fake.waitForReply(
      await h.fake.command('ask', { question: 'x'.repeat(6000) }, { locale: 'en-GB' }),
    );
    expect(english.data.content).toBe(
      'Your question is too long (6000 characters, at most 300). Could you shorten it?',
    );
  });
});

describe('hostile articles', () => {
  it('quotes an article made of markdown literally, with its link intact', async () => {
    const reply = await ask(
      'Vers quelle page le bulletin des apiculteurs bretons renvoie-t-il pour les inscriptions ?',
    );
    expectPingsNobody(reply);
    const texts = embedTexts(reply);
    for (const text of texts) expect(liveMarkup(text), text).toEqual([]);
    // The paragraph is quoted (as the answer, or as a closest passage), its link shown as it is.
    const quoted = texts.find((t) => t.includes(LINK));
    expect(quoted).toBeDefined();
    expect(quoted).toContain('\\[cliquez ici\\](http://exemple.fr/piege)');
    const quote = shown(quoted as string).replace(/…$/, '');
    expect(MARKDOWN_PARAGRAPHS[1]).toContain(quote.split('\n')[0]);
  });

  it('shows the whole markdown article literally in /source', async () => {
    const reply = await h.fake.waitForReply(await h.fake.command('source', { article: '900_signes.txt' }));
    const page = embedOf(reply).description ?? '';
    expect(liveMarkup(page)).toEqual([]);
    MARKDOWN_PARAGRAPHS.forEach((p, i) => {
      expect(shown(page)).toContain(`§ ${i + 1} ${p}`);
    });
    expect(page).toContain(LINK);
    expect(page).toContain('\\> Une citation');
  });

  it('shows markdown paragraphs literally in "other passages"', async () => {
    const click = await h.fake.button('more:900_signes.txt:1:900_signes.txt:2:900_signes.txt:3');
    const reply = await h.fake.waitForReply(click);
    expect(reply.data.embeds).toHaveLength(3);
    (reply.data.embeds ?? []).forEach((_, i) => {
      const description = embedOf(reply, i).description ?? '';
      expect(liveMarkup(description)).toEqual([]);
      expect(shown(description)).toBe(MARKDOWN_PARAGRAPHS[i]);
    });
    expectPingsNobody(reply);
  });

  it('shows a title full of markdown and mentions literally', async () => {
    const reply = await h.fake.waitForReply(await h.fake.command('source', { article: '901_titre.txt' }));
    const title = embedOf(reply).title ?? '';
    expect(shown(title)).toBe(HOSTILE_TITLE);
    expect(liveMarkup(title)).toEqual([]);
    expectPingsNobody(reply);
    const choices = await h.fake.waitForReply(await h.fake.autocomplete('source', 'article', 'titre'));
    // Choice names are plain text (Discord renders no markdown there); the value is the file.
    const name = choices.data.choices?.find((c) => c.value === '901_titre.txt')?.name ?? '';
    expect(name.length).toBeLessThanOrEqual(100);
    expect(HOSTILE_TITLE.startsWith(name.replace(/…$/, ''))).toBe(true);
  });
});

describe('/source with paths and odd names', () => {
  it.each([
    ['a parent path', '../../etc/passwd'],
    ['a path through seeds', 'seeds/../x'],
    ['a real file behind a folder', 'seeds/000_378f6c1953f514f5.txt'],
    ['a real file behind ./', './000_378f6c1953f514f5.txt'],
    ['a real file, then ..', '000_378f6c1953f514f5.txt/..'],
    ['the real file by absolute path', join(SEEDS, '000_378f6c1953f514f5.txt')],
    ['an absolute path', '/etc/passwd'],
    ['a Windows path', '..\\..\\Windows\\win.ini'],
    ['a drive path', 'C:\\Windows\\win.ini'],
    ['a URL-encoded path', '%2e%2e%2fetc%2fpasswd'],
    ['a file URL', 'file:///etc/passwd'],
    ['a forged article key', '~000000000000'],
    ['a lone tilde', '~'],
    ['a dot', '.'],
    ['blanks', '   '],
    ['a NUL byte', '000_378f6c1953f514f5.txt\u0000'],
    ['a bidi override', '\u202etxt.dwssap'],
    ['a hidden file', '.env'],
    ['a device name', 'CON'],
    ['mentions and markdown', '@everyone <@&456456456456456456> ||x|| **y** [z](http://x)'],
    ['stars', '*'.repeat(50)],
    ['a very long name', `${'a'.repeat(5990)}.txt`],
    ['very long emoji', '🐝'.repeat(3000)],
  ])('answers "unknown article" to %s', async (_what, article) => {
    const reply = await h.fake.waitForReply(await h.fake.command('source', { article }));
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(64);
    expect(reply.data.embeds ?? []).toEqual([]);
    expect(reply.files).toEqual([]);
    const content = reply.data.content ?? '';
    expect(content).toMatch(
      /^Je ne connais pas l’article « .* »\. Choisissez-en un dans la liste proposée\.$/s,
    );
    expect([...content].length).toBeLessThanOrEqual(2000);
    expect(liveMarkup(content)).toEqual([]);
    expect(content).not.toMatch(INVISIBLE);
    expectPingsNobody(reply);
  });

  it('offers only loaded articles in autocomplete, whatever is typed', async () => {
    const files = new Set(h.bot.service.engine?.corpus.articles.map((a) => a.file));
    for (const typed of ['../../etc/passwd', '/etc', 'seeds/', '\u0000', '@everyone', 'a'.repeat(6000)]) {
      const reply = await h.fake.waitForReply(await h.fake.autocomplete('source', 'article', typed));
      expect(reply.type).toBe(8);
      for (const c of reply.data.choices ?? []) expect(files.has(String(c.value))).toBe(true);
    }
  });
});

describe('per-user cooldown with the documented defaults', () => {
  let c: Harness;
  beforeAll(async () => {
    const parsed = parseConfig({ DISCORD_TOKEN: TOKEN });
    if (!parsed.ok) throw new Error(parsed.message);
    c = await startHarness({
      config: {
        ASK_COOLDOWN_COUNT: parsed.config.ASK_COOLDOWN_COUNT,
        ASK_COOLDOWN_SECONDS: parsed.config.ASK_COOLDOWN_SECONDS,
      },
    });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('allows 5 questions per 20 s, then answers politely and privately', async () => {
    const user = { id: '777777777777777777' };
    const q = { question: 'Combien de GPU H100 équipent Colossus ?' };
    for (let i = 0; i < 5; i++) {
      const reply = await c.fake.waitForReply(await c.fake.command('ask', q, { user }));
      expect(reply.data.flags ?? 0, `question ${i + 1}`).toBe(0);
      expect(buttonsOf(reply).length).toBeGreaterThan(0);
    }
    for (const locale of ['fr', 'en-US']) {
      const refused = await c.fake.waitForReply(await c.fake.command('ask', q, { user, locale }));
      expect(refused.data.flags).toBe(64);
      expect(refused.data.embeds ?? []).toEqual([]);
      const seconds = Number(/(\d+) s\.$/.exec(refused.data.content ?? '')?.[1]);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(20);
      expect(refused.data.content).toMatch(
        locale === 'fr' ? /^Doucement ! Vous pourrez reposer/ : /^Easy there! You can ask again/,
      );
    }
  });

  it('keeps every other user apart: many distinct users are all answered', async () => {
    const ids = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        c.fake.command(
          'ask',
          { question: 'Combien de GPU H100 équipent Colossus ?' },
          { user: { id: `8${String(i).padStart(17, '0')}` } },
        ),
      ),
    );
    for (const id of ids) {
      const reply = await c.fake.waitForReply(id, 15_000);
      expect(reply.data.flags ?? 0).toBe(0);
    }
  });
});
