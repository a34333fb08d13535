/**
 * Builds the benchmark corpora (about 1,000, 10,000 and 100,000 paragraphs) from Debian's French manual
 * pages, plus the bundled seeds, and draws the questions of each. Output is cached in
 * `bench/.corpora/<size>/` (`articles/*.txt`, `manifest.json`, `questions.json`) and reused when present.
 *
 *   npx tsx bench/build-corpora.ts [--sizes 1000,10000,100000] [--force]
 *
 * Real pages come first (shuffled with a fixed seed); when a size needs more paragraphs than the pages
 * have, the rest are made by recombining real sentences into new paragraphs (see README.md).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitSentences } from '../src/answer/sentences.js';
import { loadCorpus } from '../src/corpus/load.js';
import { parseSizes } from './lib/args.js';
import { type ManPage, readManPages } from './lib/manpages.js';
import {
  CORPORA_DIR,
  corpusDir,
  DEFAULT_SIZES,
  manifestFile,
  questionsFile,
  SEEDS_DIR,
} from './lib/paths.js';
import { Prng } from './lib/prng.js';
import { drawQuestions } from './lib/questions.js';

/** Bump when the way corpora or questions are made changes: cached folders with another version are rebuilt. */
export const CORPUS_VERSION = 3;
/** Longest article made from one page; longer pages are cut in parts, like a long news story would be. */
const MAX_ARTICLE_PARAGRAPHS = 25;
/** Drawn questions per corpus (each also gets a typo variant). */
const DRAWN_PARAGRAPHS = 600;

export interface Manifest {
  version: number;
  target: number;
  /** Paragraphs as the project's loader counts them. */
  paragraphs: number;
  articles: number;
  realParagraphs: number;
  recombinedParagraphs: number;
  seedParagraphs: number;
  problems: number;
}

interface PoolArticle {
  title: string;
  source: string;
  paragraphs: string[];
}

const POOL_FILE = path.join(CORPORA_DIR, 'pool.json');

/** Real articles from the man pages: duplicate pages and repeated paragraphs removed, long pages cut. */
async function realArticles(): Promise<PoolArticle[]> {
  if (existsSync(POOL_FILE)) {
    const cached = JSON.parse(await readFile(POOL_FILE, 'utf8')) as {
      version: number;
      articles: PoolArticle[];
    };
    if (cached.version === CORPUS_VERSION) return cached.articles;
  }
  process.stderr.write(`rendering the French man pages (groff)…\n`);
  const pages: ManPage[] = await readManPages();
  const seen = new Set<string>();
  const articles: PoolArticle[] = [];
  for (const page of pages) {
    const keys = page.paragraphs.map((p) => p.toLowerCase());
    const fresh = keys.filter((k) => !seen.has(k)).length;
    // Many pages are aliases or near-copies of others (math variants, RPC routines): skip them.
    if (fresh < page.paragraphs.length / 2) continue;
    const kept: string[] = [];
    page.paragraphs.forEach((p, i) => {
      const key = keys[i] as string;
      if (seen.has(key)) return;
      seen.add(key);
      kept.push(p);
    });
    const parts = Math.ceil(kept.length / MAX_ARTICLE_PARAGRAPHS);
    for (let part = 0; part < parts; part++) {
      const size = Math.ceil(kept.length / parts);
      articles.push({
        title: parts > 1 ? `${page.title} (${part + 1}/${parts})` : page.title,
        source: parts > 1 ? `${page.source}#${part + 1}` : page.source,
        paragraphs: kept.slice(part * size, (part + 1) * size),
      });
    }
  }
  await mkdir(CORPORA_DIR, { recursive: true });
  await writeFile(POOL_FILE, JSON.stringify({ version: CORPUS_VERSION, articles }));
  return articles;
}

