/**
 * The engines compared, behind one small interface: build over a corpus, answer a question with a top
 * passage, and (peers only, for now) save and load their index.
 *
 * - `ours`: the project's `Engine`; a query is the whole `/ask` path (question cleaned as the command does,
 *   `engine.ask`, then `renderAnswer` to a Discord payload). Top passage = the top answer, or the top
 *   nearest passage when the engine declines (as `src/eval/metrics.ts` judges passages). Saved and loaded
 *   as the service does it (`src/service/index-cache.ts`, `Engine.fromSnapshot`).
 * - `minisearch_plain`: minisearch as it comes (default options, fields text and title, no French analysis).
 * - `orama`: `@orama/orama` with its French tokenizer (`language: 'french'`), the Snowball French stemmer
 *   of `@orama/stemmers` and the French stop words of `@orama/stopwords`.
 * - `lunr`: lunr 2 with `lunr-languages` French (trimmer, stop words, stemmer); the question goes through
 *   lunr's tokenizer and French search pipeline (`idx.query`, so that `:`, `^`, `~`, `*` in a question
 *   are words, not query syntax).
 * The peers save with their own serialisation (`JSON.stringify` of the index) to one file.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
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
import { readIndexCache, writeIndexCache } from '../../src/service/index-cache.js';
import type { TopPassage } from './questions.js';

export const ENGINE_NAMES = ['ours', 'minisearch_plain', 'orama', 'lunr'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** The corpus as loaded, with the loader's hash of it (ours keys its saved index on it). */
export interface LoadedCorpus {
  corpus: Corpus;
  corpusHash: string;
}

export interface BuiltEngine {
  /** Answers one question; returns the top passage (undefined when nothing matched). */
  query(question: string): TopPassage | undefined;
  /** Saves the index in folder `dir`, as the engine saves it for a restart; returns the bytes written. */
  save?(dir: string): Promise<number>;
  /** Our engine itself (for autocomplete), when this is ours. */
  engine?: Engine;
}

export interface EngineAdapter {
  name: EngineName;
  build(loaded: LoadedCorpus): BuiltEngine | Promise<BuiltEngine>;
  /** Reads the index `save` wrote in `dir` and makes a usable engine of it. */
  load?(dir: string, loaded: LoadedCorpus): Promise<BuiltEngine>;
}

const PEER_INDEX_FILE = 'index.json';

/** Peers: their own serialisation (`JSON.stringify`), one file. */
async function saveJson(dir: string, json: string): Promise<number> {
  await writeFile(path.join(dir, PEER_INDEX_FILE), json);
  return (await stat(path.join(dir, PEER_INDEX_FILE))).size;
}

const readJson = (dir: string) => readFile(path.join(dir, PEER_INDEX_FILE), 'utf8');

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

/**
 * Ours saves its index as the service does (`writeIndexCache`: one JSON file with a checksum, keyed on the
 * corpus hash) and loads it as a restart does (`readIndexCache`, then `Engine.fromSnapshot`).
 */
const ours: EngineAdapter = {
  name: 'ours',
  build({ corpus, corpusHash }) {
    return oursQueries(Engine.build(corpus), corpusHash);
  },
  async load(dir, { corpus, corpusHash }) {
    const read = await readIndexCache(dir, { corpusHash, analysis: Engine.snapshotVersion(), corpus });
    if (!read.ok) throw new Error(`saved index refused: ${read.reason}`);
    return oursQueries(await Engine.fromSnapshot(read.snapshot), corpusHash);
  },
};

export function oursQueries(engine: Engine, corpusHash?: string): BuiltEngine {
  return {
    engine,
    ...(corpusHash === undefined
      ? {}
      : {
          async save(dir: string) {
            const written = await writeIndexCache(dir, { corpusHash, snapshot: engine.toSnapshot() });
            return written.bytes;
          },
        }),
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
    save: (dir) => saveJson(dir, JSON.stringify(search)),
  };
}

const minisearchPlain: EngineAdapter = {
  name: 'minisearch_plain',
  build({ corpus }) {
    const flat = flatten(corpus);
    const search = new MiniSearch({ fields: MINISEARCH_FIELDS });
    search.addAll(flat.map((p, id) => ({ id, text: p.text, title: p.title })));
    return minisearchQueries(search, flat);
  },
  async load(dir, { corpus }) {
    const saved = await readJson(dir);
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
    save: (dir) => saveJson(dir, JSON.stringify(saveOrama(db))),
  };
}

const orama: EngineAdapter = {
  name: 'orama',
  async build({ corpus }) {
    const flat = flatten(corpus);
    const db = newOrama();
    await insertMultiple(
      db,
      flat.map((p, id) => ({ id: String(id), text: p.text, title: p.title })),
    );
    return oramaQueries(db, flat);
  },
  async load(dir, { corpus }) {
    const db = newOrama();
    loadOrama(db, JSON.parse(await readJson(dir)));
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
    save: (dir) => saveJson(dir, JSON.stringify(index)),
  };
}

const lunrEngine: EngineAdapter = {
  name: 'lunr',
  build({ corpus }) {
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
  async load(dir, { corpus }) {
    lunrFr();
    return lunrQueries(lunr.Index.load(JSON.parse(await readJson(dir))), flatten(corpus));
  },
};

export const ENGINES: Record<EngineName, EngineAdapter> = {
  ours,
  minisearch_plain: minisearchPlain,
  orama,
  lunr: lunrEngine,
};
