/** `npm run deploy-commands`: registers the slash commands (guild when DISCORD_GUILD_ID is set, else global). */
import { loadDotEnv, parseConfig } from '../config/config.js';
import { deployCommands } from './deploy.js';

loadDotEnv();
const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.message}\n`);
  process.exit(1);
}
try {
  const { scope, count } = await deployCommands(parsed.config);
  const where = scope === 'guild' ? `server ${parsed.config.DISCORD_GUILD_ID}` : 'all servers (global)';
  process.stdout.write(`Registered ${count} commands for ${where}.\n`);
} catch (err) {
  process.stderr.write(`Could not register the commands: ${(err as Error).message}\n`);
  process.exit(1);
}
