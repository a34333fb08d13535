import { type Interaction, MessageFlags } from 'discord.js';
import { interactionLogger, type Logger } from '../log/logger.js';
import { decodeButton } from '../reply/custom-ids.js';
import { t } from '../reply/i18n.js';
import type { CorpusService } from '../service/corpus-service.js';
import type { ShardReload } from '../service/shard-reload.js';
import type { Cooldown } from './cooldown.js';
import type { BotContext, ButtonHandler, Outcome, SlashCommand } from './types.js';

/**
 * Discord error codes that mean "too late" rather than "bug": logged as warnings. 10062: the
 * interaction expired before its first answer; 50027: its token died (15 min) before an edit or
 * follow-up; 40060: it was already acknowledged.
 */
export const QUIET_ERRORS = new Set([10062, 50027, 40060]);

export function errorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Discord itself failed (5xx after discord.js's own retries): not the bot's bug, logged as a warning. */
export function isDiscordOutage(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 500 && status < 600;
}

export interface DispatcherOptions {
  commands: readonly SlashCommand[];
  service: CorpusService;
  cooldown: Cooldown;
  moderatorRoleIds: readonly string[];
  logger: Logger;
  /** With several shards: reloads every shard (see {@link BotContext.reloadAllShards}). */
  reloadAllShards?: () => Promise<ShardReload[]>;
  /** Answers slower than this make /ask defer first next time. */
  deferAfterMs?: number;
}

/**
 * Routes interactions to commands, autocompletes and buttons; logs one child logger per interaction
 * with its latency and outcome; turns any thrown error into a short ephemeral message; tracks what
 * is in flight so a shutdown can let it finish.
 */
export class Dispatcher {
  readonly #commands: Map<string, SlashCommand>;
  readonly #buttons = new Map<string, ButtonHandler>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #options: DispatcherOptions;
  #closing = false;
  #lastAskMs = 0;

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.#commands = new Map(options.commands.map((c) => [c.data.name, c]));
    for (const c of options.commands) {
      for (const [kind, handler] of Object.entries(c.buttons ?? {})) {
        this.#buttons.set(kind, handler as ButtonHandler);
      }
    }
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Entry point for `Events.InteractionCreate`. Never rejects. */
  handle(interaction: Interaction): Promise<void> {
    const run = this.#handle(interaction);
    this.#inFlight.add(run);
    void run.finally(() => this.#inFlight.delete(run));
    return run;
  }

  /** Stops taking new interactions and waits (at most `timeoutMs`) for those in flight. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.#closing = true;
    if (this.#inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = Promise.allSettled([...this.#inFlight]).then(() => true as const);
    const finished = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return finished;
  }

  async #handle(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const log = interactionLogger(this.#options.logger, {
      interactionId: interaction.id,
      kind: kindOf(interaction),
      command: nameOf(interaction),
      guildId: interaction.guildId,
      userId: interaction.user.id,
      locale: interaction.locale,
    });
    const ctx: BotContext = {
      service: this.#options.service,
      cooldown: this.#options.cooldown,
      moderatorRoleIds: this.#options.moderatorRoleIds,
      ...(this.#options.reloadAllShards ? { reloadAllShards: this.#options.reloadAllShards } : {}),
      log,
      shouldDefer: () => this.#lastAskMs > (this.#options.deferAfterMs ?? 1000),
      recordAskDuration: (ms) => {
        this.#lastAskMs = ms;
      },
    };
    let outcome: Outcome = 'ignored';
    try {
      outcome = this.#closing
        ? await this.#refuseWhileClosing(interaction)
        : await this.#route(interaction, ctx);
    } catch (err) {
      const code = errorCode(err);
      if (code !== undefined && QUIET_ERRORS.has(code)) {
        outcome = code === 40060 ? 'already-acknowledged' : 'expired';
        log.warn({ err, code }, 'interaction could not be answered');
      } else if (isDiscordOutage(err)) {
        outcome = 'discord-unavailable';
        log.warn({ err, status: (err as { status: number }).status }, 'Discord failed to take the answer');
        await this.#sayError(interaction, log);
      } else {
        outcome = 'error';
        log.error({ err }, 'handler failed');
        await this.#sayError(interaction, log);
      }
    } finally {
      log.info({ latencyMs: Math.round(performance.now() - started), outcome }, 'interaction done');
    }
  }

  async #route(interaction: Interaction, ctx: BotContext): Promise<Outcome> {
    if (interaction.isChatInputCommand()) {
      const command = this.#commands.get(interaction.commandName);
      if (!command) throw new Error(`unknown command ${interaction.commandName}`);
      return command.execute(interaction, ctx);
    }
    if (interaction.isAutocomplete()) {
      const command = this.#commands.get(interaction.commandName);
      if (!command?.autocomplete) {
        await interaction.respond([]);
        return 'no-autocomplete';
      }
      return command.autocomplete(interaction, ctx);
    }
    if (interaction.isButton()) {
      const action = decodeButton(interaction.customId);
      const handler = action && this.#buttons.get(action.kind);
      if (!action || !handler) throw new Error(`unknown button ${interaction.customId}`);
      return handler(interaction, action, ctx);
    }
    return 'unsupported';
  }

  async #refuseWhileClosing(interaction: Interaction): Promise<Outcome> {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) {
      await interaction.reply({
        content: t(interaction.locale).shuttingDown,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
    }
    return 'shutting-down';
  }

  async #sayError(interaction: Interaction, log: Logger): Promise<void> {
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
        return;
      }
      if (!interaction.isRepliable()) return;
      const payload = {
        content: t(interaction.locale).error,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      } as const;
      if (interaction.deferred && !interaction.replied)
        await interaction.editReply({ content: payload.content });
      else if (interaction.replied) await interaction.followUp(payload);
      else await interaction.reply(payload);
    } catch (err) {
      log.warn({ err, code: errorCode(err) }, 'could not tell the user about the error');
    }
  }
}

function kindOf(i: Interaction): string {
  if (i.isChatInputCommand()) return 'command';
  if (i.isAutocomplete()) return 'autocomplete';
  if (i.isButton()) return 'button';
  return 'other';
}

function nameOf(i: Interaction): string {
  if (i.isChatInputCommand() || i.isAutocomplete()) return i.commandName;
  if (i.isButton()) return i.customId.split(':')[0] ?? 'button';
  return 'unknown';
}
