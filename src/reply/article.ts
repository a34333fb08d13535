import { type APIButtonComponent, type APIEmbed, ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import type { Article } from '../corpus/types.js';
import { COLORS } from './answer.js';
import { articleKey, encodeButton } from './custom-ids.js';
import { type Lang, messages } from './i18n.js';
import { LIMITS } from './limits.js';
import { bold, chunkEscaped, ELLIPSIS, fitEscaped, truncatePlain } from './markdown.js';
import { NO_MENTIONS, type ReplyPayload } from './payload.js';

/** Room for one page's text: well under 4,096 so title + footer keep the embed under 6,000. */
export const PAGE_BUDGET = 3800;
/** Past this many pages the first reply also carries the whole article as a .txt file. */
export const ATTACH_AFTER_PAGES = 10;
/** Attachments stay well under Discord's smallest upload limit (10 MiB). */
const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;
const SEPARATOR = '\n\n';

interface Page {
  text: string;
  /** Paragraph numbers that start or continue on this page. */
  paragraphs: number[];
}

/**
 * Cuts an article into pages of at most `budget` characters: headings as bold lines, each paragraph
 * prefixed with its number ("§ 3"), the marked one with ▶ and a bold number. A paragraph too long for
 * one page goes on over several. Deterministic: the same article always gives the same pages, so a
 * button only needs the page number.
 */
export function paginateArticle(article: Article, mark = 0, budget = PAGE_BUDGET): Page[] {
  interface Block {
    text: string;
    paragraph: number;
    /** A heading sticks to the block after it. */
    sticky: boolean;
  }
  const blocks: Block[] = [];
  let heading: string | undefined;
  for (const p of article.paragraphs) {
    if (p.heading && p.heading !== heading) {
      blocks.push({ text: bold(fitEscaped(p.heading, 300)), paragraph: p.number, sticky: true });
    }
    heading = p.heading;
    const prefix = p.number === mark ? `▶ **§ ${p.number}** ` : `§ ${p.number} `;
    const chunks = chunkEscaped(p.text, budget - prefix.length - 2);
    if (chunks.length === 0) chunks.push(ELLIPSIS);
    for (const chunk of chunks) blocks.push({ text: prefix + chunk, paragraph: p.number, sticky: false });
  }

  const pages: Page[] = [];
  let current: Page = { text: '', paragraphs: [] };
  const push = (b: Block) => {
    current.text = current.text ? current.text + SEPARATOR + b.text : b.text;
    if (!current.paragraphs.includes(b.paragraph)) current.paragraphs.push(b.paragraph);
  };
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    const next = blocks[i + 1];
    const need = b.sticky && next ? b.text.length + SEPARATOR.length + next.text.length : b.text.length;
    const room = budget - (current.text ? current.text.length + SEPARATOR.length : 0);
    if (current.text && need > room) {
      pages.push(current);
      current = { text: '', paragraphs: [] };
    }
    push(b);
  }
  if (current.text || pages.length === 0)
    pages.push({ text: current.text || ELLIPSIS, paragraphs: current.paragraphs });
  return pages;
}

/** Index of the page where paragraph `n` starts (0 when it does not exist). */
export function pageOfParagraph(pages: Page[], n: number): number {
  const i = pages.findIndex((p) => p.paragraphs.includes(n));
  return Math.max(i, 0);
}

export interface ArticlePageOptions {
  lang: Lang;
  /** 0-based page; clamped. When undefined, the page holding `mark` (or the first). */
  page?: number;
  /** Paragraph number to mark with ▶ (0 or undefined for none). */
  mark?: number;
  ephemeral?: boolean;
  /** A short notice shown above the page (e.g. "no paragraph 99"), plain bot text. */
  notice?: string;
  /** Attach the whole article as .txt when it has more than {@link ATTACH_AFTER_PAGES} pages. */
  attachWhenLong?: boolean;
}

/** The article as plain text: title, then each paragraph numbered, headings on their own line. */
export function articleText(article: Article): string {
  const lines = [article.title, ''];
  let heading: string | undefined;
  for (const p of article.paragraphs) {
    if (p.heading && p.heading !== heading) lines.push(`## ${p.heading}`, '');
    heading = p.heading;
    lines.push(`§ ${p.number}  ${p.text}`, '');
  }
  lines.push(`— ${article.file}`, '');
  return lines.join('\n');
}

/** A safe attachment name derived from the article's file name. */
export function attachmentName(file: string): string {
  const base = file
    .replace(/\.txt$/i, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80);
  return `${base || 'article'}.txt`;
}

/** One page of an article as an embed, with « previous / next » buttons when there are several. */
export function renderArticlePage(article: Article, options: ArticlePageOptions): ReplyPayload {
  const m = messages(options.lang);
  const mark = options.mark ?? 0;
  const pages = paginateArticle(article, mark);
  const last = pages.length - 1;
  const requested = options.page ?? pageOfParagraph(pages, mark);
  const page = Math.max(0, Math.min(last, requested));
  const embed: APIEmbed = {
    color: COLORS.info,
    title: fitEscaped(article.title || article.file, LIMITS.title) || ELLIPSIS,
    description: (pages[page] as Page).text,
    footer: { text: truncatePlain(`${article.file} · ${m.page(page + 1, pages.length)}`, 500) },
  };
  const payload: ReplyPayload = { embeds: [embed], allowedMentions: NO_MENTIONS, components: [] };
  if (options.notice) payload.content = truncatePlain(options.notice, LIMITS.content);
  if (options.ephemeral) payload.flags = MessageFlags.Ephemeral;
  if (options.attachWhenLong && pages.length > ATTACH_AFTER_PAGES) {
    const data = Buffer.from(articleText(article), 'utf8');
    if (data.length <= MAX_ATTACHMENT_BYTES) {
      payload.files = [{ attachment: data, name: attachmentName(article.file) }];
    }
  }
  if (pages.length > 1) {
    const key = articleKey(article.file);
    const row: APIButtonComponent[] = [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: m.previous,
        custom_id: encodeButton({ kind: 'page', key, page: Math.max(0, page - 1), mark, dir: 'p' }),
        disabled: page === 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: m.next,
        custom_id: encodeButton({ kind: 'page', key, page: Math.min(last, page + 1), mark, dir: 'n' }),
        disabled: page === last,
      },
    ];
    payload.components = [{ type: ComponentType.ActionRow, components: row }];
  }
  return payload;
}
