import {
  type ChatInputCommandInteraction,
  InteractionContextType,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { canReload } from '../src/bot/permissions.js';
import { forEdit, notice } from '../src/bot/respond.js';
import type { BotContext, Outcome, SlashCommand } from '../src/bot/types.js';
import { langOf, messages } from '../src/reply/i18n.js';
import { renderReloadReport, renderShardReloadReport } from '../src/reply/reload.js';
import { countShardReloads } from '../src/service/shard-reload.js';

export const data = {
  name: 'reload',
  description: 'Reload the articles from the seeds folder (moderators)',
  description_localizations: { fr: 'Recharger les articles depuis le dossier des sources (modérateurs)' },
  /** Manage Server. Admins can change this, so the handler checks again. */
  default_member_permissions: '32',
  dm_permission: false,
  contexts: [InteractionContextType.Guild],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const lang = langOf(interaction.locale);
  if (!interaction.inGuild() || !canReload(interaction, ctx.moderatorRoleIds)) {
    await notice(interaction, messages(lang).reloadNotAllowed);
    return 'refused';
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (ctx.reloadAllShards) {
    const results = await ctx.reloadAllShards();
    const counts = countShardReloads(results);
    ctx.log.info(
      {
        ...counts,
        shards: results.map((r) =>
          r.status === 'unreachable'
            ? { shard: r.shard, status: r.status, error: r.error }
            : {
                shard: r.shard,
                status: r.status,
                articles: r.report.articlesAfter,
                paragraphs: r.report.paragraphsAfter,
                reloadMs: r.report.durationMs,
                error: r.report.error,
              },
        ),
      },
      'corpus reload on every shard',
    );
    await interaction.editReply(forEdit(renderShardReloadReport(results, lang)));
    if (counts.ok === results.length) return 'reload-ok';
    if (counts.busy === results.length) return 'reload-busy';
    return counts.ok === 0 ? 'reload-failed' : 'reload-partial';
  }
  const report = await ctx.service.reload();
  ctx.log.info(
    {
      status: report.status,
      added: report.added.length,
      removed: report.removed.length,
      changed: report.changed.length,
      paragraphsBefore: report.paragraphsBefore,
      paragraphsAfter: report.paragraphsAfter,
      problems: report.problems,
      reloadMs: report.durationMs,
      error: report.error,
    },
    'corpus reload',
  );
  await interaction.editReply(forEdit(renderReloadReport(report, lang)));
  return `reload-${report.status}`;
}

export const command: SlashCommand = { data, execute };
