import { loadCorpus } from '../corpus/load.js';
import type { Corpus } from '../corpus/types.js';
import { Engine } from '../engine/engine.js';
import type { QuestionEngine } from '../engine/types.js';
import type { CorpusLoader, EngineBuilder } from '../service/corpus-service.js';

/** The real corpus loader and engine, used by the bot unless a test passes others. */
export const realLoader: CorpusLoader = (dir, options) => loadCorpus(dir, { maxBytes: options.maxBytes });
export const realBuilder: EngineBuilder = (corpus: Corpus): QuestionEngine => Engine.build(corpus);
