import type { Answer, AnswerResult } from '../answer/types.js';
import type { Article } from '../corpus/types.js';

export interface ConsoleStyle {
  /** Marks the words that matched the question (bold on a terminal, nothing in a pipe). */
  strong(text: string): string;
  dim(text: string): string;
}

export const PLAIN: ConsoleStyle = { strong: (text) => text, dim: (text) => text };
export const TERMINAL: ConsoleStyle = {
  strong: (text) => `\u001b[1m${text}\u001b[22m`,
  dim: (text) => `\u001b[2m${text}\u001b[22m`,
};

/** The reference that takes a reader to the spot: file, paragraph as numbered for users, and line. */
export function reference(answer: Pick<Answer, 'file' | 'paragraph' | 'line'>): string {
  return `${answer.file} § ${answer.paragraph} (ligne ${answer.line})`;
}

/** An answer as a person reads it in a terminal: the verbatim quote, then where it comes from. */
export function renderAnswerResult(result: AnswerResult, style: ConsoleStyle = PLAIN): string {
  if (!result.answered) {
    const lines = ['Aucune réponse dans les articles chargés pour cette question.'];
    if (result.nearest.length > 0) {
      lines.push('', 'Passages les plus proches (ce ne sont pas des réponses) :');
      for (const passage of result.nearest) lines.push('', ...quoteBlock(passage, style, false));
    }
    return `${lines.join('\n')}\n`;
  }
  const [best, ...others] = result.answers;
  if (best === undefined) return '\n';
  const lines = quoteBlock(best, style, true);
  if (others.length > 0) {
    lines.push('', style.dim('Autres passages :'));
    for (const other of others) lines.push('', ...quoteBlock(other, style, true));
  }
  return `${lines.join('\n')}\n`;
}

function quoteBlock(answer: Answer, style: ConsoleStyle, withHighlights: boolean): string[] {
  const quote = withHighlights ? highlight(answer, style) : answer.quote;
  return [`« ${quote} »`, `  — ${answer.title}`, style.dim(`    ${reference(answer)}`)];
}

function highlight(answer: Answer, style: ConsoleStyle): string {
  let out = '';
  let at = 0;
  for (const [start, end] of answer.highlights) {
    out += answer.quote.slice(at, start) + style.strong(answer.quote.slice(start, end));
    at = end;
  }
  return out + answer.quote.slice(at);
}

/** A whole article: its title, then its paragraphs numbered as users see them, under their headings. */
export function renderArticle(article: Article): string {
  const lines = [article.title, '='.repeat(Math.min(article.title.length, 80)), `(${article.file})`];
  let heading: string | undefined;
  for (const paragraph of article.paragraphs) {
    if (paragraph.heading !== undefined && paragraph.heading !== heading)
      lines.push('', `## ${paragraph.heading}`);
    heading = paragraph.heading;
    lines.push('', `[${paragraph.number}] ${paragraph.text}`);
  }
  return `${lines.join('\n')}\n`;
}
