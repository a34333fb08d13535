/**
 * Experiment behind the README's suggested fix for /ask at 100k: the same BM25 as `ParagraphIndex.find`
 * (minisearch's formula and defaults, the same fields and boosts, the same analysed terms), but over
 * compact typed-array postings with a reused score array and a top-k selection instead of minisearch's
 * per-document objects and full sort. It replays the exact term maps `find` receives for the bench
 * questions and compares time and the top 24.
 *
 *   npx tsx bench/experiments/topk-bm25.ts [--size 100000] [--questions 400]
 *
 * Not used by `npm run bench`; nothing of the engine is changed (find is only wrapped to record its input).
 *
 * `ParagraphIndex.find` has since been made to work this way (`src/search/postings.ts`, with minisearch's
 * exact scores and order of ties, which this prototype does not keep), so the script now compares the
 * prototype with the real thing rather than with minisearch's search.
 */
import { readFileSync } from 'node:fs';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { Engine } from '../../src/engine/engine.js';
import { createAnalyzer } from '../../src/search/analysis/analyzer.js';
import { ParagraphIndex } from '../../src/search/paragraph-index.js';
import { optionValue } from '../lib/args.js';
import { corpusDir, questionsFile } from '../lib/paths.js';
import { benchQuestions, type DrawnQuestion } from '../lib/questions.js';
import { latency } from '../lib/stats.js';
import { questionSubset } from '../measure-engine.js';

const K = 1.2;
const B = 0.7;
const D = 0.5;
/** text, heading, title — as in paragraph-index.ts. */
const FIELD_BOOST = [1, 0.4, 0.25];

export class TopKIndex {
  private readonly ids: Int32Array[][] = [[], [], []];
  private readonly tfs: Uint16Array[][] = [[], [], []];
  private readonly lengths: Float32Array[];
  private readonly avg: number[];
  private readonly termIds = new Map<string, number>();
  private readonly scores: Float64Array;
  private readonly matched: Uint8Array;
  private readonly lastTerm: Int32Array;
  readonly size: number;
  /** Bytes of the postings and field lengths (typed arrays), the whole index but the term dictionary. */
  get bytes(): number {
    let bytes = this.lengths.reduce((n, l) => n + l.byteLength, 0);
    for (let f = 0; f < 3; f++) {
      for (const ids of this.ids[f] as Int32Array[]) bytes += ids.byteLength;
      for (const tfs of this.tfs[f] as Uint16Array[]) bytes += tfs.byteLength;
    }
    return bytes;
  }
  get terms(): number {
    return this.termIds.size;
  }

  constructor(corpus: Corpus) {
    const analyzer = createAnalyzer();
    const texts: string[][][] = [];
    for (const article of corpus.articles) {
      const title = analyzer.terms(article.title);
      for (const p of article.paragraphs)
        texts.push([analyzer.terms(p.text), analyzer.terms(p.heading ?? ''), title]);
    }
    this.size = texts.length;
    this.lengths = [0, 1, 2].map(() => new Float32Array(this.size));
    const lists: Array<Array<number[]>> = [[], [], []];
    texts.forEach((fields, doc) => {
      fields.forEach((terms, f) => {
        const counts = new Map<string, number>();
        for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
        // minisearch's field length is the number of distinct terms.
        (this.lengths[f] as Float32Array)[doc] = counts.size;
        for (const [t, tf] of counts) {
          let id = this.termIds.get(t);
          if (id === undefined) {
            id = this.termIds.size;
            this.termIds.set(t, id);
          }
          const field = lists[f] as number[][];
          const list = field[id] ?? [];
          field[id] = list;
          list.push(doc, tf);
        }
      });
    });
    for (let f = 0; f < 3; f++) {
      const field = lists[f] as number[][];
      for (let id = 0; id < this.termIds.size; id++) {
        const list = field[id] ?? [];
        const ids = new Int32Array(list.length / 2);
        const tfs = new Uint16Array(list.length / 2);
        for (let i = 0; i < ids.length; i++) {
          ids[i] = list[2 * i] as number;
          tfs[i] = list[2 * i + 1] as number;
        }
        (this.ids[f] as Int32Array[])[id] = ids;
        (this.tfs[f] as Uint16Array[])[id] = tfs;
      }
    }
    this.avg = this.lengths.map((l) => l.reduce((a, b) => a + b, 0) / this.size);
    this.scores = new Float64Array(this.size);
    this.matched = new Uint8Array(this.size);
    this.lastTerm = new Int32Array(this.size).fill(-1);
  }

