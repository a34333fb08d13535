/**
 * The bot process of `npm run soak` (bench/soak.ts starts it): the real `startBot` with the
 * configuration read from the environment, as `npm start` does, plus an IPC hook so that the soak can
 * read this process's heap after a forced GC (run with `node --expose-gc`).
 *
 * IPC messages: `heap` → `{ type: 'heap', heapUsed, heapTotal, rss, external }`; `stop` → a clean
 * shutdown, `{ type: 'stopped' }`, exit 0. Sends `{ type: 'ready' }` once connected.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { startBot } from '../src/bot/bot.js';
import { configOrExit } from '../src/config/config.js';
import { createLogger } from '../src/log/logger.js';

const config = configOrExit({ withDotEnv: false });
const logger = createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  process.stderr.write('soak-bot: run with node --expose-gc\n');
  process.exit(1);
}

async function heap() {
  // A few full collections, letting finalizers and pending callbacks run in between.
  for (let i = 0; i < 4; i++) {
    gc?.();
    await nextTurn();
  }
  const m = process.memoryUsage();
  return { type: 'heap', heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, external: m.external };
}

const bot = await startBot(config, { logger });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await bot.stop();
  logger.flush();
  process.send?.({ type: 'stopped' });
  process.exit(0);
};
process.on('message', (msg) => {
  if (msg === 'heap') void heap().then((h) => process.send?.(h));
  else if (msg === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send?.({ type: 'ready' });
