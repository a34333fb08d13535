import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type BotConfig, type BotHandle, type StartBotOptions, startBot } from '../../../src/bot/bot.js';
import { deployCommands } from '../../../src/bot/deploy.js';
import { createLogger } from '../../../src/log/logger.js';
import { FakeDiscord, type InteractionResponse } from '../../support/fake-discord.js';

export const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.fake-bot-token-for-e2e-tests-0123456789';
export const MODERATOR_ROLE = '222222222222222222';
export const SEEDS = join(import.meta.dirname, '../../../seeds');

export interface Harness {
  fake: FakeDiscord;
  bot: BotHandle;
  seedsDir: string;
  /** Every JSON log line the bot wrote. */
  logs: () => Array<Record<string, unknown>>;
  rawLogs: () => string;
  close(): Promise<void>;
}

/** A temp copy of the bundled seeds (plus extra files), so tests can change it freely. */
export async function tempSeeds(extra: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bot-seeds-'));
  await cp(SEEDS, dir, { recursive: true });
  for (const [name, content] of Object.entries(extra)) await writeFile(join(dir, name), content);
  return dir;
}

/** The bot's configuration in tests: the fake Discord, these seeds, a generous cooldown, debug logs. */
export function testConfig(
  fake: FakeDiscord,
  seedsDir: string,
  overrides: Partial<BotConfig> = {},
): BotConfig {
  return {
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    SEEDS_DIR: seedsDir,
    SEED_MAX_BYTES: 2 * 1024 * 1024,
    MODERATOR_ROLE_IDS: [MODERATOR_ROLE],
    ASK_COOLDOWN_COUNT: 50,
    ASK_COOLDOWN_SECONDS: 20,
    LOG_LEVEL: 'debug',
    ...overrides,
  };
}

/** Fake Discord + commands deployed to its guild + the bot running in-process. */
export async function startHarness(
  options: {
    seedsDir?: string;
    config?: Partial<BotConfig>;
    fake?: FakeDiscord;
    start?: StartBotOptions;
  } = {},
): Promise<Harness> {
  const fake = options.fake ?? (await FakeDiscord.start({ token: TOKEN }));
  const seedsDir = options.seedsDir ?? (await tempSeeds());
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  await deployCommands({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: fake.guild.id,
  });
  const config = testConfig(fake, seedsDir, options.config);
  const logger = createLogger({ level: 'debug', secrets: [TOKEN], destination });
  const bot = await startBot(config, { logger, ...options.start });
  return {
    fake,
    bot,
    seedsDir,
    rawLogs: () => lines.join(''),
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    async close() {
      await bot.stop();
      await fake.close();
      await rm(seedsDir, { recursive: true, force: true });
    },
  };
}

type Embed = {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
};
type Button = { custom_id?: string; label?: string; disabled?: boolean };

export function embedOf(r: InteractionResponse, i = 0): Embed {
  const embed = r.data.embeds?.[i] as Embed | undefined;
  if (!embed) throw new Error(`no embed ${i} in ${JSON.stringify(r.data)}`);
  return embed;
}

export function buttonsOf(r: InteractionResponse): Button[] {
  return (r.data.components ?? []).flatMap((row) => (row.components as Button[] | undefined) ?? []);
}

export function buttonId(r: InteractionResponse, prefix: string): string {
  const b = buttonsOf(r).find((x) => x.custom_id?.startsWith(prefix));
  if (!b?.custom_id) throw new Error(`no button ${prefix} in ${JSON.stringify(r.data.components)}`);
  return b.custom_id;
}
