/**
 * Several shards (`SHARD_COUNT` above 1, or `auto`): discord.js's `ShardingManager` runs one child
 * process per shard (`shard.ts`, through tsx), respawns a shard whose process dies, and carries the
 * IPC that `/reload` uses to reach every shard. This process holds no index and no gateway session.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Shard, ShardingManager } from 'discord.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { StartupError } from './bot.js';
import { stopOnSignals } from './signals.js';

export type ManagerConfig = Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_API_URL' | 'SHARD_COUNT'>;

export interface GatewayInfo {
  /** Discord's recommended shard count. */
  shards: number;
  /** How many shards may identify at once (`session_start_limit.max_concurrency`). */
  maxConcurrency: number;
}

/**
 * `GET /gateway/bot` on `DISCORD_API_URL` (discord.js's own `auto` always asks discord.com, so the
 * count is resolved here). Also checks the token before any shard starts.
 */
export async function fetchGatewayInfo(config: ManagerConfig, timeoutMs = 15_000): Promise<GatewayInfo> {
  const url = `${config.DISCORD_API_URL}/v10/gateway/bot`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bot ${config.DISCORD_TOKEN}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    throw new StartupError(
      `Cannot connect to Discord at ${config.DISCORD_API_URL}: ${cause ?? (err as Error).message}`,
    );
  }
  if (response.status === 401) {
    throw new StartupError('Discord refused DISCORD_TOKEN (401): check the token in .env.');
  }
  if (!response.ok) {
    throw new StartupError(
      `Cannot get the shard count from Discord at ${config.DISCORD_API_URL} (HTTP ${response.status}).`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as {
    shards?: unknown;
    session_start_limit?: { max_concurrency?: unknown };
  };
  const shards = Number(body.shards);
  const maxConcurrency = Number(body.session_start_limit?.max_concurrency ?? 1);
  if (!Number.isInteger(shards) || shards < 1) {
    throw new StartupError(`Discord at ${config.DISCORD_API_URL} gave no shard count.`);
  }
  return {
    shards,
    maxConcurrency: Number.isInteger(maxConcurrency) && maxConcurrency > 0 ? maxConcurrency : 1,
  };
}

/** The shard entry next to this file. */
export const SHARD_FILE = fileURLToPath(new URL('./shard.ts', import.meta.url));

/**
 * Node flags for a shard process: tsx's loader, so that it runs TypeScript. Resolved from this file,
 * not from the working directory, so that `npm start` works from anywhere.
 */
export function tsxExecArgv(): string[] {
  return ['--import', import.meta.resolve('tsx')];
}

export interface StartManagerOptions {
  logger: Logger;
  /** The script each shard process runs (default `shard.ts`) and the node flags it needs. */
  file?: string;
  execArgv?: string[];
  /** How long each shard may take to load its index and connect (default 90 s). */
  spawnTimeoutMs?: number;
  /** How long a shard may take to stop after SIGTERM before it is killed (default 15 s). */
  stopTimeoutMs?: number;
}

export interface ManagerHandle {
  manager: ShardingManager;
  /** The number of shards (resolved when `SHARD_COUNT` is `auto`). */
  count: number;
  /** Resolves once every shard is ready (respawn is on from then); rejects if one could not start. */
  ready: Promise<void>;
  /** Stops every shard (SIGTERM, then SIGKILL after `stopTimeoutMs`), without respawning. Idempotent. */
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Resolves the shard count, creates the manager and starts spawning the shards (one after the other,
 * each once the previous one is ready; 5.5 s apart when Discord allows fewer identifies at once than
 * there are shards). Respawn is off until every shard has started once, so a shard that cannot start
 * (no article, bad token) stops the bot instead of restarting forever.
 */
export async function startShardingManager(
  config: ManagerConfig,
  options: StartManagerOptions,
): Promise<ManagerHandle> {
  const { logger } = options;
  const gateway = await fetchGatewayInfo(config);
  const count = config.SHARD_COUNT === 'auto' ? gateway.shards : config.SHARD_COUNT;
  const manager = new ShardingManager(options.file ?? SHARD_FILE, {
    totalShards: count,
    mode: 'process',
    respawn: false,
    token: config.DISCORD_TOKEN,
    execArgv: options.execArgv ?? tsxExecArgv(),
  });
  const live = new Set<ChildProcess>();
  let stopping: Promise<void> | undefined;

  const terminate = async (child: ChildProcess) => {
    if (exited(child)) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      gone.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), options.stopTimeoutMs ?? 15_000);
      }),
    ]);
    clearTimeout(timer);
    if (late) {
      logger.warn({ pid: child.pid }, 'shard did not stop in time: killed');
      child.kill('SIGKILL');
      await gone;
    }
  };

  manager.on('shardCreate', (shard: Shard) => {
    const log = logger.child({ shard: shard.id });
    // mode 'process': the shard's process is a ChildProcess, never a Worker.
    shard.on('spawn', (process) => {
      const child = process as ChildProcess;
      live.add(child);
      child.once('exit', () => live.delete(child));
      log.info({ pid: child.pid }, 'shard process started');
      // A shard started while stopping (the spawn loop was between two shards): stop it at once.
      if (stopping) setImmediate(() => void terminate(child));
    });
    shard.on('ready', () => log.info('shard ready'));
    shard.on('reconnecting', () => log.debug('shard reconnecting'));
    shard.on('death', (process) => {
      const child = process as ChildProcess;
      const level = stopping ? 'info' : 'warn';
      log[level](
        { pid: child.pid, exitCode: child.exitCode, signal: child.signalCode, respawn: manager.respawn },
        manager.respawn ? 'shard process exited: respawning' : 'shard process exited',
      );
    });
    shard.on('error', (err: Error) => log.error({ err }, 'shard error'));
  });

  logger.info(
    { shards: count, requested: config.SHARD_COUNT, recommended: gateway.shards },
    'starting shards',
  );
  const spawnTimeout = options.spawnTimeoutMs ?? 90_000;
  const ready = manager
    .spawn({ amount: count, delay: count <= gateway.maxConcurrency ? 0 : 5_500, timeout: spawnTimeout })
    .then(() => {
      if (stopping) return;
      manager.respawn = true;
      logger.info({ shards: count }, 'all shards ready');
    });
  // The caller handles a failed start; keep it from being an unhandled rejection meanwhile.
  ready.catch(() => {});

  const stop = () => {
    stopping ??= (async () => {
      manager.respawn = false;
      logger.info({ shards: live.size }, 'stopping shards');
      await Promise.all([...live].map(terminate));
      // The spawn loop may still be waiting on a shard (now dead, so it ends): then nothing is left.
      await ready.catch(() => {});
      await Promise.all([...live].map(terminate));
      logger.info('shards stopped');
    })();
    return stopping;
  };

  return { manager, count, ready, stop };
}

function failStartup(logger: Logger, err: unknown, message: string): never {
  logger.fatal({ err }, 'startup failed');
  logger.flush();
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * `npm start` with several shards: starts the manager and its shards; on SIGINT/SIGTERM stops every
 * shard and exits 0; exits 1 with one line when Discord cannot be reached or a shard cannot start
 * (the shard prints its own reason just before).
 */
export async function runShardingManager(config: ManagerConfig, logger: Logger): Promise<void> {
  let handle: ManagerHandle;
  try {
    handle = await startShardingManager(config, { logger });
  } catch (err) {
    const message =
      err instanceof StartupError ? err.message : `Cannot start the shards: ${(err as Error).message}`;
    failStartup(logger, err, message);
  }
  const claimShutdown = stopOnSignals(logger, () => handle.stop());
  try {
    await handle.ready;
  } catch (err) {
    if (!claimShutdown()) return;
    await handle.stop().catch(() => {});
    failStartup(logger, err, `A shard could not start: ${(err as Error).message}`);
  }
}