  /** Top `limit` paragraph numbers (corpus order) for analysed terms with boosts, as find ranks them. */
  find(terms: ReadonlyMap<string, number>, limit: number): number[] {
    const touched: number[] = [];
    let q = 0;
    for (const [term, boost] of terms) {
      const id = this.termIds.get(term);
      q++;
      if (id === undefined) continue;
      for (let f = 0; f < 3; f++) {
        const ids = (this.ids[f] as Int32Array[])[id] as Int32Array;
        if (ids.length === 0) continue;
        const tfs = (this.tfs[f] as Uint16Array[])[id] as Uint16Array;
        const lengths = this.lengths[f] as Float32Array;
        const avg = this.avg[f] as number;
        const idf = Math.log(1 + (this.size - ids.length + 0.5) / (ids.length + 0.5));
        const weight = boost * (FIELD_BOOST[f] as number) * idf;
        for (let i = 0; i < ids.length; i++) {
          const doc = ids[i] as number;
          const tf = tfs[i] as number;
          const s = weight * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * (lengths[doc] as number)) / avg)));
          if (this.scores[doc] === 0) touched.push(doc);
          this.scores[doc] = (this.scores[doc] as number) + s;
          if (this.lastTerm[doc] !== q) {
            this.lastTerm[doc] = q;
            this.matched[doc] = (this.matched[doc] as number) + 1;
          }
        }
      }
    }
    // minisearch multiplies by the number of query terms matched; keep the best `limit` with a small heap.
    const heap: Array<[number, number]> = [];
    for (const doc of touched) {
      const score = (this.scores[doc] as number) * (this.matched[doc] as number);
      this.scores[doc] = 0;
      this.matched[doc] = 0;
      this.lastTerm[doc] = -1;
      if (heap.length < limit) {
        heap.push([score, doc]);
        if (heap.length === limit) heap.sort((a, b) => a[0] - b[0]);
      } else if (score > (heap[0] as [number, number])[0]) {
        heap[0] = [score, doc];
        // sift down (min-heap kept as a sorted array is enough for 24)
        heap.sort((a, b) => a[0] - b[0]);
      }
    }
    return heap.sort((a, b) => b[0] - a[0]).map(([, doc]) => doc);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const size = Number(optionValue(argv, 'size') ?? 100_000);
  const count = Number(optionValue(argv, 'questions') ?? 400);
  const { corpus } = await loadCorpus(corpusDir(size));
  const drawn = JSON.parse(readFileSync(questionsFile(size), 'utf8')) as DrawnQuestion[];
  const questions = questionSubset(benchQuestions(drawn), count);

  const engine = Engine.build(corpus);
  const recorded: Array<Map<string, number>> = [];
  const original = ParagraphIndex.prototype.find;
  ParagraphIndex.prototype.find = function (terms, limit) {
    recorded.push(new Map(terms));
    return original.call(this, terms, limit);
  };
  for (const q of questions) engine.ask(q.question);
  ParagraphIndex.prototype.find = original;

  const started = performance.now();
  const topk = new TopKIndex(corpus);
  const buildMs = performance.now() - started;
  const order = new Map<string, number>();
  for (const [i, p] of corpus.articles.flatMap((a) => a.paragraphs).entries()) order.set(p.id, i);
  // biome-ignore lint/suspicious/noExplicitAny: reaches the engine's index for this experiment only.
  const index = (engine as any).index as ParagraphIndex;

  const time = (run: (terms: Map<string, number>) => unknown) => {
    for (const terms of recorded.slice(0, 50)) run(terms);
    const samples: number[] = [];
    for (let pass = 0; pass < 2; pass++) {
      for (const terms of recorded) {
        const t = performance.now();
        run(terms);
        samples.push(performance.now() - t);
      }
    }
    return latency(samples);
  };
  const theirs = time((terms) => index.find(terms, 24));
  const ours = time((terms) => topk.find(terms, 24));
  let sameTop = 0;
  let overlap = 0;
  for (const terms of recorded) {
    const candidates = index.find(terms, 24);
    const a = candidates.map((c) => order.get(c.paragraph.id));
    const b = topk.find(terms, 24);
    // Equal scores may come out in another order: a tie for first place counts as the same top.
    const tied = candidates.find((c) => order.get(c.paragraph.id) === b[0])?.bm25 === candidates[0]?.bm25;
    if (a[0] === b[0] || tied) sameTop++;
    overlap += b.filter((doc) => a.includes(doc)).length / Math.max(1, a.length);
  }
  const f = (n: number) => n.toFixed(2);
  process.stdout.write(
    `${recorded.length} term maps from ${questions.length} questions at ${size} paragraphs\n` +
      `ParagraphIndex.find:              p50 ${f(theirs.p50)} ms, p95 ${f(theirs.p95)}, p99 ${f(theirs.p99)}\n` +
      `typed-array top-k BM25:           p50 ${f(ours.p50)} ms, p95 ${f(ours.p95)}, p99 ${f(ours.p99)} ` +
      `(index built in ${Math.round(buildMs)} ms, analysis included; postings and lengths ` +
      `${(topk.bytes / 2 ** 20).toFixed(1)} MiB of typed arrays for ${topk.terms} terms)\n` +
      `same top paragraph (or tied for first) ${sameTop}/${recorded.length}, top-24 overlap ${f((100 * overlap) / recorded.length)} %\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
