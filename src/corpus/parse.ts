/**
 * Turns the raw text of one scraped article into an {@link Article}: a title and numbered, verbatim
 * paragraphs, with site furniture, captions and repeated titles removed and section headings attached
 * to the paragraphs they head.
 *
 * Everything here is pure and never throws. Decisions are taken by the named rules below (see
 * {@link DropRule}), never by file name or by a list of known strings, so that new articles from the
 * same kind of sites are cleaned the same way.
 *
 * Pipeline:
 * 1. Strip a UTF-8 BOM and cut the text into lines (CRLF, lone CR and LF all end a line).
 * 2. Group lines into blocks separated by blank (whitespace-only) lines. A block whose lines are each a
 *    paragraph of their own (see {@link splitsIntoLines}) is cut into one block per line.
 * 3. Drop blocks matching a furniture pattern (site icon, image alt text, image credit, social handle).
 *    A feed footer ("L'article … est apparu en premier sur …") stays: it says where the article was
 *    first published.
 * 4. Pick the title (first title-like block; a breadcrumb ending with the next block yields that block)
 *    or, failing that, derive one (feed footer, then first sentence, then file name).
 * 5. Before the first body paragraph (the lede), drop repeats of the title, breadcrumbs and captions.
 * 6. After it, a short line (no final punctuation, at most {@link SHORT_LINE_MAX_WORDS} words) is a
 *    section heading if it looks like one and is followed by body text; otherwise it is dropped.
 */
import type { Article, Paragraph } from './types.js';

/** Why a block of the file is not a paragraph. Each rule is documented where it is defined. */
export type DropRule =
  // Furniture patterns, applied to every block first.
  | 'site-icon'
  | 'alt-text'
  | 'image-credit'
  | 'social-handle'
  // The title and what surrounds it.
  | 'title'
  | 'breadcrumb'
  | 'repeated-title'
  | 'pre-lede-caption'
  // Short lines after the lede that are not headings.
  | 'trailing-fragment'
  | 'lowercase-fragment'
  | 'name-caption'
  | 'too-short-for-heading'
  | 'orphan-short-line';

/** A block of the file that did not become a paragraph, and the rule that removed it. */
export interface DroppedBlock {
  /** 1-based line where the block starts. */
  line: number;
  text: string;
  rule: DropRule;
}

/** Where the title came from. */
export type TitleSource = 'line' | 'feed-footer' | 'first-sentence' | 'file-name';

export interface ParseReport {
  article: Article;
  titleSource: TitleSource;
  /** Every non-blank block that is neither a paragraph nor a heading, in file order. */
  dropped: DroppedBlock[];
  /** Section headings kept as context, in file order. */
  headings: { line: number; text: string }[];
}

/** Longest line (in UTF-16 code units) a hard-wrapped paragraph would have; longer lines are whole paragraphs. */
export const WRAP_MAX_CHARS = 100;
/** A non-final line at least this long without final punctuation looks like a hard-wrapped line. */
export const WRAP_MIN_CHARS = 40;
/** A single line without final punctuation and with at most this many words is a "short line". */
export const SHORT_LINE_MAX_WORDS = 15;
/** Section headings have at least this many words (fewer: a caption such as a name). */
export const HEADING_MIN_WORDS = 3;
/** Titles are single lines of at most this many words. */
export const TITLE_MAX_WORDS = 30;
/** Longest title derived from a first sentence before it is shortened with an ellipsis. */
export const DERIVED_TITLE_MAX_CHARS = 120;

