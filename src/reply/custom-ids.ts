import { createHash } from 'node:crypto';
import type { Article, Corpus } from '../corpus/types.js';

/**
 * Button custom ids carry everything a click needs (no state kept by the bot, so buttons survive a
 * restart). An article is named by its file name when it is short and plain, otherwise by a hash of
 * it ("~" + 12 hex digits) resolved against the loaded corpus. Custom ids stay within 100 characters.
 */
const PLAIN_KEY = /^[A-Za-z0-9_.-]{1,48}$/;

export function articleKey(file: string): string {
  return PLAIN_KEY.test(file) ? file : `~${createHash('sha1').update(file).digest('hex').slice(0, 12)}`;
}

/** The loaded article a key names, or undefined. Only articles of `corpus` can ever be found. */
export function resolveArticleKey(corpus: Corpus, key: string): Article | undefined {
  if (key.startsWith('~')) return corpus.articles.find((a) => articleKey(a.file) === key);
  return corpus.articles.find((a) => a.file === key);
}

export type ButtonAction =
  /** Show the article page holding `paragraph` (from an answer). */
  | { kind: 'article'; key: string; paragraph: number }
  /** Show these passages in full. */
  | { kind: 'more'; refs: Array<{ key: string; paragraph: number }> }
  /** Page through an article; `mark` is the paragraph to mark (0 for none). */
  | { kind: 'page'; key: string; page: number; mark: number; dir: 'p' | 'n' };

const int = (s: string | undefined) => (s !== undefined && /^\d{1,6}$/.test(s) ? Number(s) : undefined);
const isKey = (s: string | undefined): s is string =>
  s !== undefined && (PLAIN_KEY.test(s) || /^~[0-9a-f]{12}$/.test(s));

export function encodeButton(action: ButtonAction): string {
  switch (action.kind) {
    case 'article':
      return `art:${action.key}:${action.paragraph}`;
    case 'more':
      return `more:${action.refs.map((r) => `${r.key}:${r.paragraph}`).join(':')}`;
    case 'page':
      return `page:${action.key}:${action.page}:${action.mark}:${action.dir}`;
  }
}

export function decodeButton(customId: string): ButtonAction | undefined {
  const [kind, ...parts] = customId.split(':');
  if (kind === 'art' && parts.length === 2) {
    const paragraph = int(parts[1]);
    if (isKey(parts[0]) && paragraph !== undefined) return { kind: 'article', key: parts[0], paragraph };
  }
  if (kind === 'more' && parts.length >= 2 && parts.length % 2 === 0) {
    const refs: Array<{ key: string; paragraph: number }> = [];
    for (let i = 0; i < parts.length; i += 2) {
      const key = parts[i];
      const paragraph = int(parts[i + 1]);
      if (!isKey(key) || paragraph === undefined) return undefined;
      refs.push({ key, paragraph });
    }
    return { kind: 'more', refs };
  }
  if (kind === 'page' && parts.length === 4) {
    const page = int(parts[1]);
    const mark = int(parts[2]);
    const dir = parts[3];
    if (isKey(parts[0]) && page !== undefined && mark !== undefined && (dir === 'p' || dir === 'n')) {
      return { kind: 'page', key: parts[0], page, mark, dir };
    }
  }
  return undefined;
}
