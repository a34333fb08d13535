import { type APIEmbed, type APIEmbedField, MessageFlags } from 'discord.js';
import type { ReloadReport } from '../service/corpus-service.js';
import { countShardReloads, type ShardReload } from '../service/shard-reload.js';
import { COLORS } from './answer.js';
import { type Lang, type Messages, messages } from './i18n.js';
import { embedTextLength, LIMITS } from './limits.js';
import { fitEscaped } from './markdown.js';
import { NO_MENTIONS, type ReplyPayload } from './payload.js';

/** A field listing lines (already escaped), cut with "… and N more" to stay within `max` (1,024). */
function listField(
  m: Messages,
  name: string,
  lines: string[],
  max: number = LIMITS.fieldValue,
): APIEmbedField {
  const title = `${name} (${lines.length})`;
  if (lines.length === 0) return { name: title, value: m.none };
  const out: string[] = [];
  let size = 0;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i - 1;
    const tail = left > 0 ? m.andMore(left).length + 1 : 0;
    if (size + line.length + 1 + tail > max) {
      out.push(m.andMore(lines.length - i));
      break;
    }
    out.push(line);
    size += line.length + 1;
  }
  return { name: title, value: out.join('\n') };
}

const fileLine = (file: string) => `• ${fitEscaped(file, 200)}`;

/** The moderator's view of a reload. Always ephemeral. */
export function renderReloadReport(report: ReloadReport, lang: Lang): ReplyPayload {
  const m = messages(lang);
  const refused = report.problems.map((p) => `• ${fitEscaped(p.file, 200)} — ${fitEscaped(p.reason, 300)}`);
  const counts: APIEmbedField[] = [
    { name: m.articles, value: `${report.articlesBefore} → ${report.articlesAfter}`, inline: true },
    { name: m.paragraphs, value: `${report.paragraphsBefore} → ${report.paragraphsAfter}`, inline: true },
    { name: m.duration, value: `${report.durationMs} ms`, inline: true },
  ];
  let embed: APIEmbed;
  if (report.status === 'busy') {
    embed = { color: COLORS.warning, title: m.reloadBusyTitle, description: m.reloadBusyText };
  } else if (report.status === 'failed') {
    const why = report.error ? `${fitEscaped(report.error, 1000)}\n` : '';
    embed = {
      color: COLORS.warning,
      title: m.reloadFailedTitle,
      description: `${why}${m.reloadKept(report.articlesAfter, report.paragraphsAfter)}`,
      fields: [
        counts[2] as APIEmbedField,
        listField(m, m.refused, refused),
        ...(report.ignored.length > 0 ? [listField(m, m.ignored, report.ignored.map(fileLine))] : []),
      ],
    };
  } else {
    embed = {
      color: COLORS.answer,
      title: m.reloadOkTitle,
      fields: [
        ...counts,
        listField(m, m.added, report.added.map(fileLine)),
        listField(m, m.removed, report.removed.map(fileLine)),
        listField(m, m.changed, report.changed.map(fileLine)),
        listField(m, m.refused, refused),
        ...(report.ignored.length > 0 ? [listField(m, m.ignored, report.ignored.map(fileLine))] : []),
      ],
    };
  }
  return { embeds: [embed], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral };
}

const SHARD_ORDER: Record<ShardReload['status'], number> = { unreachable: 0, failed: 1, busy: 2, ok: 3 };

function shardLine(m: Messages, r: ShardReload): string {
  if (r.status === 'unreachable') return m.shardUnreachable(r.shard, fitEscaped(r.error, 200));
  const { report } = r;
  if (r.status === 'ok')
    return m.shardOk(r.shard, report.articlesAfter, report.paragraphsAfter, report.durationMs);
  if (r.status === 'busy') return m.shardBusy(r.shard);
  const why = fitEscaped(report.error ?? '?', 200);
  return m.shardFailed(r.shard, why, report.articlesAfter, report.paragraphsAfter);
}

/**
 * The moderator's view of a reload of every shard (several shards; one shard gets
 * {@link renderReloadReport}). One line per shard — those that failed, were busy or unreachable first,
 * so they are always named — then what changed, as seen by the first shard that reloaded (every shard
 * reads the same folder), or the refused files of the first that failed. Always ephemeral, always
 * within Discord's limits.
 */
export function renderShardReloadReport(results: readonly ShardReload[], lang: Lang): ReplyPayload {
  const m = messages(lang);
  const counts = countShardReloads(results);
  const total = results.length;
  const title =
    counts.ok === total
      ? m.reloadOkTitle
      : counts.busy === total
        ? m.reloadBusyTitle
        : counts.ok === 0
          ? m.reloadFailedTitle
          : m.reloadPartialTitle;
  const sorted = [...results].sort(
    (a, b) => SHARD_ORDER[a.status] - SHARD_ORDER[b.status] || a.shard - b.shard,
  );
  const fields: APIEmbedField[] = [
    listField(
      m,
      m.shards,
      sorted.map((r) => shardLine(m, r)),
    ),
  ];

  const byShard = [...results].sort((a, b) => a.shard - b.shard);
  const ok = byShard.find((r) => r.status === 'ok');
  const failed = byShard.find((r) => r.status === 'failed');
  const detail = (ok ?? failed) as Extract<ShardReload, { report: ReloadReport }> | undefined;
  const lists: Array<[string, string[]]> = [];
  if (detail) {
    const report = detail.report;
    if (ok) {
      fields.push(
        { name: m.articles, value: `${report.articlesBefore} → ${report.articlesAfter}`, inline: true },
        { name: m.paragraphs, value: `${report.paragraphsBefore} → ${report.paragraphsAfter}`, inline: true },
        { name: m.duration, value: `${report.durationMs} ms`, inline: true },
      );
      lists.push(
        [m.added, report.added.map(fileLine)],
        [m.removed, report.removed.map(fileLine)],
        [m.changed, report.changed.map(fileLine)],
      );
    }
    lists.push([
      m.refused,
      report.problems.map((p) => `• ${fitEscaped(p.file, 200)} — ${fitEscaped(p.reason, 300)}`),
    ]);
    if (report.ignored.length > 0) lists.push([m.ignored, report.ignored.map(fileLine)]);
  }
  const embed: APIEmbed = {
    color: counts.ok === total ? COLORS.answer : COLORS.warning,
    title,
    description: m.shardSummary(total, counts),
    fields,
  };
  // Share what is left of the 6,000 characters between the lists (names included, with some slack).
  const names = lists.reduce((n, [name, lines]) => n + `${name} (${lines.length})`.length, 0);
  const left = LIMITS.embedTotal - embedTextLength(embed) - names - 50;
  const each = Math.min(LIMITS.fieldValue, Math.floor(left / Math.max(lists.length, 1)));
  for (const [name, lines] of lists) fields.push(listField(m, name, lines, each));
  return { embeds: [embed], allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral };
}