// All regular expressions are compiled once, here.
const BOM = '\uFEFF';
const LINE_BREAK_RE = /\r\n|\r|\n/;
const BLANK_RE = /^\s*$/u;
const WHITESPACE_RE = /\s+/gu;
const ONE_SPACE_RE = /\s/u;
const TXT_EXTENSION_RE = /\.txt$/iu;
/** Ends like a sentence: . ! ? … : ; or a closing quote, possibly followed by closing brackets/quotes. */
const SENTENCE_END_RE = /[.!?…:;»"”][)\]»"”'’]*$/u;
/** Ends like a sentence that cannot be a title (titles may end with ? ! … or a quote). */
const TITLE_BAD_END_RE = /[.,;:]$/u;
const LOWERCASE_START_RE = /^\p{Ll}/u;
const UPPERCASE_RE = /\p{Lu}/u;
const HEADING_START_RE = /^[«"“‘'(]?\s*[\p{L}\p{N}]/u;
const LETTER_OR_DIGIT_RE = /[\p{L}\p{N}]/u;
const NON_WORD_RE = /[^\p{L}\p{N}\p{M}]+/u;
const COMBINING_MARK_RE = /\p{M}+/gu;
const APOSTROPHE_RE = /[’‘ʼ`´′]/gu;
const DOUBLE_QUOTE_RE = /[«»“”„]/gu;
/** French typography puts spaces inside « » and before : ; ! ? — ignored when comparing. */
const SPACED_PUNCT_RE = /\s*([":;!?])\s*/gu;
const TRAILING_PUNCT_RE = /[\s.,;:!?…]+$/u;
const SENTENCE_STOP_RE = /[.!?…](?=\s|$)/gu;

/** Rule `site-icon`: the site's favicon/logo alt text scraped as a line ("Site icon Foo", "Site logo Foo"). */
const SITE_ICON_RE = /^site\s+(?:icon|logo)\b/iu;
/** Rule `alt-text`: an image's alt attribute scraped as text ("balise alt = …", "alt: …", "texte alternatif : …"). */
const ALT_TEXT_RE = /^(?:balise\s+)?(?:alt(?:\s+text)?|texte\s+alternatif)\s*[=:]/iu;
/** Rule `image-credit`: a short unpunctuated line naming a credit/copyright/photo source. */
const IMAGE_CREDIT_RE = /\bcr[eé]dits?\b|©|\bcopyright\b|^(?:photo|image|illustration|source)\s*:/iu;
const IMAGE_CREDIT_MAX_WORDS = 12;
/** Rule `social-handle`: a short unpunctuated line containing an @handle (an embedded post's byline). */
const SOCIAL_HANDLE_RE = /(?:^|\s)@[\p{L}\p{N}_]+/u;
/**
 * The RSS footer "L'article <titre> est apparu en premier sur <site>." (or its English form) says where the
 * article was first published, which readers ask: it stays a paragraph, but the title it repeats is not
 * searched (see {@link searchableText}); it gives the title of a file that has no title line.
 */
const FEED_FOOTER_RE =
  /^(?:L['’]article|The post)\s+(.+?)\s+(?:est apparu en premier sur|appeared first on)(?![\p{L}])/iu;

interface Block {
  /** 1-based line of the block's first line. */
  line: number;
  /** Verbatim lines (without line breaks). The first and last are not blank. */
  lines: string[];
  /** `lines.join('\n')` with leading/trailing whitespace removed: still a verbatim substring. */
  text: string;
  /** Its words, counted up to {@link WORD_COUNT_CAP}. */
  words: number;
}

/**
 * Every rule compares a word count with a small limit (the largest is {@link TITLE_MAX_WORDS}), so
 * counting stops just past it. A loop over character codes, not `/\S+/gu`: at 100,000 paragraphs, matching
 * every word of every line took a second of the start.
 */
export const WORD_COUNT_CAP = TITLE_MAX_WORDS + 1;

export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length && words < WORD_COUNT_CAP; i++) {
    const space = isWhitespace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** The characters `\s` matches in a JavaScript regular expression. */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function makeBlock(line: number, lines: string[]): Block {
  const text = lines.join('\n').trim();
  return { line, lines, text, words: countWords(text) };
}

function endsLikeSentence(text: string): boolean {
  return SENTENCE_END_RE.test(text);
}

/**
 * Line-separated paragraphs: a multi-line block is cut into one paragraph per line when it cannot be a
 * hard-wrapped paragraph, that is when one of its lines is longer than {@link WRAP_MAX_CHARS} (nobody
 * wraps that wide), or when none of its non-final lines looks like a wrapped line (at least
 * {@link WRAP_MIN_CHARS} long and not ending like a sentence). A heading line directly above its
 * paragraph, or a file with one paragraph per line and no blank lines, are both cut this way.
 */
export function splitsIntoLines(lines: readonly string[]): boolean {
  if (lines.length < 2) return false;
  let wrapped = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line.length > WRAP_MAX_CHARS) return true;
    if (i < lines.length - 1 && line.length >= WRAP_MIN_CHARS && !endsLikeSentence(line)) wrapped = true;
  }
  return !wrapped;
}

/** Cuts text (BOM already removed) into blocks, recording each block's first line. */
function toBlocks(text: string): Block[] {
  const lines = text.split(LINE_BREAK_RE);
  const blocks: Block[] = [];
  let start = -1;
  const flush = (end: number): void => {
    if (start < 0) return;
    const group = lines.slice(start, end);
    if (splitsIntoLines(group)) {
      group.forEach((l, k) => {
        blocks.push(makeBlock(start + k + 1, [l]));
      });
    } else {
      blocks.push(makeBlock(start + 1, group));
    }
    start = -1;
  };
  for (let i = 0; i < lines.length; i++) {
    if (BLANK_RE.test(lines[i] ?? '')) flush(i);
    else if (start < 0) start = i;
  }
  flush(lines.length);
  return blocks;
}

/** A single line with no final punctuation and at most {@link SHORT_LINE_MAX_WORDS} words. */
function isShortLine(b: Block): boolean {
  return b.lines.length === 1 && b.words <= SHORT_LINE_MAX_WORDS && !endsLikeSentence(b.text);
}

/** Body text: anything that is not a short line (long, punctuated or multi-line). */
function isBody(b: Block): boolean {
  return !isShortLine(b);
}

/** A block that could be a title: one line, 1..{@link TITLE_MAX_WORDS} words, not ending with . , ; : */
function isTitleLike(b: Block): boolean {
  return b.lines.length === 1 && b.words >= 1 && b.words <= TITLE_MAX_WORDS && !TITLE_BAD_END_RE.test(b.text);
}

/**
 * Furniture patterns, for single-line blocks wherever they stand (a multi-line block is body text).
 * Returns the rule that matches, if any.
 */
export function furnitureRule(text: string): DropRule | undefined {
  if (text.includes('\n')) return undefined;
  const words = countWords(text);
  const unpunctuated = !endsLikeSentence(text);
  // the cheap tests first: most lines are long body text that no pattern needs to scan
  if (words <= SHORT_LINE_MAX_WORDS && SITE_ICON_RE.test(text)) return 'site-icon';
  if (words <= TITLE_MAX_WORDS && ALT_TEXT_RE.test(text)) return 'alt-text';
  if (words <= IMAGE_CREDIT_MAX_WORDS && unpunctuated && IMAGE_CREDIT_RE.test(text)) return 'image-credit';
  if (words <= SHORT_LINE_MAX_WORDS && unpunctuated && SOCIAL_HANDLE_RE.test(text)) return 'social-handle';
  return undefined;
}

/** The title a feed footer repeats ("L'article <titre> est apparu en premier sur …"), if the text is one. */
function feedFooterTitle(text: string): string | undefined {
  return text.includes('\n') ? undefined : FEED_FOOTER_RE.exec(text)?.[1];
}

/**
 * The text of a paragraph as searched: a feed footer's repeated title blanked out, so that questions on
 * the article's subject do not find the footer, only those on where it was published ("paru en premier
 * sur quel site"). The same length, so that offsets into it are offsets into the text.
 */
export function searchableText(text: string): string {
  const title = feedFooterTitle(text);
  if (title === undefined) return text;
  const start = text.indexOf(title);
  return text.slice(0, start) + ' '.repeat(title.length) + text.slice(start + title.length);
}

/**
 * Form used to compare titles: Unicode-decomposed without accents, one kind of apostrophe and of double
 * quote, whitespace collapsed (and removed around quotes and before : ; ! ?), lower case, trailing
 * punctuation removed.
 */
export function normalizeForComparison(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARK_RE, '')
    .replace(APOSTROPHE_RE, "'")
    .replace(DOUBLE_QUOTE_RE, '"')
    .replace(WHITESPACE_RE, ' ')
    .replace(SPACED_PUNCT_RE, '$1')
    .trim()
    .toLowerCase()
    .replace(TRAILING_PUNCT_RE, '');
}

/** `'same'` if both normalize alike, `'suffix'` if `text` ends with the whole title after a word break. */
function compareWithTitle(text: string, normTitle: string): 'same' | 'suffix' | undefined {
  if (normTitle === '') return undefined;
  const norm = normalizeForComparison(text);
  if (norm === normTitle) return 'same';
  if (norm.length > normTitle.length && norm.endsWith(normTitle)) {
    const before = norm[norm.length - normTitle.length - 1] ?? '';
    if (!LETTER_OR_DIGIT_RE.test(before)) return 'suffix';
  }
  return undefined;
}

/** Longest caption, in tokens, that the `name-caption` rule looks up in the body text. */
const PHRASE_MAX_TOKENS = 4;

/**
 * Looks up short phrases (case-sensitive, as whole words) in a text. All n-grams of up to
 * {@link PHRASE_MAX_TOKENS} tokens are indexed once, so each look-up costs O(1) however many short lines
 * a file has.
 */
class PhraseIndex {
  private readonly grams = new Set<string>();

  constructor(text: string) {
    const tokens = text.split(NON_WORD_RE).filter((t) => t !== '');
    for (let i = 0; i < tokens.length; i++) {
      let gram = '';
      for (let n = 0; n < PHRASE_MAX_TOKENS && i + n < tokens.length; n++) {
        gram = n === 0 ? (tokens[i] as string) : `${gram} ${tokens[i + n]}`;
        this.grams.add(gram);
      }
    }
  }

  has(phrase: string): boolean {
    const tokens = phrase.split(NON_WORD_RE).filter((t) => t !== '');
    return tokens.length > 0 && tokens.length <= PHRASE_MAX_TOKENS && this.grams.has(tokens.join(' '));
  }
}

/** First sentence of a paragraph (at least 20 characters, to skip abbreviations), shortened if long. */
export function firstSentenceTitle(text: string): string {
  const flat = text.replace(WHITESPACE_RE, ' ').trim();
  let sentence = flat;
  for (const m of flat.matchAll(SENTENCE_STOP_RE)) {
    if (m.index >= 20) {
      sentence = flat.slice(0, m.index + 1);
      break;
    }
  }
  sentence = sentence.replace(TRAILING_PUNCT_RE, '');
  if (sentence.length <= DERIVED_TITLE_MAX_CHARS) return sentence;
  const cut = sentence.lastIndexOf(' ', DERIVED_TITLE_MAX_CHARS);
  return `${sentence.slice(0, cut > 0 ? cut : DERIVED_TITLE_MAX_CHARS).replace(TRAILING_PUNCT_RE, '')}…`;
}

function fileStem(file: string): string {
  return file.replace(TXT_EXTENSION_RE, '');
}

/**
 * A short line that may be a section heading: enough words, and starts with a letter or digit (maybe
 * behind an opening quote), not a dash or a bullet. All-lower-case first words were refused before.
 */
function looksLikeHeading(b: Block): boolean {
  return b.words >= HEADING_MIN_WORDS && HEADING_START_RE.test(b.text);
}

/** First word entirely lower case, e.g. "le dernier", "levee de fonds" (but not "xAI", "iPhone"). */
function startsWithLowercaseWord(text: string): boolean {
  if (!LOWERCASE_START_RE.test(text)) return false;
  const space = text.search(ONE_SPACE_RE);
  const first = space < 0 ? text : text.slice(0, space);
  return !UPPERCASE_RE.test(first);
}

/** Parses an article and explains every decision (what was dropped and by which rule). Never throws. */
export function parseArticleWithReport(file: string, raw: string): ParseReport {
  const text = raw.startsWith(BOM) ? raw.slice(BOM.length) : raw;
  const dropped: DroppedBlock[] = [];
  const drop = (b: Block, rule: DropRule): void => {
    dropped.push({ line: b.line, text: b.text, rule });
  };

  // 3. Furniture patterns.
  let footerTitle: string | undefined;
  const blocks: Block[] = [];
  for (const b of toBlocks(text)) {
    const rule = furnitureRule(b.text);
    if (rule === undefined) {
      footerTitle ??= feedFooterTitle(b.text);
      blocks.push(b);
    } else drop(b, rule);
  }

  // 4. Title.
  let title: string;
  let titleSource: TitleSource;
  let next = 0;
  const first = blocks[0];
  const second = blocks[1];
  if (first !== undefined && isTitleLike(first)) {
    if (
      second !== undefined &&
      isTitleLike(second) &&
      compareWithTitle(first.text, normalizeForComparison(second.text)) === 'suffix'
    ) {
      // "Accueil IA <title>" followed by "<title>": the breadcrumb goes, the second line is the title.
      drop(first, 'breadcrumb');
      drop(second, 'title');
      title = second.text;
      next = 2;
    } else {
      drop(first, 'title');
      title = first.text;
      next = 1;
    }
    titleSource = 'line';
  } else if (footerTitle !== undefined && footerTitle.trim() !== '') {
    title = footerTitle.trim();
    titleSource = 'feed-footer';
  } else if (first !== undefined) {
    title = firstSentenceTitle(first.text);
    titleSource = 'first-sentence';
  } else {
    title = fileStem(file);
    titleSource = 'file-name';
  }
  const normTitle = titleSource === 'line' ? normalizeForComparison(title) : '';

  // 5. Before the lede: repeated titles, breadcrumbs and captions.
  for (; next < blocks.length; next++) {
    const b = blocks[next] as Block;
    const same = compareWithTitle(b.text, normTitle);
    if (same !== undefined && isTitleLike(b)) drop(b, same === 'same' ? 'repeated-title' : 'breadcrumb');
    else if (isBody(b)) break;
    else drop(b, 'pre-lede-caption');
  }

  // 6. Body paragraphs, headings and captions after the lede.
  const rest = blocks.slice(next);
  let lastBody = -1;
  rest.forEach((b, i) => {
    if (isBody(b)) lastBody = i;
  });
  let bodyPhrases: PhraseIndex | undefined;
  const inBody = (phrase: string): boolean => {
    bodyPhrases ??= new PhraseIndex(
      rest
        .filter(isBody)
        .map((b) => b.text)
        .join('\n'),
    );
    return bodyPhrases.has(phrase);
  };
  const paragraphs: Paragraph[] = [];
  const headings: { line: number; text: string }[] = [];
  let heading: string | undefined;
  rest.forEach((b, i) => {
    if (isBody(b)) {
      const number = paragraphs.length + 1;
      const p: Paragraph = { id: `${file}#${number}`, file, number, line: b.line, text: b.text };
      if (heading !== undefined) p.heading = heading;
      paragraphs.push(p);
      return;
    }
    const rule = shortLineRule(b, i, rest, lastBody, inBody);
    if (rule === undefined) {
      heading = b.text;
      headings.push({ line: b.line, text: b.text });
    } else drop(b, rule);
  });

  dropped.sort((a, b) => a.line - b.line);
  return { article: { file, title, paragraphs }, titleSource, dropped, headings };
}

