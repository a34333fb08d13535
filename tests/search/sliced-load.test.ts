import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { Engine, type EngineSnapshot } from '../../src/engine/engine.js';
import { snapshotHeader, snapshotPieces } from '../../src/engine/snapshot-parts.js';
import { forEachSliced, TimeSlicer } from '../../src/search/time-slice.js';
import { SEEDS_DIR } from '../support/big-corpus.js';

describe('Engine.fromSnapshot', () => {
  it('an engine restored from a snapshot answers as the one built', async () => {
    const { corpus } = await loadCorpus(SEEDS_DIR);
    const built = Engine.build(corpus);
    const restored = await Engine.fromSnapshot(structuredClone(built.toSnapshot()));
    for (const q of ['Combien de GPU H100 équipent Colossus ?', 'financment de xai', 'Qui dirige Tesla ?']) {
      expect(restored.ask(q)).toEqual(built.ask(q));
    }
    expect(restored.findArticles('xai')).toEqual(built.findArticles('xai'));
  });
});

describe('Engine.fromSnapshotParts', () => {
  it('rebuilds the same engine from a snapshot cut in many small pieces', async () => {
    const { corpus } = await loadCorpus(SEEDS_DIR);
    const built = Engine.build(corpus);
    const snapshot = structuredClone(built.toSnapshot());
    const pieces = [...snapshotPieces(structuredClone(snapshot), { paragraphs: 7, entries: 13 })];
    expect(pieces.length).toBeGreaterThan(50);
    expect(new Set(pieces.map((p) => p.part))).toEqual(
      new Set(['articles', 'postings', 'documentFrequency', 'spellings']),
    );
    async function* arriving() {
      for (const piece of pieces) {
        await new Promise((r) => setImmediate(r));
        yield piece;
      }
    }
    const restored = await Engine.fromSnapshotParts(snapshotHeader(snapshot), arriving());
    expect(restored.corpus).toEqual(corpus);
    // The same postings and frequencies (a radix tree may list spellings in another order once rebuilt).
    const sorted = <T extends [string, unknown]>(entries: T[]) =>
      [...entries].sort(([a], [b]) => (a < b ? -1 : 1));
    const byTerm = (s: EngineSnapshot) => ({
      ...s,
      index: { ...s.index, spellings: sorted(s.index.spellings) },
    });
    expect(byTerm(restored.toSnapshot())).toEqual(byTerm(snapshot));
    for (const q of ['Combien de GPU H100 équipent Colossus ?', 'financment de xai', 'Qui dirige Tesla ?']) {
      expect(restored.ask(q)).toEqual(built.ask(q));
    }
  });

  it('refuses a header made with another analysis, and pieces that do not fit the articles', async () => {
    const { corpus } = await loadCorpus(SEEDS_DIR);
    const snapshot = Engine.build(corpus).toSnapshot();
    const header = snapshotHeader(snapshot);
    await expect(
      Engine.fromSnapshotParts({ ...header, analysis: 'fr-0:light:stop/index-1' }, []),
    ).rejects.toThrow(/analysis/);
    const withoutLastArticle = [
      ...snapshotPieces({ ...snapshot, corpus: { articles: corpus.articles.slice(1) } }),
    ];
    await expect(Engine.fromSnapshotParts(header, withoutLastArticle)).rejects.toThrow(/paragraphs/);
  });
});

describe('TimeSlicer', () => {
  it('lets timers run during a long loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 0);
    // Busy work for each item, so that the loop lasts several slices of 1 ms.
    const spin = () => {
      const end = performance.now() + 0.05;
      while (performance.now() < end) {
        // busy
      }
    };
    await forEachSliced(
      Array.from({ length: 2_000 }, (_, i) => i),
      spin,
      new TimeSlicer(1),
    );
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(2);
  });
});
