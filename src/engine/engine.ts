import { answerQuestion } from '../answer/answer.js';
import type { AnswerResult } from '../answer/types.js';
import type { Article, Corpus } from '../corpus/types.js';
import { type AnalyzerOptions, createAnalyzer } from '../search/analysis/analyzer.js';
import { englishLexicon } from '../search/lexicon/index.js';
import { ParagraphIndex } from '../search/paragraph-index.js';
import { cleanQuestion, questionProblem } from '../search/query/clean.js';
import { parseQuestion } from '../search/query/parse.js';
import { ArticleLookup } from './article-lookup.js';
import type { QuestionEngine } from './types.js';

export interface EngineOptions {
  analysis?: AnalyzerOptions;
  /** Find index terms a typo or two away from unknown question words (on by default). */
  typoTolerance?: boolean;
}

/** The answer engine over one corpus: immutable once built. */
export class Engine implements QuestionEngine {
  private constructor(
    readonly corpus: Corpus,
    private readonly index: ParagraphIndex,
    private readonly analyzer: ReturnType<typeof createAnalyzer>,
    private readonly articles: ArticleLookup,
    private readonly options: EngineOptions,
  ) {}

  static build(corpus: Corpus, options: EngineOptions = {}): Engine {
    const analyzer = createAnalyzer(options.analysis);
    const index = ParagraphIndex.build(corpus, analyzer);
    return new Engine(corpus, index, analyzer, new ArticleLookup(corpus.articles), options);
  }

  get paragraphCount(): number {
    return this.index.size;
  }

  ask(question: string): AnswerResult {
    const cleaned = cleanQuestion(question);
    if (questionProblem(cleaned) !== undefined) {
      return { question: cleaned, answered: false, answers: [], nearest: [] };
    }
    const parsed = parseQuestion(cleaned, this.analyzer, englishLexicon, this.index, {
      typoTolerance: this.options.typoTolerance !== false,
    });
    return answerQuestion(parsed, this.index, this.analyzer);
  }

  findArticles(typed: string, limit = 25): Article[] {
    return this.articles.find(typed, limit);
  }

  getArticle(fileOrTitle: string): Article | undefined {
    return this.articles.get(fileOrTitle);
  }
}
