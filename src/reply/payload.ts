import { type APIActionRowComponent, type APIButtonComponent, type APIEmbed, MessageFlags } from 'discord.js';
import { truncatePlain } from './markdown.js';

/** What the bot sends: plain JSON embeds and components, accepted as-is by discord.js. */
export interface ReplyPayload {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIButtonComponent>>;
  /** Always `parse: []`; `users` names at most the one user the asker chose to mention. */
  allowedMentions: { parse: []; users?: string[]; roles?: string[]; repliedUser?: boolean };
  flags?: MessageFlags.Ephemeral;
  /** Attached files (a very long article as .txt). */
  files?: Array<{ attachment: Buffer; name: string; description?: string }>;
}

export const NO_MENTIONS = { parse: [] } as { parse: [] };

/**
 * A short ephemeral message in the bot's own words (errors, refusals, cooldowns). Any user text
 * inside it must already be escaped by the caller.
 */
export function renderNotice(text: string): ReplyPayload {
  return { content: truncatePlain(text, 2000), allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral };
}
