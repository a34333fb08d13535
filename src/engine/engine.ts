import { answerQuestion } from '../answer/answer.js';
import type { AnswerResult } from '../answer/types.js';
import type { Article, Corpus } from '../corpus/types.js';
import { type AnalyzerOptions, createAnalyzer } from '../search/analysis/analyzer.js';
import { englishLexicon } from '../search/lexicon/index.js';
import { type IndexSnapshot, type IndexSnapshotPart, ParagraphIndex } from '../search/paragraph-index.js';
import { cleanQuestion, questionProblem } from '../search/query/clean.js';
import { loadQuestionLexicons, parseQuestion } from '../search/query/parse.js';
import { ArticleLookup } from './article-lookup.js';
import { decodeArticles } from './snapshot-parts.js';
import type { QuestionEngine } from './types.js';

export interface EngineOptions {
  analysis?: AnalyzerOptions;
  /** Find index terms a typo or two away from unknown question words (on by default). */
  typoTolerance?: boolean;
  /** Count synonyms from the French thesaurus as the word (on by default). */
  synonyms?: boolean;
  /** Count the other forms of a French verb as the word ("rejoindre" for "rejoint"; on by default). */
  verbForms?: boolean;
}

/**
 * A built engine as plain data: the corpus and its index, keyed on the analysis that made the index, so
 * that a saved engine is never read back with another analysis.
 */
export interface EngineSnapshot {
  analysis: string;
  corpus: Corpus;
  index: IndexSnapshot;
}

/** A piece of an {@link EngineSnapshot} handed over in pieces: articles, or a piece of the index. */
export type EngineSnapshotPart =
  | { part: 'articles'; items: Iterable<Article> }
  | { part: 'articleBytes'; bytes: Uint8Array }
  | IndexSnapshotPart;

/**
 * Bumped when the snapshot's layout changes, as the analysis version is when terms change. index-2: the
 * index is its compact postings (typed arrays), not minisearch's serialized index.
 */
const SNAPSHOT_FORMAT = 'index-2';

/** The answer engine over one corpus: immutable once built. */
export class Engine implements QuestionEngine {
  private constructor(
    readonly corpus: Corpus,
    private readonly index: ParagraphIndex,
    private readonly analyzer: ReturnType<typeof createAnalyzer>,
    private readonly articles: ArticleLookup,
    private readonly options: EngineOptions,
  ) {}

  /** Reads the lexicons questions need now, rather than on the first question. */
  static warmUp(): void {
    loadQuestionLexicons();
  }

  static build(corpus: Corpus, options: EngineOptions = {}): Engine {
    const analyzer = createAnalyzer(options.analysis);
    const index = ParagraphIndex.build(corpus, analyzer);
    return new Engine(corpus, index, analyzer, new ArticleLookup(corpus.articles), options);
  }

  /**
   * Rebuilds an engine saved by `toSnapshot`; refuses a snapshot made with another analysis. Runs in time
   * slices of a few milliseconds, so that the process keeps serving while a large index loads.
   */
  static async fromSnapshot(snapshot: EngineSnapshot, options: EngineOptions = {}): Promise<Engine> {
    const analyzer = Engine.analyzerFor(snapshot, options);
    const index = await ParagraphIndex.fromSnapshot(snapshot.index, snapshot.corpus);
    const articles = await ArticleLookup.create(snapshot.corpus.articles);
    return new Engine(snapshot.corpus, index, analyzer, articles, options);
  }

  /**
   * {@link fromSnapshot} for a snapshot handed over in pieces (from a worker thread): `header` carries the
   * analysis, `parts` the articles and the index; each piece is stored as it comes, so the pieces and the
   * finished engine are never all in memory at once.
   */
  static async fromSnapshotParts(
    header: Pick<EngineSnapshot, 'analysis'>,
    parts: AsyncIterable<EngineSnapshotPart> | Iterable<EngineSnapshotPart>,
    options: EngineOptions = {},
  ): Promise<Engine> {
    const analyzer = Engine.analyzerFor(header, options);
    const articles: Article[] = [];
    const loader = ParagraphIndex.loader();
    for await (const piece of parts) {
      if (piece.part === 'articles') for (const article of piece.items) articles.push(article);
      else if (piece.part === 'articleBytes')
        for (const article of decodeArticles(piece.bytes)) articles.push(article);
      else await loader.add(piece);
    }
    const corpus: Corpus = { articles };
    const index = await loader.finish(corpus);
    return new Engine(corpus, index, analyzer, await ArticleLookup.create(articles), options);
  }

  private static analyzerFor(snapshot: Pick<EngineSnapshot, 'analysis'>, options: EngineOptions) {
    const analyzer = createAnalyzer(options.analysis);
    const expected = `${analyzer.version}/${SNAPSHOT_FORMAT}`;
    if (snapshot.analysis !== expected) {
      throw new Error(`index was built with analysis ${snapshot.analysis}, this build uses ${expected}`);
    }
    return analyzer;
  }

  /** The `analysis` a snapshot made by this build carries (to check a saved one without loading it). */
  static snapshotVersion(options: EngineOptions = {}): string {
    return `${createAnalyzer(options.analysis).version}/${SNAPSHOT_FORMAT}`;
  }

  toSnapshot(): EngineSnapshot {
    return {
      analysis: `${this.analyzer.version}/${SNAPSHOT_FORMAT}`,
      corpus: this.corpus,
      index: this.index.toSnapshot(),
    };
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
      synonyms: this.options.synonyms !== false,
      verbForms: this.options.verbForms !== false,
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
