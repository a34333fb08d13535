/**
 * One shard's process, forked by the `ShardingManager` (see manager.ts) — not meant to be run by hand.
 * discord.js's environment (`SHARDING_MANAGER`, `SHARDS`, `SHARD_COUNT`) makes the client connect
 * as that shard and gives it `client.shard`, the IPC to the manager: `startBot` uses it to expose this
 * shard's reload to the others and to reach theirs on /reload.
 *
 * Each shard loads the seeds folder and builds its own index (the same files, so the same index).
 * Stops cleanly (drain, disconnect, exit 0) on SIGTERM, which the manager sends at shutdown, and
 * when the manager goes away. Ctrl+C in a terminal reaches every process: the manager coordinates.
 */
import { configOrExit } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { type BotHandle, StartupError, startBot } from './bot.js';

const config = configOrExit();
const shard = Number(process.env.SHARDS);
const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] }).child({ shard });

process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason }, 'unhandled promise rejection');
});

let bot: BotHandle | undefined;
let stopping = false;
const stop = (reason: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'stopping shard');
  void (bot ? bot.stop() : Promise.resolve())
    .catch((err) => logger.error({ err }, 'error during shutdown'))
    .finally(() => {
      logger.flush();
      process.exit(0);
    });
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => {
  if (!process.connected) stop('SIGINT');
});
process.on('disconnect', () => stop('the sharding manager is gone'));

try {
  bot = await startBot(config, { logger });
} catch (err) {
  const message =
    err instanceof StartupError ? err.message : `Cannot start shard ${shard}: ${(err as Error).message}`;
  logger.fatal({ err }, 'startup failed');
  logger.flush();
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
