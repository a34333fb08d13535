import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.fake-token-value';

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const result = parseConfig({ DISCORD_TOKEN: TOKEN });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toEqual({
      DISCORD_TOKEN: TOKEN,
      DISCORD_GUILD_ID: undefined,
      MODERATOR_ROLE_IDS: [],
      SEEDS_DIR: './seeds',
      INDEX_CACHE_DIR: '.cache',
      SEEDS_WATCH: false,
      LOG_LEVEL: 'info',
      DISCORD_API_URL: 'https://discord.com/api',
      SEED_MAX_BYTES: 2 * 1024 * 1024,
      ASK_COOLDOWN_COUNT: 5,
      ASK_COOLDOWN_SECONDS: 20,
      SHARD_COUNT: 1,
    });
  });

  it('reads every variable', () => {
    const result = parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_GUILD_ID: '123456789012345678',
      MODERATOR_ROLE_IDS: '111111111111111111, 222222222222222222',
      SEEDS_DIR: '/tmp/seeds',
      LOG_LEVEL: 'DEBUG',
      DISCORD_API_URL: 'http://127.0.0.1:3000/api/',
      SEED_MAX_BYTES: '1000',
      ASK_COOLDOWN_COUNT: '2',
      ASK_COOLDOWN_SECONDS: '60',
      SHARD_COUNT: '4',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.MODERATOR_ROLE_IDS).toEqual(['111111111111111111', '222222222222222222']);
    expect(result.config.LOG_LEVEL).toBe('debug');
    expect(result.config.DISCORD_API_URL).toBe('http://127.0.0.1:3000/api');
    expect(result.config.SEED_MAX_BYTES).toBe(1000);
    expect(result.config.ASK_COOLDOWN_COUNT).toBe(2);
    expect(result.config.ASK_COOLDOWN_SECONDS).toBe(60);
    expect(result.config.SHARD_COUNT).toBe(4);
  });

  it('treats empty values as unset', () => {
    const result = parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_GUILD_ID: '',
      MODERATOR_ROLE_IDS: '',
      LOG_LEVEL: '',
    });
    expect(result.ok).toBe(true);
  });

  const bad: Array<[string, Record<string, string>]> = [
    ['DISCORD_TOKEN', {}],
    ['DISCORD_TOKEN', { DISCORD_TOKEN: '   ' }],
    ['DISCORD_GUILD_ID', { DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: 'my-guild' }],
    ['MODERATOR_ROLE_IDS', { DISCORD_TOKEN: TOKEN, MODERATOR_ROLE_IDS: '123456789012345678,admin' }],
    ['LOG_LEVEL', { DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'verbose' }],
    ['DISCORD_API_URL', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'not a url' }],
    ['SEED_MAX_BYTES', { DISCORD_TOKEN: TOKEN, SEED_MAX_BYTES: 'lots' }],
    ['ASK_COOLDOWN_COUNT', { DISCORD_TOKEN: TOKEN, ASK_COOLDOWN_COUNT: '0' }],
    ['ASK_COOLDOWN_SECONDS', { DISCORD_TOKEN: TOKEN, ASK_COOLDOWN_SECONDS: '-3' }],
    ['SHARD_COUNT', { DISCORD_TOKEN: TOKEN, SHARD_COUNT: 'several' }],
  ];
  it.each(bad)('names %s in one line when it is wrong', (name, env) => {
    const result = parseConfig(env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(name);
    expect(result.message).toContain('npm run ask');
    expect(result.message).not.toContain('\n');
    expect(result.message).not.toContain(TOKEN);
  });
});
