import type { Client, ShardClientUtil } from 'discord.js';
import type { Logger } from '../log/logger.js';
import type { CorpusService, ReloadReport } from '../service/corpus-service.js';
import { reloadAllShards, type ShardReload } from '../service/shard-reload.js';

/**
 * How a bot process reaches the other shards of the bot. Under discord.js's `ShardingManager` each
 * shard is a process and this goes through the manager's IPC ({@link ipcPeers}); tests can run
 * several bots in one process and wire them directly.
 */
export interface ShardPeers {
  /** The shard ids this process serves, and how many shards the bot runs. */
  readonly ids: readonly number[];
  readonly count: number;
  /** Asks shard `shard` (another process) to reload its index: its report, or null while it starts. */
  reload(shard: number, requestId: string): Promise<unknown>;
}

/** The name (`Symbol.for`) under which a shard process exposes its reload to the others. */
export const RELOAD_HOOK = 'xai-corpus-bot.reload';

type ReloadHook = (requestId: string) => Promise<ReloadReport>;

/**
 * Runs inside the target shard's process: discord.js sends it there as source text and evaluates it
 * with the client as `this` (`broadcastEval`). So it must be self-contained — no imports, no
 * variables from this module, no named inner functions — and return JSON-serialisable data.
 */
const remoteReload = (_client: Client, context: { hook: string; requestId: string }) => {
  const hook = (globalThis as unknown as Record<symbol, ReloadHook | undefined>)[Symbol.for(context.hook)];
  return hook ? hook(context.requestId) : null;
};

/** Peers through the `ShardingManager`: one `broadcastEval` per shard, so one dead shard fails alone. */
export function ipcPeers(util: ShardClientUtil): ShardPeers {
  return {
    ids: util.ids,
    count: util.count,
    reload: (shard, requestId) =>
      util.broadcastEval(remoteReload, { shard, context: { hook: RELOAD_HOOK, requestId } }),
  };
}

/**
 * Lets the other shards reload this one (see {@link remoteReload}). Returns the function that
 * withdraws it (at shutdown).
 */
export function exposeReload(service: CorpusService, logger: Logger): () => void {
  const key = Symbol.for(RELOAD_HOOK);
  const registry = globalThis as unknown as Record<symbol, ReloadHook | undefined>;
  const hook: ReloadHook = async (requestId) => {
    const report = await service.reload();
    logger.info(
      {
        requestId,
        status: report.status,
        articles: report.articlesAfter,
        paragraphs: report.paragraphsAfter,
        reloadMs: report.durationMs,
        error: report.error,
      },
      'corpus reload asked by another shard',
    );
    return report;
  };
  registry[key] = hook;
  return () => {
    if (registry[key] === hook) registry[key] = undefined;
  };
}

/** Reloads this process's index and every other shard's, each shard's result in shard order. */
export function reloadEveryShard(
  service: CorpusService,
  peers: ShardPeers,
  options: { timeoutMs?: number } = {},
): Promise<ShardReload[]> {
  const requestId = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return reloadAllShards({
    count: peers.count,
    local: peers.ids,
    reloadLocal: () => service.reload(),
    reloadRemote: (shard) => peers.reload(shard, requestId),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
}
