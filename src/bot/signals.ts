import type { Logger } from '../log/logger.js';

/**
 * On SIGINT or SIGTERM: logs it, stops, flushes the logs and exits 0 — once. `on`, not `once`: Ctrl+C
 * can arrive twice (from the terminal and relayed by tsx); a second one must not find the process
 * without a handler (tsx would then exit at once, leaving shards behind).
 *
 * Returns `claim`: true for the first to claim the shutdown (a signal, or a caller that fails and stops
 * by itself), false afterwards — so that a signal during a failed start does not stop twice.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): () => boolean {
  let claimed = false;
  const claim = () => {
    if (claimed) return false;
    claimed = true;
    return true;
  };
  const shutdown = (signal: NodeJS.Signals) => {
    if (!claim()) return;
    logger.info({ signal }, 'signal received');
    void stop()
      .catch((err) => logger.error({ err }, 'error during shutdown'))
      .finally(() => {
        logger.flush();
        process.exit(0);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return claim;
}
