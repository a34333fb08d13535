import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { Engine, type EngineSnapshot } from '../../src/engine/engine.js';
import {
  type CacheKey,
  INDEX_CACHE_FORMAT,
  indexCacheFile,
  readIndexCache,
  removeStaleTemps,
  writeIndexCache,
} from '../../src/service/index-cache.js';
import { SEEDS_DIR } from '../support/big-corpus.js';

let dir: string;
let corpus: Corpus;
let corpusHash: string;
let snapshot: EngineSnapshot;
let key: CacheKey;

beforeAll(async () => {
  const loaded = await loadCorpus(SEEDS_DIR);
  corpus = loaded.corpus;
  corpusHash = loaded.corpusHash as string;
  snapshot = Engine.build(corpus).toSnapshot();
  key = { corpusHash, analysis: Engine.snapshotVersion(), corpus };
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'index-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = () => indexCacheFile(dir);
const text = () => readFile(file(), 'utf8');
/** The saved file as an object, changed by `edit`, written back as JSON (its checksum is not updated). */
async function editJson(edit: (json: Record<string, unknown>) => void) {
  const json = JSON.parse(await text()) as Record<string, unknown>;
  edit(json);
  await writeFile(file(), JSON.stringify(json));
}
async function refusal(k: CacheKey = key): Promise<string> {
  const read = await readIndexCache(dir, k);
  if (read.ok) throw new Error('the cache was accepted');
  return read.reason;
}

describe('writeIndexCache / readIndexCache', () => {
  it('saves an engine and reads it back for the same seeds: the engine answers the same', async () => {
    const written = await writeIndexCache(dir, { corpusHash, snapshot });
    expect(written.file).toBe(file());
    expect(written.bytes).toBeGreaterThan(1000);
    const header = JSON.parse(await text());
    expect(header).toMatchObject({
      format: INDEX_CACHE_FORMAT,
      corpusHash,
      analysis: snapshot.analysis,
      articles: corpus.articles.length,
      snapshotSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const read = await readIndexCache(dir, key);
    if (!read.ok) throw new Error(read.reason);
    expect(read.snapshot.corpus).toBe(corpus);
    const restored = await Engine.fromSnapshot(read.snapshot);
    const question = 'Combien de GPU H100 équipent Colossus ?';
    expect(restored.ask(question)).toEqual(Engine.build(corpus).ask(question));
  });

  it('says when there is no saved index yet, without calling it a problem', async () => {
    const read = await readIndexCache(dir, key);
    expect(read).toMatchObject({ ok: false, missing: true, reason: 'no saved index yet' });
    const nowhere = await readIndexCache(join(dir, 'not-created'), key);
    expect(nowhere).toMatchObject({ ok: false, missing: true });
  });

  it('leaves no temporary file behind, and replaces the old file whole', async () => {
    await writeIndexCache(dir, { corpusHash, snapshot });
    const other = Engine.build({ articles: corpus.articles.slice(0, 2) }).toSnapshot();
    await writeIndexCache(dir, { corpusHash: 'a'.repeat(64), snapshot: other });
    expect(await readdir(dir)).toEqual(['index.json']);
    expect(await refusal()).toMatch(/made for other seeds/);
  });

  it('keeps the old file when a save fails', async () => {
    await writeIndexCache(dir, { corpusHash, snapshot });
    const before = await text();
    const unserialisable = { ...snapshot, analysis: 1n } as unknown as EngineSnapshot;
    await expect(writeIndexCache(dir, { corpusHash, snapshot: unserialisable })).rejects.toThrow();
    expect(await text()).toBe(before);
    expect(await readdir(dir)).toEqual(['index.json']);
    expect((await readIndexCache(dir, key)).ok).toBe(true);
  });

  it('two saves at once leave one whole, valid file', async () => {
    await Promise.all([
      writeIndexCache(dir, { corpusHash, snapshot }),
      writeIndexCache(dir, { corpusHash, snapshot }),
      writeIndexCache(dir, { corpusHash, snapshot }),
    ]);
    expect(await readdir(dir)).toEqual(['index.json']);
    expect((await readIndexCache(dir, key)).ok).toBe(true);
  });

  it('creates the cache folder, and removes stale temporary files of a killed save', async () => {
    const nested = join(dir, 'a', 'b');
    await mkdir(nested, { recursive: true });
    const stale = join(nested, 'index.json.4242.0123456789ab.tmp');
    const fresh = join(nested, 'index.json.4243.0123456789ac.tmp');
    await writeFile(stale, '{"format":');
    await writeFile(fresh, '{"format":');
    const old = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(stale, old, old);
    const written = await writeIndexCache(nested, { corpusHash, snapshot });
    expect(written.removedTemps).toEqual(['index.json.4242.0123456789ab.tmp']);
    // A recent one may be another process's save in progress: left alone.
    expect((await readdir(nested)).sort()).toEqual(['index.json', 'index.json.4243.0123456789ac.tmp']);
    expect(await removeStaleTemps(join(dir, 'missing'))).toEqual([]);
  });
});

describe('a bad cache file is refused with its reason, never trusted', () => {
  beforeEach(async () => {
    await writeIndexCache(dir, { corpusHash, snapshot });
  });

  it('not JSON', async () => {
    await writeFile(file(), 'this is not JSON');
    expect(await refusal()).toMatch(/^not valid JSON/);
  });

  it('an empty file', async () => {
    await writeFile(file(), '');
    expect(await refusal()).toMatch(/^not valid JSON/);
  });

  it('a truncated file (a save cut short)', async () => {
    const whole = await text();
    for (const cut of [10, Math.floor(whole.length / 2), whole.length - 3]) {
      await writeFile(file(), whole.slice(0, cut));
      expect(await refusal()).toMatch(/^not valid JSON, truncated or damaged/);
    }
  });

  it('JSON that is not an object', async () => {
    for (const json of ['[]', 'null', '42', '"index"']) {
      await writeFile(file(), json);
      expect(await refusal()).toMatch(/not an index cache|not valid/);
    }
  });

  it('a foreign JSON file (no format)', async () => {
    await writeFile(file(), JSON.stringify({ name: 'package', version: '1.0.0' }));
    expect(await refusal()).toBe('not an index cache (no format field)');
  });

  it('another format version', async () => {
    await editJson((json) => {
      json.format = 'xai-corpus-bot/index-cache/0';
    });
    expect(await refusal()).toMatch(/^another format \("xai-corpus-bot\/index-cache\/0"/);
  });

  it('the wrong shape', async () => {
    await editJson((json) => {
      (json.snapshot as Record<string, unknown>).index = 'gone';
    });
    expect(await refusal()).toMatch(/^unexpected shape \(snapshot\.index: /);
    await editJson((json) => {
      json.corpusHash = 'not a hash';
    });
    expect(await refusal()).toMatch(/^unexpected shape \(corpusHash: must be a sha256/);
  });

  it('missing fields', async () => {
    for (const field of ['snapshotSha256', 'analysis', 'corpusHash', 'snapshot', 'paragraphs']) {
      await writeIndexCache(dir, { corpusHash, snapshot });
      await editJson((json) => {
        delete json[field];
      });
      expect(await refusal()).toMatch(new RegExp(`^unexpected shape \\(${field}: `));
    }
    await writeIndexCache(dir, { corpusHash, snapshot });
    await editJson((json) => {
      const search = (json.snapshot as { index: { search: Record<string, unknown> } }).index.search;
      delete search.documentIds;
    });
    expect(await refusal()).toMatch(/^unexpected shape \(snapshot\.index\.search\.documentIds: /);
  });

  it('another analysis version', async () => {
    const other = { ...snapshot, analysis: 'fr-0:light:stop/index-1' };
    await writeIndexCache(dir, { corpusHash, snapshot: other });
    expect(await refusal()).toBe(
      `made with analysis fr-0:light:stop/index-1, this build uses ${key.analysis}`,
    );
  });

  it('another corpus hash (the seeds changed since it was saved)', async () => {
    expect(await refusal({ ...key, corpusHash: 'b'.repeat(64) })).toMatch(
      /^made for other seeds \(corpus hash [0-9a-f]{12}…, the seeds' is bbbbbbbbbbbb…\)$/,
    );
  });

  it('a damaged body that is still valid JSON (checksum)', async () => {
    const whole = await text();
    const term = snapshot.index.documentFrequency[0]?.[0] as string;
    const damaged = whole.replace(`"${term}"`, `"${term}x"`);
    expect(damaged).not.toBe(whole);
    await writeFile(file(), damaged);
    expect(await refusal()).toMatch(/^checksum mismatch/);
  });

  it('saved articles that differ from the seeds, with the same hash', async () => {
    const articles = corpus.articles.map((a, i) =>
      i === 1
        ? { ...a, paragraphs: a.paragraphs.map((p, j) => (j === 0 ? { ...p, text: `${p.text} !` } : p)) }
        : a,
    );
    await writeIndexCache(dir, { corpusHash, snapshot: { ...snapshot, corpus: { articles } } });
    expect(await refusal()).toBe(
      `its articles differ from the seeds (paragraph 1 of ${corpus.articles[1]?.file})`,
    );
  });

  it('a snapshot whose index does not match its articles', async () => {
    const smaller = Engine.build({ articles: corpus.articles.slice(0, 3) }).toSnapshot();
    await writeIndexCache(dir, { corpusHash, snapshot: { ...smaller, corpus } });
    expect(await refusal()).toMatch(
      /^its index does not match its articles \(\d+ paragraphs indexed, \d+ in the articles\)$/,
    );
  });

  it('something that is not a file', async () => {
    await rm(file());
    await mkdir(file());
    expect(await refusal()).toBe('not a regular file');
  });
});
