import type { APIActionRowComponent, APIButtonComponent, APIEmbed, MessageFlags } from 'discord.js';

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