/**
 * Decides what a short line after the lede is: `undefined` for a section heading, or the rule that drops
 * it. Checked in this order:
 * - `trailing-fragment`: after the last body paragraph, at most 3 words (a cut-off "le dernier").
 * - `lowercase-fragment`: first word all lower case (a cut-off phrase or a credit, never a heading).
 * - `name-caption`: at most 3 words that also occur, as whole words, in the body text (an image caption
 *   naming someone or something, like "Elon Musk" or "Grok").
 * - `too-short-for-heading`: fewer than {@link HEADING_MIN_WORDS} words, or starting with neither a
 *   letter, a digit nor an opening quote (e.g. a dash).
 * - `orphan-short-line`: not directly followed by a body paragraph (site chrome such as a
 *   "leave the mobile version" link, or a caption above another caption).
 */
function shortLineRule(
  b: Block,
  i: number,
  rest: readonly Block[],
  lastBody: number,
  inBody: (phrase: string) => boolean,
): DropRule | undefined {
  if (i > lastBody && b.words <= 3) return 'trailing-fragment';
  if (startsWithLowercaseWord(b.text)) return 'lowercase-fragment';
  if (b.words <= 3 && inBody(b.text)) return 'name-caption';
  if (!looksLikeHeading(b)) return 'too-short-for-heading';
  const following = rest[i + 1];
  if (following === undefined || !isBody(following)) return 'orphan-short-line';
  return undefined;
}

/** Parses the raw text of `file` into an article. Pure; never throws. See {@link parseArticleWithReport}. */
export function parseArticle(file: string, raw: string): Article {
  return parseArticleWithReport(file, raw).article;
}
