import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Config } from '../config/config.js';
import { Engine } from '../engine/engine.js';
import { createLogger, type Logger } from '../log/logger.js';
import {
  type CorpusLoader,
  CorpusService,
  type EngineBuilder,
  type EnginePreparer,
  inThreadPreparer,
} from '../service/corpus-service.js';
import { workerPreparer } from '../service/index-worker.js';
import { SeedsWatcher } from '../service/seeds-watcher.js';
import { Cooldown } from './cooldown.js';
import { Dispatcher } from './dispatcher.js';
import { realBuilder, realLoader } from './engine-factory.js';
import { COMMANDS } from './registry.js';
import { exposeReload, ipcPeers, reloadEveryShard, type ShardPeers } from './shard-peers.js';

export type BotConfig = Pick<
  Config,
  | 'DISCORD_TOKEN'
  | 'DISCORD_API_URL'
  | 'SEEDS_DIR'
  | 'SEED_MAX_BYTES'
  | 'MODERATOR_ROLE_IDS'
  | 'ASK_COOLDOWN_COUNT'
  | 'ASK_COOLDOWN_SECONDS'
  | 'LOG_LEVEL'
> &
  /** Without `INDEX_CACHE_DIR` the index is not saved; without `SEEDS_WATCH` the folder is not watched. */
  Partial<Pick<Config, 'INDEX_CACHE_DIR' | 'SEEDS_WATCH'>>;

export interface StartBotOptions {
  logger?: Logger;
  /**
   * How the engine is made. By default in a worker thread, reusing and refreshing the saved index of
   * `INDEX_CACHE_DIR`. With `load` and/or `build` (tests), in this thread with those.
   */
  prepare?: EnginePreparer;
  load?: CorpusLoader;
  build?: EngineBuilder;
  /** Quiet period of the seeds watcher (default 1 s). */
  watchDebounceMs?: number;
  /** How long a shutdown waits for interactions in flight (default 5 s). */
  drainTimeoutMs?: number;
  /** How long to wait for the gateway's READY (default 30 s). */
  readyTimeoutMs?: number;
  /**
   * The other shards, when this bot is one shard of several in a process of its own (tests). Under
   * discord.js's `ShardingManager` they are found on their own (`client.shard`, through its IPC).
   */
  peers?: ShardPeers;
  /** How long a /reload waits for each other shard (default 60 s). */
  shardReloadTimeoutMs?: number;
}

export interface BotHandle {
  client: Client;
  service: CorpusService;
  logger: Logger;
  /** Stops taking interactions, lets those in flight finish, disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

/** Raised when the bot cannot start; its message is one line for a person. */
export class StartupError extends Error {}

/**
 * Loads the corpus, builds the engine, connects to Discord and dispatches interactions.
 * Resolves once the gateway is ready.
 */
export async function startBot(config: BotConfig, options: StartBotOptions = {}): Promise<BotHandle> {
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
  const service = new CorpusService({
    seedsDir: config.SEEDS_DIR,
    maxBytes: config.SEED_MAX_BYTES,
    prepare:
      options.prepare ??
      (options.load || options.build
        ? inThreadPreparer(options.load ?? realLoader, options.build ?? realBuilder)
        : workerPreparer({
            ...(config.INDEX_CACHE_DIR ? { cacheDir: config.INDEX_CACHE_DIR } : {}),
            logger,
          })),
  });
  const first = await service.reload();
  Engine.warmUp();
  logger.info(
    {
      status: first.status,
      articles: first.articlesAfter,
      paragraphs: first.paragraphsAfter,
      problems: first.problems,
      ignored: first.ignored,
      reloadMs: first.durationMs,
      ...(first.index ? { index: first.index } : {}),
    },
    'corpus loaded',
  );
  if (first.status !== 'ok') {
    throw new StartupError(
      `No article could be loaded from SEEDS_DIR=${config.SEEDS_DIR} (${first.error ?? 'unknown reason'}).`,
    );
  }

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: { api: config.DISCORD_API_URL },
    ...(options.peers ? { shards: [...options.peers.ids], shardCount: options.peers.count } : {}),
  });
  // Several shards: /reload reloads them all. The others reach this one through its exposed reload.
  const peers = options.peers ?? (client.shard ? ipcPeers(client.shard) : undefined);
  const withdrawReload = client.shard ? exposeReload(service, logger) : () => {};
  const timeoutMs = options.shardReloadTimeoutMs;
  const reloadAllShards =
    peers && peers.count > 1
      ? () => reloadEveryShard(service, peers, timeoutMs === undefined ? {} : { timeoutMs })
      : undefined;

  const dispatcher = new Dispatcher({
    commands: COMMANDS,
    service,
    cooldown: new Cooldown({
      count: config.ASK_COOLDOWN_COUNT,
      windowMs: config.ASK_COOLDOWN_SECONDS * 1000,
    }),
    moderatorRoleIds: config.MODERATOR_ROLE_IDS,
    logger,
    ...(reloadAllShards ? { reloadAllShards } : {}),
  });

  client.on(Events.InteractionCreate, (interaction) => {
    void dispatcher.handle(interaction);
  });
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ code: event.code, shardId }, 'gateway disconnected'),
  );

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new StartupError('Discord did not answer in time (no READY from the gateway).')),
      options.readyTimeoutMs ?? 30_000,
    );
    client.once(Events.ClientReady, (c) => {
      clearTimeout(timer);
      logger.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'connected to Discord');
      resolve();
    });
  });
  try {
    await client.login(config.DISCORD_TOKEN);
    await ready;
  } catch (err) {
    withdrawReload();
    await client.destroy().catch(() => {});
    if (err instanceof StartupError) throw err;
    throw new StartupError(
      `Cannot connect to Discord at ${config.DISCORD_API_URL}: ${(err as Error).message}`,
    );
  }

  let watcher: SeedsWatcher | undefined;
  if (config.SEEDS_WATCH) {
    try {
      watcher = SeedsWatcher.start({
        dir: config.SEEDS_DIR,
        service,
        logger,
        ...(options.watchDebounceMs === undefined ? {} : { debounceMs: options.watchDebounceMs }),
      });
    } catch (err) {
      logger.warn({ dir: config.SEEDS_DIR, err }, 'cannot watch the seeds folder; /reload still works');
    }
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info({ inFlight: dispatcher.inFlight }, 'shutting down');
      void watcher?.close();
      const drained = await dispatcher.drain(options.drainTimeoutMs ?? 5_000);
      if (!drained) logger.warn({ inFlight: dispatcher.inFlight }, 'interactions still running at shutdown');
      withdrawReload();
      await client.destroy();
      logger.info('disconnected');
    })();
    return stopping;
  };
  return { client, service, logger, stop };
}
