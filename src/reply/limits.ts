import type { APIEmbed } from 'discord.js';
import { hasLiveMention } from './markdown.js';
import type { ReplyPayload } from './payload.js';

/** Discord's message limits (discord-api-docs, "Message Resource" and "Embed Limits"). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** Characters Discord counts toward the 6,000 total of one embed. */
export function embedTextLength(embed: APIEmbed): number {
  let n = (embed.title ?? '').length + (embed.description ?? '').length;
  n += (embed.footer?.text ?? '').length + (embed.author?.name ?? '').length;
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Every way `payload` breaks Discord's limits or could ping someone it should not. Empty = fine. */
export function payloadProblems(payload: ReplyPayload, allowedUser?: string): string[] {
  const problems: string[] = [];
  const content = payload.content ?? '';
  if (content.length > LIMITS.content) problems.push(`content is ${content.length} characters`);
  const embeds = payload.embeds ?? [];
  if (embeds.length > LIMITS.embeds) problems.push(`${embeds.length} embeds`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const at = `embed ${i}`;
    if ((e.title ?? '').length > LIMITS.title) problems.push(`${at} title is ${e.title?.length}`);
    if ((e.description ?? '').length > LIMITS.description) problems.push(`${at} description too long`);
    if ((e.footer?.text ?? '').length > LIMITS.footer) problems.push(`${at} footer too long`);
    if ((e.author?.name ?? '').length > LIMITS.author) problems.push(`${at} author too long`);
    const fields = e.fields ?? [];
    if (fields.length > LIMITS.fields) problems.push(`${at} has ${fields.length} fields`);
    for (const f of fields) {
      if (f.name.length === 0 || f.name.length > LIMITS.fieldName)
        problems.push(`${at} field name size ${f.name.length}`);
      if (f.value.length === 0 || f.value.length > LIMITS.fieldValue)
        problems.push(`${at} field value size ${f.value.length}`);
    }
    if (e.description !== undefined && e.description.length === 0) problems.push(`${at} empty description`);
    total += embedTextLength(e);
    for (const text of [e.title, e.description, ...fields.flatMap((f) => [f.name, f.value])]) {
      if (text && hasLiveMention(text)) problems.push(`${at} has a live mention`);
      if (text && /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
        problems.push(`${at} has a broken surrogate pair`);
      if (text && unbalancedBold(text)) problems.push(`${at} has an unbalanced bold marker`);
    }
  }
  if (total > LIMITS.embedTotal) problems.push(`embeds total ${total} characters`);
  const rows = payload.components ?? [];
  if (rows.length > LIMITS.rows) problems.push(`${rows.length} rows`);
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.components.length > LIMITS.buttonsPerRow)
      problems.push(`${row.components.length} buttons in a row`);
    for (const b of row.components) {
      if ('label' in b && b.label && b.label.length > LIMITS.buttonLabel)
        problems.push('button label too long');
      if ('custom_id' in b) {
        if (b.custom_id.length > LIMITS.customId) problems.push(`custom_id ${b.custom_id.length} characters`);
        if (ids.has(b.custom_id)) problems.push(`duplicate custom_id ${b.custom_id}`);
        ids.add(b.custom_id);
      }
    }
  }
  const mentions = payload.allowedMentions;
  if (!mentions || !Array.isArray(mentions.parse) || mentions.parse.length > 0) {
    problems.push('allowedMentions.parse must be []');
  }
  const users = mentions?.users ?? [];
  if (users.some((u) => u !== allowedUser)) problems.push('allowedMentions.users names someone else');
  if (mentions?.roles && mentions.roles.length > 0) problems.push('allowedMentions.roles not empty');
  const contentMentions = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]);
  if (contentMentions.some((id) => id !== allowedUser)) problems.push('content mentions someone else');
  if (/@(everyone|here)|<@&/.test(content.replace(/\\[@<]/g, '')))
    problems.push('content has a mass mention');
  return problems;
}

/** True when `**` markers (not escaped) do not pair up. */
function unbalancedBold(text: string): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '*' && text[i + 1] === '*') {
      count++;
      i++;
    }
  }
  return count % 2 !== 0;
}
