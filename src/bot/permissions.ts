import { PermissionFlagsBits } from 'discord.js';

/** What the reload check needs from an interaction (kept small so it is easy to test). */
export interface Requester {
  /** Resolved permissions of the member in the channel (null outside a guild). */
  memberPermissions: { has(permission: bigint): boolean } | null;
  /** Role ids of the member: raw API member (`string[]`) or a cached GuildMember. */
  member: { roles: string[] | { cache: { keys(): Iterable<string> } } } | null;
}

export function memberRoleIds(member: Requester['member']): string[] {
  if (!member) return [];
  if (Array.isArray(member.roles)) return member.roles;
  // A cached GuildMember only lists roles found in the guild's role cache; the ids the interaction
  // carried are kept in `_roles`, which does not depend on that cache.
  const raw = (member as { _roles?: unknown })._roles;
  if (Array.isArray(raw) && raw.every((r) => typeof r === 'string')) return raw;
  return [...member.roles.cache.keys()];
}

/**
 * May this user reload the corpus? Checked at run time even though /reload is registered with
 * Manage Server as default permission: admins can change who sees the command.
 */
export function canReload(requester: Requester, moderatorRoleIds: readonly string[]): boolean {
  if (requester.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = memberRoleIds(requester.member);
  return roles.some((r) => moderatorRoleIds.includes(r));
}
