/**
 * `npm start`: config → logger → corpus & engine → Discord. Exits 1 with one clear line when the
 * configuration is wrong or the bot cannot start; exits 0 after a clean shutdown on SIGINT/SIGTERM.
 *
 * Importing this module does nothing but re-export {@link startBot} (for tests that run the bot
 * in-process); it only starts the bot when run as the entry point.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { configOrExit } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { StartupError, startBot } from './bot.js';
import { runShardingManager } from './manager.js';
import { stopOnSignals } from './signals.js';

export { type BotHandle, type StartBotOptions, StartupError, startBot } from './bot.js';

export async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });

  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });

  // Several shards: a ShardingManager runs one process per shard (src/bot/shard.ts).
  if (config.SHARD_COUNT !== 1) return runShardingManager(config, logger);

  try {
    const bot = await startBot(config, { logger });
    stopOnSignals(logger, () => bot.stop());
  } catch (err) {
    const message =
      err instanceof StartupError ? err.message : `Cannot start the bot: ${(err as Error).message}`;
    logger.fatal({ err }, 'startup failed');
    logger.flush();
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
