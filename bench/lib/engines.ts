/**
 * The engines compared, behind one small interface: build over a corpus, answer a question with a top
 * passage, and (peers only, for now) save and load their index.
 *
 * - `ours`: the project's `Engine`; a query is the whole `/ask` path (question cleaned as the command does,
 *   `engine.ask`, then `renderAnswer` to a Discord payload). Top passage = the top answer, or the top
 *   nearest passage when the engine declines (as `src/eval/metrics.ts` judges passages).
 * - `minisearch_plain`: minisearch as it comes (default options, fields text and title, no French analysis).
 * - `orama`: `@orama/orama` with its French tokenizer (`language: 'french'`), the Snowball French stemmer
 *   of `@orama/stemmers` and the French stop words of `@orama/stopwords`.
 * - `lunr`: lunr 2 with `lunr-languages` French (trimmer, stop words, stemmer); the question goes through
 *   lunr's tokenizer and French search pipeline (`idx.query`, so that `:`, `^`, `~`, `*` in a question
 *   are words, not query syntax).
 */
import { createRequire } from 'node:module';
import {
  create as createOrama,
  insertMultiple,
  load as loadOrama,
  save as saveOrama,
  search as searchOrama,
} from '@orama/orama';
import { stemmer as frenchStemmer, language as oramaFrench } from '@orama/stemmers/french';
import { stopwords as frenchStopWords } from '@orama/stopwords/french';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import type { Corpus } from '../../src/corpus/types.js';
import { Engine } from '../../src/engine/engine.js';
import { renderAnswer } from '../../src/reply/answer.js';
import { cleanQuestion } from '../../src/search/query/clean.js';
import type { TopPassage } from './questions.js';

export const ENGINE_NAMES = ['ours', 'minisearch_plain', 'orama', 'lunr'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface BuiltEngine {
  /** Answers one question; returns the top passage (undefined when nothing matched). */
  query(question: string): TopPassage | undefined;
  /** The index as saved to disk (a string), when the engine can save it. */
  save?(): string;
  /** Our engine itself (for autocomplete), when this is ours. */
  engine?: Engine;
}

export interface EngineAdapter {
  name: EngineName;
  build(corpus: Corpus): BuiltEngine | Promise<BuiltEngine>;
  /** Rebuilds a usable engine from `save()`'s output. */
  load?(saved: string, corpus: Corpus): BuiltEngine | Promise<BuiltEngine>;
}

/** What every peer indexes: one document per paragraph, with its article's title. */
interface FlatParagraph {
  file: string;
  text: string;
  title: string;
}

function flatten(corpus: Corpus): FlatParagraph[] {
  return corpus.articles.flatMap((a) =>
    a.paragraphs.map((p) => ({ file: a.file, text: p.text, title: a.title })),
  );
}

function topOf(flat: readonly FlatParagraph[], id: unknown): TopPassage | undefined {
  const p = flat[Number(id)];
  return p === undefined ? undefined : { file: p.file, text: p.text };
}

/** The `/ask` path up to the rendered payload; the payload is kept so the work cannot be optimised away. */
export let lastPayload: unknown;

const ours: EngineAdapter = {
  name: 'ours',
  build(corpus) {
    const engine = Engine.build(corpus);
    return oursQueries(engine);
  },
};

export function oursQueries(engine: Engine): BuiltEngine {
  return {
    engine,
    query(question) {
      const cleaned = cleanQuestion(question);
      const result = engine.ask(cleaned);
      lastPayload = renderAnswer(result, { lang: 'fr', question: cleaned });
      const top = result.answered ? result.answers[0] : result.nearest[0];
      return top === undefined ? undefined : { file: top.file, text: top.context };
    },
  };
}

const MINISEARCH_FIELDS = ['text', 'title'];

function minisearchQueries(search: MiniSearch, flat: readonly FlatParagraph[]): BuiltEngine {
  return {
    query: (question) => topOf(flat, search.search(question)[0]?.id),
    save: () => JSON.stringify(search),
  };
}

const minisearchPlain: EngineAdapter = {
  name: 'minisearch_plain',
  build(corpus) {
    const flat = flatten(corpus);
    const search = new MiniSearch({ fields: MINISEARCH_FIELDS });
    search.addAll(flat.map((p, id) => ({ id, text: p.text, title: p.title })));
    return minisearchQueries(search, flat);
  },
  load(saved, corpus) {
    return minisearchQueries(MiniSearch.loadJSON(saved, { fields: MINISEARCH_FIELDS }), flatten(corpus));
  },
};

const ORAMA_SCHEMA = { text: 'string', title: 'string' } as const;

function newOrama() {
  return createOrama({
    schema: ORAMA_SCHEMA,
    components: {
      tokenizer: {
        language: oramaFrench,
        stemming: true,
        stemmer: frenchStemmer,
        stopWords: frenchStopWords,
      },
    },
  });
}

type OramaDb = ReturnType<typeof newOrama>;

function oramaQueries(db: OramaDb, flat: readonly FlatParagraph[]): BuiltEngine {
  return {
    query(question) {
      const results = searchOrama(db, { term: question, properties: ['text', 'title'], limit: 1 });
      if (results instanceof Promise) throw new Error('orama answered asynchronously: not measured');
      return topOf(flat, results.hits[0]?.id);
    },
    save: () => JSON.stringify(saveOrama(db)),
  };
}

const orama: EngineAdapter = {
  name: 'orama',
  async build(corpus) {
    const flat = flatten(corpus);
    const db = newOrama();
    await insertMultiple(
      db,
      flat.map((p, id) => ({ id: String(id), text: p.text, title: p.title })),
    );
    return oramaQueries(db, flat);
  },
  load(saved, corpus) {
    const db = newOrama();
    loadOrama(db, JSON.parse(saved));
    return oramaQueries(db, flatten(corpus));
  },
};

const require = createRequire(import.meta.url);
let lunrReady = false;
/** Registers lunr-languages' French support once (it patches the lunr object). */
function lunrFr(): { fr: lunr.Builder.Plugin } {
  if (!lunrReady) {
    require('lunr-languages/lunr.stemmer.support')(lunr);
    require('lunr-languages/lunr.fr')(lunr);
    lunrReady = true;
  }
  return lunr as unknown as { fr: lunr.Builder.Plugin };
}

function lunrQueries(index: lunr.Index, flat: readonly FlatParagraph[]): BuiltEngine {
  return {
    query(question) {
      const tokens = lunr.tokenizer(question);
      const results = index.query((q) => {
        q.term(tokens, {});
      });
      return topOf(flat, results[0]?.ref);
    },
    save: () => JSON.stringify(index),
  };
}

const lunrEngine: EngineAdapter = {
  name: 'lunr',
  build(corpus) {
    const { fr } = lunrFr();
    const flat = flatten(corpus);
    const index = lunr(function () {
      this.use(fr);
      this.ref('id');
      this.field('text');
      this.field('title');
      flat.forEach((p, id) => {
        this.add({ id: String(id), text: p.text, title: p.title });
      });
    });
    return lunrQueries(index, flat);
  },
  load(saved, corpus) {
    lunrFr();
    return lunrQueries(lunr.Index.load(JSON.parse(saved)), flatten(corpus));
  },
};

export const ENGINES: Record<EngineName, EngineAdapter> = {
  ours,
  minisearch_plain: minisearchPlain,
  orama,
  lunr: lunrEngine,
};
