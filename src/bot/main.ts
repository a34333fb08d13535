/**
 * `npm start`: config → logger → corpus & engine → Discord. Exits 1 with one clear line when the
 * configuration is wrong or the bot cannot start; exits 0 after a clean shutdown on SIGINT/SIGTERM.
 */
import { loadDotEnv, parseConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { StartupError, startBot } from './bot.js';

loadDotEnv();
const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.message}\n`);
  process.exit(1);
}
const config = parsed.config;
const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });

process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason }, 'unhandled promise rejection');
});

try {
  const bot = await startBot(config, { logger });
  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'signal received');
    void bot
      .stop()
      .catch((err) => logger.error({ err }, 'error during shutdown'))
      .finally(() => {
        logger.flush();
        process.exit(0);
      });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (err) {
  const message =
    err instanceof StartupError ? err.message : `Cannot start the bot: ${(err as Error).message}`;
  logger.fatal({ err }, 'startup failed');
  logger.flush();
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
