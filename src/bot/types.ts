import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from '../log/logger.js';
import type { ButtonAction } from '../reply/custom-ids.js';
import type { CorpusService } from '../service/corpus-service.js';
import type { ShardReload } from '../service/shard-reload.js';
import type { Cooldown } from './cooldown.js';

/** What every handler gets besides its interaction. */
export interface BotContext {
  service: CorpusService;
  cooldown: Cooldown;
  moderatorRoleIds: readonly string[];
  /**
   * With several shards: reloads every shard's index (this one and the others, through the sharding
   * manager) and reports each. Absent with one shard.
   */
  reloadAllShards?: () => Promise<ShardReload[]>;
  /** This interaction's child logger. */
  log: Logger;
  /** When true, /ask defers before computing (the last answers were slow). */
  shouldDefer(): boolean;
  /** Reports how long computing an answer took, to decide on deferring next time. */
  recordAskDuration(ms: number): void;
}

/** A short word for the log line that closes each interaction. */
export type Outcome = string;

export type ButtonHandler<K extends ButtonAction['kind'] = ButtonAction['kind']> = (
  interaction: ButtonInteraction,
  action: Extract<ButtonAction, { kind: K }>,
  ctx: BotContext,
) => Promise<Outcome>;

/** One slash command: its registration data and its behaviour, in one file under commands/. */
export interface SlashCommand {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<Outcome>;
  /** Buttons this command's messages carry, by custom id kind. */
  buttons?: { [K in ButtonAction['kind']]?: ButtonHandler<K> };
}
