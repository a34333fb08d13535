import {
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord.js';
import type { Answer, AnswerResult } from '../answer/types.js';
import { articleKey, encodeButton } from './custom-ids.js';
import { type Lang, type Messages, messages } from './i18n.js';
import { embedTextLength, LIMITS } from './limits.js';
import { ELLIPSIS, fitEscaped, renderRich, truncatePlain } from './markdown.js';
import { NO_MENTIONS, type ReplyPayload } from './payload.js';

export const COLORS = { answer: 0x2e7d32, declined: 0x9e9e9e, info: 0x1565c0, warning: 0xef6c00 } as const;

const SNOWFLAKE = /^\d{17,20}$/;

export interface AnswerRenderOptions {
  lang: Lang;
  /** The question as typed (cleaned by the caller); shown escaped. */
  question: string;
  ephemeral?: boolean;
  /** A user to ping with the answer (the only mention ever allowed). */
  mentionUserId?: string;
}

const QUOTE_PREVIEW = 380;
const QUESTION_MAX = 400;

function reference(m: Messages, a: Answer): string {
  return m.reference(a.file, a.paragraph, a.line);
}

/** A short passage: the quote with bold matches, cut on a word, then its reference. */
function passageValue(m: Messages, a: Answer): string {
  const quote = renderRich(a.quote, QUOTE_PREVIEW, { highlights: a.highlights }).text || ELLIPSIS;
  return `${quote}\n— ${fitEscaped(reference(m, a), LIMITS.fieldValue - QUOTE_PREVIEW - 3)}`;
}

function passageField(name: string, m: Messages, a: Answer): APIEmbedField {
  return {
    name: fitEscaped(`${name} — ${a.title || a.file}`, LIMITS.fieldName) || ELLIPSIS,
    value: passageValue(m, a),
  };
}

function questionField(m: Messages, question: string): APIEmbedField[] {
  return question ? [{ name: m.questionField, value: fitEscaped(question, QUESTION_MAX) }] : [];
}

/** Fills the description last, with whatever the 6,000-character embed total leaves. */
function withDescription(embed: APIEmbed, render: (max: number) => string): APIEmbed {
  const used = embedTextLength(embed);
  const budget = Math.max(1, Math.min(LIMITS.description, LIMITS.embedTotal - used));
  const description = render(budget) || ELLIPSIS.slice(0, budget);
  return { ...embed, description };
}

function mentionParts(mentionUserId: string | undefined): Pick<ReplyPayload, 'content' | 'allowedMentions'> {
  if (mentionUserId && SNOWFLAKE.test(mentionUserId)) {
    return { content: `<@${mentionUserId}>`, allowedMentions: { parse: [], users: [mentionUserId] } };
  }
  return { allowedMentions: NO_MENTIONS };
}

function buttons(m: Messages, main: Answer | undefined, others: Answer[]): ReplyPayload['components'] {
  const row: APIButtonComponent[] = [];
  if (main) {
    row.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: m.showArticle,
      custom_id: encodeButton({ kind: 'article', key: articleKey(main.file), paragraph: main.paragraph }),
    });
  }
  const refs = others.map((a) => ({ key: articleKey(a.file), paragraph: a.paragraph }));
  while (refs.length > 0 && encodeButton({ kind: 'more', refs }).length > LIMITS.customId) refs.pop();
  if (refs.length > 0) {
    row.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: m.showOthers,
      custom_id: encodeButton({ kind: 'more', refs }),
    });
  }
  return row.length > 0 ? [{ type: ComponentType.ActionRow, components: row }] : [];
}

/** The reply to /ask: the best quote verbatim with matches in bold, its source, up to two more. */
export function renderAnswer(result: AnswerResult, options: AnswerRenderOptions): ReplyPayload {
  const m = messages(options.lang);
  const payload: ReplyPayload = { ...mentionParts(options.mentionUserId) };
  if (options.ephemeral) payload.flags = MessageFlags.Ephemeral;
  const [best, ...rest] = result.answered ? result.answers : [];

  if (best) {
    const others = rest.slice(0, 2);
    const source = best.heading
      ? `${fitEscaped(reference(m, best), 500)}\n${m.section} : ${fitEscaped(best.heading, 300)}`
      : fitEscaped(reference(m, best), 800);
    const embed: APIEmbed = {
      color: COLORS.answer,
      title: fitEscaped(best.title || best.file, LIMITS.title) || ELLIPSIS,
      fields: [
        { name: m.sourceField, value: source },
        ...others.map((a, i) => passageField(m.otherPassage(i + 2), m, a)),
        ...questionField(m, options.question),
      ],
      footer: { text: truncatePlain(m.answerFooter, LIMITS.footer) },
    };
    payload.embeds = [
      withDescription(embed, (max) => renderRich(best.quote, max, { highlights: best.highlights }).text),
    ];
    payload.components = buttons(m, best, others);
    return payload;
  }

  const nearest = result.nearest.slice(0, 3);
  const embed: APIEmbed = {
    color: COLORS.declined,
    title: m.declinedTitle,
    fields: [
      ...nearest.map((a, i) => passageField(m.nearestField(i + 1), m, a)),
      ...questionField(m, options.question),
    ],
    footer: { text: truncatePlain(m.answerFooter, LIMITS.footer) },
  };
  payload.embeds = [
    withDescription(embed, (max) =>
      truncatePlain(`${m.declinedText}\n${nearest.length > 0 ? m.nearestNote : m.noNearest}`, max),
    ),
  ];
  payload.components = buttons(m, nearest[0], []);
  return payload;
}

export interface Passage {
  file: string;
  title: string;
  paragraph: number;
  line: number;
  text: string;
}

/** Passages shown in full (the "other passages" button), one embed each, always within limits. */
export function renderPassages(passages: Passage[], lang: Lang): ReplyPayload {
  const m = messages(lang);
  const shown = passages.slice(0, 3);
  if (shown.length === 0) {
    return { content: m.othersGone, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral };
  }
  const share = Math.floor(LIMITS.embedTotal / shown.length);
  const embeds = shown.map((p): APIEmbed => {
    const embed: APIEmbed = {
      color: COLORS.info,
      title: fitEscaped(p.title || p.file, LIMITS.title) || ELLIPSIS,
      footer: { text: truncatePlain(m.reference(p.file, p.paragraph, p.line), 300) },
    };
    const budget = Math.max(1, Math.min(LIMITS.description, share - embedTextLength(embed)));
    return { ...embed, description: fitEscaped(p.text, budget) || ELLIPSIS };
  });
  return { content: m.othersTitle, embeds, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral };
}
