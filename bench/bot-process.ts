/**
 * The bot as `npm start` runs it (startBot: corpus, engine, discord.js client), pointed at the fake
 * Discord of the end-to-end tests. Started by `bench/measure-interactions.ts` with its configuration in
 * BENCH_BOT_CONFIG (JSON); logs go to stdout at info level, as in production. Stops on SIGTERM.
 */
import { type BotConfig, startBot } from '../src/bot/bot.js';
import { createLogger } from '../src/log/logger.js';

const config = JSON.parse(process.env.BENCH_BOT_CONFIG ?? '{}') as BotConfig;
const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
const bot = await startBot(config, { logger, readyTimeoutMs: 120_000 });
process.send?.({ ready: true });
process.once('SIGTERM', () => {
  void bot.stop().finally(() => process.exit(0));
});
