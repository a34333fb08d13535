import { type InteractionEditReplyOptions, MessageFlags, type RepliableInteraction } from 'discord.js';
import { type ReplyPayload, renderNotice } from '../reply/payload.js';

/** Sends a payload as the first answer, or as the edit of a deferred one. */
export async function send(interaction: RepliableInteraction, payload: ReplyPayload): Promise<void> {
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(forEdit(payload));
  } else if (interaction.replied) {
    await interaction.followUp(payload);
  } else {
    await interaction.reply(payload);
  }
}

/** Edits cannot change the ephemeral flag: drop it. */
export function forEdit(payload: ReplyPayload): InteractionEditReplyOptions {
  const { flags: _flags, ...rest } = payload;
  return rest;
}

/** A short ephemeral message in the bot's words. */
export async function notice(interaction: RepliableInteraction, text: string): Promise<void> {
  const payload = renderNotice(text);
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(forEdit(payload));
  } else if (interaction.replied) {
    await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply(payload);
  }
}
