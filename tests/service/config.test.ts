import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';

const base = { DISCORD_TOKEN: 'token' };

describe('INDEX_CACHE_DIR and SEEDS_WATCH', () => {
  it('default to .cache and off', () => {
    const parsed = parseConfig(base);
    expect(parsed.ok && parsed.config.INDEX_CACHE_DIR).toBe('.cache');
    expect(parsed.ok && parsed.config.SEEDS_WATCH).toBe(false);
    const blank = parseConfig({ ...base, INDEX_CACHE_DIR: ' ', SEEDS_WATCH: '' });
    expect(blank.ok && [blank.config.INDEX_CACHE_DIR, blank.config.SEEDS_WATCH]).toEqual(['.cache', false]);
  });

  it('read a folder and a flag', () => {
    for (const [value, expected] of [
      ['true', true],
      ['TRUE', true],
      ['1', true],
      ['yes', true],
      ['on', true],
      ['false', false],
      ['0', false],
      ['no', false],
      ['Off', false],
    ] as const) {
      const parsed = parseConfig({ ...base, SEEDS_WATCH: value, INDEX_CACHE_DIR: '/var/cache/bot' });
      expect(parsed.ok && [parsed.config.INDEX_CACHE_DIR, parsed.config.SEEDS_WATCH]).toEqual([
        '/var/cache/bot',
        expected,
      ]);
    }
  });

  it('name a malformed SEEDS_WATCH in one line', () => {
    const parsed = parseConfig({ ...base, SEEDS_WATCH: 'sometimes' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.message).toMatch(/^Configuration error: SEEDS_WATCH must be true or false \(/);
  });
});
