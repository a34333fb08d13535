import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { Cooldown } from '../../src/bot/cooldown.js';
import { canReload } from '../../src/bot/permissions.js';

describe('Cooldown', () => {
  it('allows count uses per window, then says how long to wait', () => {
    const c = new Cooldown({ count: 2, windowMs: 10_000 });
    expect(c.take('u', 0)).toEqual({ ok: true });
    expect(c.take('u', 1_000)).toEqual({ ok: true });
    expect(c.take('u', 2_000)).toEqual({ ok: false, retryAfterMs: 8_000 });
    expect(c.take('other', 2_000)).toEqual({ ok: true });
    expect(c.take('u', 10_001)).toEqual({ ok: true });
    expect(c.take('u', 10_500)).toEqual({ ok: false, retryAfterMs: 500 });
  });

  it('keeps bounded memory, forgetting the least recent users', () => {
    const c = new Cooldown({ count: 1, windowMs: 60_000, maxUsers: 100 });
    for (let i = 0; i < 1_000; i++) c.take(`user${i}`, i);
    expect(c.size).toBe(100);
    expect(c.take('user999', 2_000).ok).toBe(false);
    expect(c.take('user0', 2_000).ok).toBe(true);
  });
});

describe('canReload', () => {
  const perms = (...flags: bigint[]) => new PermissionsBitField(flags);
  const MOD = '111111111111111111';

  it('accepts Manage Server', () => {
    expect(
      canReload({ memberPermissions: perms(PermissionFlagsBits.ManageGuild), member: { roles: [] } }, []),
    ).toBe(true);
    expect(
      canReload({ memberPermissions: perms(PermissionFlagsBits.Administrator), member: { roles: [] } }, []),
    ).toBe(true);
  });

  it('accepts a moderator role, raw or cached', () => {
    expect(canReload({ memberPermissions: perms(), member: { roles: [MOD] } }, [MOD])).toBe(true);
    const cached = { roles: { cache: new Map([[MOD, {}]]) } };
    expect(canReload({ memberPermissions: perms(), member: cached }, [MOD])).toBe(true);
  });

  it('refuses everyone else, and DMs', () => {
    expect(
      canReload({ memberPermissions: perms(PermissionFlagsBits.SendMessages), member: { roles: ['2'] } }, [
        MOD,
      ]),
    ).toBe(false);
    expect(canReload({ memberPermissions: null, member: null }, [MOD])).toBe(false);
  });
});
