/**
 * Interactions per second through the fake Discord of the end-to-end tests: the fake (REST + gateway on
 * 127.0.0.1) runs here, the bot runs in its own process (`bench/bot-process.ts`, i.e. `startBot` with the
 * real loader and engine), and /ask interactions are injected with a fixed number in flight; an
 * interaction counts when its reply reaches the fake. Prints one JSON object on its last stdout line.
 *
 *   node --import tsx bench/measure-interactions.ts --size 1000 [--count 600] [--runs 3] [--concurrency 8]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BotConfig } from '../src/bot/bot.js';
import { deployCommands } from '../src/bot/deploy.js';
import { FakeDiscord, snowflake } from '../tests/support/fake-discord.js';
import { optionValue } from './lib/args.js';
import { BENCH_DIR, corpusDir, questionsFile } from './lib/paths.js';
import { benchQuestions, type DrawnQuestion } from './lib/questions.js';
import { type Latency, latency } from './lib/stats.js';

export interface InteractionsMeasurement {
  size: number;
  concurrency: number;
  count: number;
  /** Completed /ask interactions per second, one figure per run. */
  perSecond: number[];
  /** From injection to the reply reaching the fake, all runs together. */
  latency: Latency;
  /** Bot start (load, build, gateway READY) as seen from here. */
  botStartMs: number;
}

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.fake-bot-token-for-the-benchmark-0123';
const USERS = 500;

async function startBotProcess(config: BotConfig): Promise<ChildProcess> {
  const child = fork(path.join(BENCH_DIR, 'bot-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_BOT_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the bot exited (${code}) before it was ready`)));
  });
  return child;
}

export async function measureInteractions(
  size: number,
  options: { count: number; runs: number; concurrency: number },
): Promise<InteractionsMeasurement> {
  const drawn = JSON.parse(readFileSync(questionsFile(size), 'utf8')) as DrawnQuestion[];
  const questions = benchQuestions(drawn).map((q) => q.question);
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: snowflake(Date.now() - 10_000_000 + i),
    username: `user${i}`,
  }));

  const fake = await FakeDiscord.start({ token: TOKEN });
  let bot: ChildProcess | undefined;
  try {
    await deployCommands({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: fake.guild.id,
    });
    const config: BotConfig = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      SEEDS_DIR: corpusDir(size),
      SEED_MAX_BYTES: 2 * 1024 * 1024,
      MODERATOR_ROLE_IDS: [],
      ASK_COOLDOWN_COUNT: 1000,
      ASK_COOLDOWN_SECONDS: 1,
      LOG_LEVEL: 'info',
    };
    const started = performance.now();
    bot = await startBotProcess(config);
    const botStartMs = performance.now() - started;

    let next = 0;
    const askOne = async (): Promise<number> => {
      const i = next++;
      const t = performance.now();
      const id = await fake.command(
        'ask',
        { question: questions[i % questions.length] as string },
        { user: users[i % USERS] },
      );
      const reply = await fake.waitForReply(id, 120_000);
      // A deferred answer (type 5) is complete when its edit arrives.
      if (reply.type === 5) await fake.waitForEdit(id, 0, 120_000);
      return performance.now() - t;
    };
    const run = async (count: number, concurrency: number) => {
      const samples: number[] = [];
      const stop = next + count;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < stop) samples.push(await askOne());
        }),
      );
      return { perSecond: (samples.length * 1000) / (performance.now() - t), samples };
    };

    await run(Math.min(40, options.count), 2); // warm-up
    const perSecond: number[] = [];
    const samples: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      const result = await run(options.count, options.concurrency);
      perSecond.push(result.perSecond);
      samples.push(...result.samples);
      process.stderr.write(`  [interactions ${size}] run ${r + 1}: ${result.perSecond.toFixed(1)}/s\n`);
    }
    return {
      size,
      concurrency: options.concurrency,
      count: options.count,
      perSecond,
      latency: latency(samples),
      botStartMs,
    };
  } finally {
    if (bot && bot.exitCode === null) {
      const exited = new Promise((resolve) => bot?.once('exit', resolve));
      bot.kill('SIGTERM');
      await exited;
    }
    await fake.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const result = await measureInteractions(Number(optionValue(argv, 'size')), {
    count: Number(optionValue(argv, 'count') ?? 600),
    runs: Number(optionValue(argv, 'runs') ?? 3),
    concurrency: Number(optionValue(argv, 'concurrency') ?? 8),
  });
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}
