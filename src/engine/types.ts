import type { AnswerResult } from '../answer/types.js';
import type { Article, Corpus } from '../corpus/types.js';

/**
 * What every front end (console, Discord) needs from the engine. Built once per corpus and never
 * mutated: a reload builds a new one and swaps it in.
 */
export interface QuestionEngine {
  readonly corpus: Corpus;
  /** Answers a question (French or English) with verbatim quotes, or declines. Never throws on any string. */
  ask(question: string): AnswerResult;
  /** Autocomplete: articles whose title or file name matches what was typed, best first, at most `limit`. */
  findArticles(typed: string, limit?: number): Article[];
  /** An article by exact file name, or by the start of its title (case- and accent-insensitive). */
  getArticle(fileOrTitle: string): Article | undefined;
}
