/** `npm run deploy-commands`: registers the slash commands (guild when DISCORD_GUILD_ID is set, else global). */
import { configOrExit } from '../config/config.js';
import { deployCommands } from './deploy.js';

const config = configOrExit();
try {
  const { scope, count } = await deployCommands(config);
  const where = scope === 'guild' ? `server ${config.DISCORD_GUILD_ID}` : 'all servers (global)';
  process.stdout.write(`Registered ${count} commands for ${where}.\n`);
} catch (err) {
  process.stderr.write(`Could not register the commands: ${(err as Error).message}\n`);
  process.exit(1);
}
