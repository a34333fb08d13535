/**
 * Writes a large synthetic corpus for reload and stall measurements: articles of the bundled seeds'
 * sentences recombined into new paragraphs, each sprinkled with invented words so that the vocabulary
 * grows with the corpus (as it does with real articles), deterministic for a given seed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitSentences } from '../../src/answer/sentences.js';
import { loadCorpus } from '../../src/corpus/load.js';

export const SEEDS_DIR = join(import.meta.dirname, '../../seeds');

export interface BigCorpusOptions {
  /** Paragraphs to write (the loader may count a few less if it drops one as site furniture). */
  paragraphs: number;
  perArticle?: number;
  seed?: number;
  /** File name prefix, so that two generated sets can live in one folder. */
  prefix?: string;
}

/** Mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'ber',
  'lo',
  'vin',
  'tre',
  'mu',
  'sol',
  'dra',
  'pi',
  'nek',
  'ro',
  'zan',
  'fel',
  'gu',
  'tor',
];

let sentencePool: string[] | undefined;

async function sentences(): Promise<string[]> {
  if (sentencePool) return sentencePool;
  const { corpus } = await loadCorpus(SEEDS_DIR);
  const pool: string[] = [];
  for (const article of corpus.articles) {
    for (const paragraph of article.paragraphs) {
      for (const span of splitSentences(paragraph.text)) {
        const text = paragraph.text.slice(span.start, span.end).trim();
        if (text.length >= 40) pool.push(text);
      }
    }
  }
  sentencePool = pool;
  return pool;
}

/** Writes `options.paragraphs` paragraphs into `dir` (created if needed); returns the files written. */
export async function writeBigCorpus(dir: string, options: BigCorpusOptions): Promise<string[]> {
  const pool = await sentences();
  const random = prng(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const word = () => {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += pick(SYLLABLES);
    return w;
  };
  const perArticle = options.perArticle ?? 25;
  const prefix = options.prefix ?? 'big';
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  let written = 0;
  for (let a = 0; written < options.paragraphs; a++) {
    const name = `${prefix}_${String(a).padStart(6, '0')}.txt`;
    const count = Math.min(perArticle, options.paragraphs - written);
    const title = `Dossier ${a} : la société ${capitalise(word())} et le projet ${capitalise(word())}`;
    const paragraphs: string[] = [];
    for (let p = 0; p < count; p++) {
      const parts: string[] = [];
      const n = 2 + Math.floor(random() * 3);
      for (let s = 0; s < n; s++) parts.push(pick(pool));
      parts.push(
        `Le groupe ${capitalise(word())} cite aussi ${word()} et ${word()}, selon le dossier ${a}-${p}.`,
      );
      paragraphs.push(parts.join(' '));
    }
    await writeFile(join(dir, name), `${title}\n\n${paragraphs.join('\n\n')}\n`);
    files.push(name);
    written += count;
  }
  return files;
}

function capitalise(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}