/** A file name safe for the loader: `m1_chage.1_p2.txt`. */
function fileNameOf(source: string, index: number): string {
  const base = source
    .replace(/^man/u, 'm')
    .replace(/\.gz(?=#|$)/u, '')
    .replace(/#/u, '_p')
    .replace(/\//u, '_')
    .replace(/[^A-Za-z0-9_.+-]/gu, '_')
    .replace(/\.{2,}/gu, '.');
  return `${String(index).padStart(6, '0')}_${base}.txt`;
}

/**
 * New paragraphs made of real sentences: each takes 1–4 sentences (the real distribution) drawn from
 * different real paragraphs, and articles group 8–25 of them under the title of the page their first
 * sentence came from.
 */
function recombinedArticles(pool: readonly PoolArticle[], needed: number, rng: Prng): PoolArticle[] {
  const sentences: Array<{ text: string; title: string }> = [];
  const shape: number[] = [];
  for (const article of pool) {
    for (const p of article.paragraphs) {
      const spans = splitSentences(p);
      shape.push(Math.min(4, spans.length));
      for (const s of spans) sentences.push({ text: p.slice(s.start, s.end), title: article.title });
    }
  }
  const out: PoolArticle[] = [];
  let made = 0;
  while (made < needed) {
    const count = Math.min(rng.int(8, 25), needed - made);
    const paragraphs: string[] = [];
    let title = '';
    for (let i = 0; i < count; i++) {
      const n = Math.max(1, rng.pick(shape));
      const picked: string[] = [];
      for (let k = 0; k < n; k++) {
        const s = rng.pick(sentences);
        if (title === '') title = s.title.replace(/ \(\d+\/\d+\)$/u, '');
        picked.push(s.text);
      }
      paragraphs.push(picked.join(' '));
    }
    out.push({
      title: `${title} (recueil ${out.length + 1})`,
      source: `recueil/${out.length + 1}`,
      paragraphs,
    });
    made += count;
  }
  return out;
}

function renderArticle(article: PoolArticle): string {
  return `${article.title}\n\n${article.paragraphs.join('\n\n')}\n`;
}

async function isCached(size: number): Promise<boolean> {
  if (!existsSync(manifestFile(size)) || !existsSync(questionsFile(size))) return false;
  const manifest = JSON.parse(await readFile(manifestFile(size), 'utf8')) as Manifest;
  return manifest.version === CORPUS_VERSION;
}

/** Writes `bench/.corpora/<size>/` unless a cached copy of the same version is there. */
export async function buildCorpus(size: number, options: { force?: boolean } = {}): Promise<Manifest> {
  if (!options.force && (await isCached(size))) {
    return JSON.parse(await readFile(manifestFile(size), 'utf8')) as Manifest;
  }
  const started = performance.now();
  const pool = await realArticles();
  const dir = corpusDir(size);
  await rm(path.dirname(dir), { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  // The seeds keep their names, so the eval questions' gold files exist in every corpus.
  const seedNames = (await readdir(SEEDS_DIR)).filter((n) => n.endsWith('.txt')).sort();
  for (const name of seedNames) await copyFile(path.join(SEEDS_DIR, name), path.join(dir, name));
  const seeds = await loadCorpus(dir);
  const seedParagraphs = seeds.corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);

  const rng = new Prng(size);
  const chosen: PoolArticle[] = [];
  let real = 0;
  for (const article of rng.shuffle(pool)) {
    const left = size - seedParagraphs - real;
    if (left <= 0) break;
    const paragraphs = article.paragraphs.slice(0, left);
    chosen.push({ ...article, paragraphs });
    real += paragraphs.length;
  }
  const recombined = recombinedArticles(pool, size - seedParagraphs - real, rng);
  const all = [...chosen, ...recombined];
  let index = 0;
  for (const article of all) {
    await writeFile(path.join(dir, fileNameOf(article.source, index++)), renderArticle(article));
  }

  const loaded = await loadCorpus(dir);
  const paragraphs = loaded.corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
  const manifest: Manifest = {
    version: CORPUS_VERSION,
    target: size,
    paragraphs,
    articles: loaded.corpus.articles.length,
    realParagraphs: real,
    recombinedParagraphs: size - seedParagraphs - real,
    seedParagraphs,
    problems: loaded.problems.length,
  };
  const questions = drawQuestions(loaded.corpus, { paragraphs: DRAWN_PARAGRAPHS, seed: size });
  await writeFile(questionsFile(size), `${JSON.stringify(questions, null, 1)}\n`);
  await writeFile(manifestFile(size), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stderr.write(
    `corpus ${size}: ${paragraphs} paragraphs in ${manifest.articles} articles ` +
      `(${real} real, ${manifest.recombinedParagraphs} recombined, ${seedParagraphs} from seeds), ` +
      `${questions.length} drawn questions, ${Math.round(performance.now() - started)} ms\n`,
  );
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = parseSizes(process.argv.slice(2)) ?? [...DEFAULT_SIZES];
  const force = process.argv.includes('--force');
  for (const size of sizes) await buildCorpus(size, { force });
}
