import { command as ask } from '../../commands/ask.js';
import { command as reload } from '../../commands/reload.js';
import { command as source } from '../../commands/source.js';
import type { SlashCommand } from './types.js';

/** Every slash command of the bot, one file each under commands/. */
export const COMMANDS: readonly SlashCommand[] = [ask, source, reload];

/** Registration bodies, for deploy-commands. */
export const commandDefinitions = () => COMMANDS.map((c) => c.data);
