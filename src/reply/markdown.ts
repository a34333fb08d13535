/**
 * Discord markdown helpers that keep article text literal and never produce a broken sequence.
 *
 * Text is escaped character by character (each source UTF-16 unit maps to an escaped "unit"; a
 * surrogate pair maps to one unit), bold markers are inserted at highlight boundaries, and truncation
 * only ever cuts between units: never inside an escape, a surrogate pair or a bold pair.
 */

export const ELLIPSIS = '…';

/** Characters that mean something to Discord's markdown (or mentions) wherever they stand. */
const ALWAYS_ESCAPED = new Set(['\\', '*', '_', '`', '~', '|', '<', '>', '@', '#', '[', ']']);

/**
 * A bare link, as Discord's autolink rule finds it, even glued to a word (but stopping before a
 * backslash or a `>`, which we escape).
 * Discord shows a link's characters as they are, escapes included, so `_`, `#` and `~` inside one
 * (common in real addresses) are left alone: escaped, they would break the link and show backslashes.
 */
const LINK = /https?:\/\/[^\s<>\\]*[^<>.,:;"')\]\s\\]/gu;
const RAW_IN_LINKS = new Set(['_', '#', '~']);

/** [start, end) of each bare link in `text`. */
export function linkSpans(text: string): Array<[number, number]> {
  return [...text.matchAll(LINK)].map((m): [number, number] => [m.index, m.index + m[0].length]);
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/**
 * One escaped string per source UTF-16 index. The low half of a surrogate pair gets '' (its high
 * half carries both); a lone surrogate becomes U+FFFD so the output is always well-formed.
 */
function escapeUnits(text: string, links = linkSpans(text)): string[] {
  const units: string[] = new Array(text.length);
  let lineStart = true;
  let link = 0;
  for (let i = 0; i < text.length; i++) {
    while (link < links.length && (links[link] as [number, number])[1] <= i) link++;
    const inLink = link < links.length && (links[link] as [number, number])[0] <= i;
    const code = text.charCodeAt(i);
    if (isHigh(code) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      units[i] = text.slice(i, i + 2);
      units[i + 1] = '';
      i++;
      lineStart = false;
      continue;
    }
    if (isHigh(code) || isLow(code)) {
      units[i] = '\uFFFD';
      lineStart = false;
      continue;
    }
    const ch = text[i] as string;
    if (ch === '\n') {
      units[i] = ch;
      lineStart = true;
      continue;
    }
    if (lineStart && (ch === ' ' || ch === '\t')) {
      units[i] = ch;
      continue;
    }
    if (inLink && RAW_IN_LINKS.has(ch)) units[i] = ch;
    else if (ALWAYS_ESCAPED.has(ch)) units[i] = `\\${ch}`;
    else if (lineStart && (ch === '-' || ch === '+')) units[i] = `\\${ch}`;
    else if (lineStart && /\d/.test(ch)) {
      // "12. " at the start of a line is an ordered list: escape its dot.
      const m = /^\d+(?=[.)])/.exec(text.slice(i, i + 12));
      if (m) {
        for (let k = 0; k < m[0].length; k++) units[i + k] = text[i + k] as string;
        units[i + m[0].length] = `\\${text[i + m[0].length]}`;
        i += m[0].length;
        lineStart = false;
        continue;
      }
      units[i] = ch;
    } else units[i] = ch;
    lineStart = false;
  }
  return units;
}

/** Escapes Discord markdown and mention syntax so the text shows literally. */
export function escapeMarkdown(text: string): string {
  return escapeUnits(text).join('');
}

/** Sorted, merged, in-bounds ranges that start and end on whole characters and words. */
export function normalizeHighlights(text: string, highlights: ReadonlyArray<readonly [number, number]>) {
  const ranges: Array<[number, number]> = [];
  for (const [rawStart, rawEnd] of highlights) {
    if (!Number.isFinite(rawStart) || !Number.isFinite(rawEnd)) continue;
    let start = Math.max(0, Math.min(text.length, Math.floor(rawStart)));
    let end = Math.max(0, Math.min(text.length, Math.floor(rawEnd)));
    if (start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start--;
    if (end > 0 && end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1)))
      end++;
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    if (end > start) ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export interface RichPrefix {
  /** The rendered markdown, within `max` characters. */
  text: string;
  /** Source index where the rendered prefix stops (text.length when all of it fits). */
  end: number;
  truncated: boolean;
}

export interface RenderRichOptions {
  /** Words to show in bold, as [start, end) ranges of `text`. */
  highlights?: ReadonlyArray<readonly [number, number]>;
  /** Appended when the text is cut. */
  ellipsis?: string;
  /** Cut on a word boundary when one is reasonably close (default true). */
  wordBoundary?: boolean;
}

/**
 * Renders `text` escaped, with highlighted ranges in bold, cut to at most `max` characters. The cut
 * falls between characters (never in an escape or a surrogate pair) and a bold run cut short is
 * closed before the ellipsis.
 */
export function renderRich(text: string, max: number, options: RenderRichOptions = {}): RichPrefix {
  const links = linkSpans(text);
  const units = escapeUnits(text, links);
  // Discord's link runs on to the next blank or `<`, escapes included: bold markers anywhere in that
  // run would become part of the link, so words there stay plain.
  const runs = links.map(([a]) => {
    const stop = text.slice(a).search(/[\s<]/);
    return [a, stop < 0 ? text.length : a + stop] as const;
  });
  const ranges = normalizeHighlights(text, options.highlights ?? []).filter(
    ([start, end]) => !runs.some(([a, b]) => start < b && a < end),
  );
  const ellipsis = options.ellipsis ?? ELLIPSIS;
  const opensAt = new Set(ranges.map((r) => r[0]));
  const closesAt = new Set(ranges.map((r) => r[1]));

  // Rendered length of the whole text (bold markers included).
  let full = 0;
  for (let i = 0; i <= text.length; i++) {
    if (closesAt.has(i)) full += 2;
    if (opensAt.has(i) && i < text.length) full += 2;
    if (i < text.length) full += (units[i] as string).length;
  }
  if (full <= max) return { text: build(text.length), end: text.length, truncated: false };
  if (max < ellipsis.length) return { text: '', end: 0, truncated: text.length > 0 };

  // Largest cut whose rendering plus closing marker plus ellipsis fits.
  let best = 0;
  let len = 0;
  let inBold = false;
  for (let i = 0; i < text.length; i++) {
    // Cutting before index i.
    if (closesAt.has(i)) {
      len += 2;
      inBold = false;
    }
    if (units[i] !== '' && len + (inBold ? 2 : 0) + ellipsis.length <= max) best = i;
    if (opensAt.has(i)) {
      len += 2;
      inBold = true;
    }
    len += (units[i] as string).length;
  }
  let cut = best;
  if (options.wordBoundary !== false) {
    let j = cut;
    while (j > 0 && !isSpace(text[j])) j--;
    if (j > 0 && j >= cut * 0.6) cut = j;
  }
  while (cut > 0 && isSpace(text[cut - 1])) cut--;
  if (cut > 0 && isLow(text.charCodeAt(cut)) && isHigh(text.charCodeAt(cut - 1))) cut--;
  const body = build(cut);
  return { text: body + ellipsis, end: cut, truncated: true };

  function build(end: number): string {
    let out = '';
    let bold = false;
    for (let i = 0; i < end; i++) {
      if (closesAt.has(i) && bold) {
        out += '**';
        bold = false;
      }
      if (opensAt.has(i)) {
        out += '**';
        bold = true;
      }
      out += units[i];
    }
    if (bold) out += '**';
    return out;
  }
}

/** Escaped text cut to `max` characters with an ellipsis. */
export function fitEscaped(text: string, max: number): string {
  return renderRich(text, max).text;
}

/**
 * Cuts `text` into escaped chunks of at most `max` characters each, on word boundaries where
 * possible. Continuation chunks start with an ellipsis, cut ones end with one.
 */
export function chunkEscaped(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  let first = true;
  while (rest.length > 0) {
    const lead = first ? '' : ELLIPSIS;
    const part = renderRich(rest, max - lead.length);
    if (part.end === 0) {
      // Not even one character fits before the ellipsis: take one character raw-escaped.
      const step = isHigh(rest.charCodeAt(0)) && rest.length > 1 ? 2 : 1;
      chunks.push(lead + escapeMarkdown(rest.slice(0, step)));
      rest = rest.slice(step);
    } else {
      chunks.push(lead + part.text);
      rest = rest.slice(part.end).replace(/^\s+/, '');
    }
    first = false;
  }
  return chunks;
}

/**
 * Already-escaped markdown in bold. When a link runs to its end, Discord's link would swallow the
 * closing `**` (and leave the bold open): a space keeps them apart.
 */
export function bold(markdown: string): string {
  return /https?:\/\/\S*$/.test(markdown) ? `**${markdown} **` : `**${markdown}**`;
}

/** Plain text (no markdown rendered there: footers, autocomplete, labels) cut to `max`. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  if (cut > 0 && isLow(text.charCodeAt(cut)) && isHigh(text.charCodeAt(cut - 1))) cut--;
  let j = cut;
  while (j > 0 && !isSpace(text[j])) j--;
  if (j > 0 && j >= cut * 0.6) cut = j;
  return `${text.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

/** Does this markdown contain a mention Discord would render or ping (an unescaped @ or <@)? */
export function hasLiveMention(markdown: string): boolean {
  const pattern = /@(everyone|here)|<@[!&]?\d+>/g;
  for (const m of markdown.matchAll(pattern)) {
    let backslashes = 0;
    for (let k = m.index - 1; k >= 0 && markdown[k] === '\\'; k--) backslashes++;
    if (backslashes % 2 === 0) return true;
  }
  return false;
}
