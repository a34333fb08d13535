import { type APIEmbed, type APIEmbedField, MessageFlags } from 'discord.js';
import type { ReloadReport } from '../service/corpus-service.js';
import { COLORS } from './answer.js';
import { type Lang, type Messages, messages } from './i18n.js';
import { LIMITS } from './limits.js';
import { fitEscaped } from './markdown.js';
import { NO_MENTIONS, type ReplyPayload } from './payload.js';

/** A field listing lines (already escaped), cut with "… and N more" to stay within 1,024. */
function listField(m: Messages, name: string, lines: string[]): APIEmbedField {
  const title = `${name} (${lines.length})`;
  if (lines.length === 0) return { name: title, value: m.none };
  const out: string[] = [];
  let size = 0;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i - 1;
    const tail = left > 0 ? m.andMore(left).length + 1 : 0;
    if (size + line.length + 1 + tail > LIMITS.fieldValue) {
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
