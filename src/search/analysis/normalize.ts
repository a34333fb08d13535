/**
 * Step 1 of the French analysis chain: make typographic variants identical
 * WITHOUT changing the UTF-16 length, so that an offset into the normalized
 * text is also an offset into the original (used to bold matched words).
 */

/** Apostrophe look-alikes: ’ ‘ ʼ ` ´ ′ and the full-width apostrophe. */
const APOSTROPHES = '\u2019\u2018\u02BC\u0060\u00B4\u2032\uFF07';

/** Hyphens and dashes: ‐ ‑ ‒ – — ― − (all just split words, so unifying them is harmless). */
const DASHES = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212';

/**
 * Characters that become a plain space: tab and the other C0/C1 controls (except
 * \n and \r, kept so that number groups are never joined across lines), NBSP,
 * the U+2000–U+200A spaces (thin, figure…), zero-width chars, line/paragraph
 * separators, narrow NBSP, medium math space, word joiner, ideographic space, BOM.
 */
const SPACES =
  '\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u00A0' +
  '\\u2000-\\u200D\\u2028\\u2029\\u202F\\u205F\\u2060\\u3000\\uFEFF';

const SPECIAL_CHARS = new RegExp(`[${APOSTROPHES}${DASHES}${SPACES}]`, 'g');

function replaceSpecialChar(ch: string): string {
  if (APOSTROPHES.includes(ch)) return "'";
  if (DASHES.includes(ch)) return '-';
  return ' ';
}

/**
 * Lower-cases without changing the length. Only U+0130 (İ) lower-cases to two
 * code units in current Unicode; it becomes a plain 'i'. The per-code-point
 * fallback keeps us safe should a future Unicode version add another one.
 */
function lowerCaseSameLength(text: string): string {
  const lower = (text.includes('\u0130') ? text.replace(/\u0130/g, 'i') : text).toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const lowered = ch.toLowerCase();
    out += lowered.length === ch.length ? lowered : ch;
  }
  return out;
}

/** Lower-cases and unifies apostrophes, dashes and spaces; `normalize(s).length === s.length`. */
export function normalize(text: string): string {
  return lowerCaseSameLength(text).replace(SPECIAL_CHARS, replaceSpecialChar);
}
