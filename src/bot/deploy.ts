import { REST, Routes } from 'discord.js';
import { commandDefinitions } from './registry.js';

/**
 * Registers /ask, /source and /reload (a bulk overwrite). With a guild id they go to that server
 * (visible at once, for development); without it, globally (production).
 */
export async function deployCommands(config: {
  DISCORD_TOKEN: string;
  DISCORD_API_URL: string;
  DISCORD_GUILD_ID?: string | undefined;
}): Promise<{ scope: 'guild' | 'global'; count: number }> {
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  const body = commandDefinitions();
  if (config.DISCORD_GUILD_ID) {
    await rest.put(Routes.applicationGuildCommands(app.id, config.DISCORD_GUILD_ID), { body });
    return { scope: 'guild', count: body.length };
  }
  await rest.put(Routes.applicationCommands(app.id), { body });
  return { scope: 'global', count: body.length };
}
