import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Corpus } from '../../src/corpus/types.js';
import { Engine, type EngineSnapshot } from '../../src/engine/engine.js';
import { decodeArticles, snapshotPieces } from '../../src/engine/snapshot-parts.js';
import {
  type CacheKey,
  INDEX_CACHE_FORMAT,
  indexCacheFile,
  LEGACY_INDEX_CACHE_FILE,
  readIndexCache,
  refreshSeedsFingerprint,
  removeStaleTemps,
  verifyAgainstSeeds,
  writeIndexCache,
} from '../../src/service/index-cache.js';
import { seedsFingerprint } from '../../src/service/seeds-fingerprint.js';
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
const bytes = () => readFile(file());
/** The saved file's header line as an object, and its payload. */
async function parts(): Promise<{ header: Record<string, unknown>; payload: Buffer }> {
  const data = await bytes();
  const newline = data.indexOf(10);
  return {
    header: JSON.parse(data.subarray(0, newline).toString('utf8')),
    payload: data.subarray(newline + 1),
  };
}
/** Writes a header and payload back (the checksum and length updated only when `reseal`). */
async function writeParts(header: Record<string, unknown>, payload: Uint8Array, reseal = false) {
  if (reseal) {
    header.payloadBytes = payload.byteLength;
    header.payloadSha256 = createHash('sha256').update(payload).digest('hex');
  }
  await writeFile(file(), Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), payload]));
}
/** The saved header, changed by `edit`, written back with the same payload. */
async function editHeader(edit: (header: Record<string, unknown>) => void) {
  const { header, payload } = await parts();
  edit(header);
  await writeParts(header, payload);
}
async function refusal(k: Parameters<typeof readIndexCache>[1] = key): Promise<string> {
  const read = await readIndexCache(dir, k);
  if (read.ok) throw new Error('the cache was accepted');
  return read.reason;
}

describe('writeIndexCache / readIndexCache', () => {
  it('saves an engine and reads it back for the same seeds: the engine answers the same', async () => {
    const written = await writeIndexCache(dir, { corpusHash, snapshot });
    expect(written.file).toBe(file());
    expect(written.bytes).toBeGreaterThan(1000);
    const { header } = await parts();
    expect(header).toMatchObject({
      format: INDEX_CACHE_FORMAT,
      corpusHash,
      analysis: snapshot.analysis,
      articles: corpus.articles.length,
      payloadSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
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
    expect(await readdir(dir)).toEqual(['index.bin']);
    expect(await refusal()).toMatch(/made for other seeds/);
  });

  it('keeps the old file when a save fails', async () => {
    await writeIndexCache(dir, { corpusHash, snapshot });
    const before = await bytes();
    const unserialisable = { ...snapshot, analysis: () => 1 } as unknown as EngineSnapshot;
    await expect(writeIndexCache(dir, { corpusHash, snapshot: unserialisable })).rejects.toThrow();
    expect(await bytes()).toEqual(before);
    expect(await readdir(dir)).toEqual(['index.bin']);
    expect((await readIndexCache(dir, key)).ok).toBe(true);
  });

  it('two saves at once leave one whole, valid file', async () => {
    await Promise.all([
      writeIndexCache(dir, { corpusHash, snapshot }),
      writeIndexCache(dir, { corpusHash, snapshot }),
      writeIndexCache(dir, { corpusHash, snapshot }),
    ]);
    expect(await readdir(dir)).toEqual(['index.bin']);
    expect((await readIndexCache(dir, key)).ok).toBe(true);
  });

  it('creates the cache folder, and removes stale temporary files of a killed save', async () => {
    const nested = join(dir, 'a', 'b');
    await mkdir(nested, { recursive: true });
    const stale = join(nested, 'index.bin.4242.0123456789ab.tmp');
    const fresh = join(nested, 'index.bin.4243.0123456789ac.tmp');
    await writeFile(stale, '{"format":');
    await writeFile(fresh, '{"format":');
    const old = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(stale, old, old);
    const written = await writeIndexCache(nested, { corpusHash, snapshot });
    expect(written.removedTemps).toEqual(['index.bin.4242.0123456789ab.tmp']);
    // A recent one may be another process's save in progress: left alone.
    expect((await readdir(nested)).sort()).toEqual(['index.bin', 'index.bin.4243.0123456789ac.tmp']);
    expect(await removeStaleTemps(join(dir, 'missing'))).toEqual([]);
  });
});

describe('a bad cache file is refused with its reason, never trusted', () => {
  beforeEach(async () => {
    await writeIndexCache(dir, { corpusHash, snapshot });
  });

  it('not an index cache at all', async () => {
    await writeFile(file(), 'this is not an index');
    expect(await refusal()).toMatch(/^not an index cache, truncated or damaged \(no header line\)/);
    await writeFile(file(), '');
    expect(await refusal()).toMatch(/^not an index cache, truncated or damaged/);
    await writeFile(file(), 'not json\nrest');
    expect(await refusal()).toMatch(/^not an index cache, truncated or damaged \(header: /);
  });

  it('a truncated file (a save cut short)', async () => {
    const whole = await bytes();
    for (const cut of [10, Math.floor(whole.length / 2), whole.length - 3]) {
      await writeFile(file(), whole.subarray(0, cut));
      expect(await refusal()).toMatch(/truncated or damaged/);
    }
  });

  it('a header that is not an object', async () => {
    for (const json of ['[]', 'null', '42', '"index"']) {
      await writeFile(file(), `${json}\nrest`);
      expect(await refusal()).toMatch(/not an index cache/);
    }
  });

  it('a foreign file (no format)', async () => {
    await writeFile(file(), `${JSON.stringify({ name: 'package', version: '1.0.0' })}\n`);
    expect(await refusal()).toBe('not an index cache (no format field)');
  });

  it('another format version, and a format-1 file (one JSON object)', async () => {
    await editHeader((header) => {
      header.format = 'xai-corpus-bot/index-cache/0';
    });
    expect(await refusal()).toMatch(/^another format \("xai-corpus-bot\/index-cache\/0"/);
    await writeFile(file(), '{"format":"xai-corpus-bot/index-cache/1","corpusHash":"abc","snapshot":{}}');
    expect(await refusal()).toBe(
      `another format ("xai-corpus-bot/index-cache/1"; this build reads ${INDEX_CACHE_FORMAT})`,
    );
  });

  it('only a format-1 file under its old name: refused (not missing), and removed by the next save', async () => {
    await rm(file());
    await writeFile(join(dir, LEGACY_INDEX_CACHE_FILE), '{"format":"xai-corpus-bot/index-cache/1"}');
    const read = await readIndexCache(dir, key);
    expect(read).toMatchObject({ ok: false, reason: expect.stringMatching(/older build/) });
    expect((read as { missing?: boolean }).missing).toBeUndefined();
    const written = await writeIndexCache(dir, { corpusHash, snapshot });
    expect(written.removedTemps).toEqual([LEGACY_INDEX_CACHE_FILE]);
    expect(await readdir(dir)).toEqual(['index.bin']);
  });

  it('a wrong header', async () => {
    await editHeader((header) => {
      header.corpusHash = 'not a hash';
    });
    expect(await refusal()).toMatch(/^unexpected header \(corpusHash: must be a sha256/);
    for (const field of ['payloadSha256', 'analysis', 'corpusHash', 'seeds', 'paragraphs']) {
      await writeIndexCache(dir, { corpusHash, snapshot });
      await editHeader((header) => {
        delete header[field];
      });
      expect(await refusal()).toMatch(new RegExp(`^unexpected header \\(${field}: `));
    }
  });

  it('a payload of the wrong shape, or that does not decode (with a valid checksum)', async () => {
    const { header } = await parts();
    await writeParts(
      header,
      serialize({
        snapshot: { ...snapshot, corpus: { articles: [] }, index: 'gone' },
        articleChunks: [],
        problems: [],
        ignored: [],
      }),
      true,
    );
    expect(await refusal()).toMatch(/^unexpected shape \(snapshot\.index: /);
    const postings = { ...snapshot.index.postings, offsets: Array.from(snapshot.index.postings.offsets) };
    const plain = { ...snapshot, corpus: { articles: [] }, index: { ...snapshot.index, postings } };
    await writeParts(
      header,
      serialize({ snapshot: plain, articleChunks: [], problems: [], ignored: [] }),
      true,
    );
    expect(await refusal()).toMatch(
      /^unexpected shape \(snapshot\.index\.postings\.offsets: must be a Int32Array/,
    );
    const garbage = Buffer.from([0xff, 0x0f, 0x6f, 0x22, 0x03, 0x61, 0x62]);
    await writeParts(header, garbage, true);
    expect(await refusal()).toMatch(/^cannot be decoded \(|^unexpected shape/);
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

  it('a damaged body of the right length (checksum)', async () => {
    const whole = Buffer.from(await bytes());
    for (const at of [whole.indexOf(10) + 1, Math.floor(whole.length / 2), whole.length - 1]) {
      const damaged = Buffer.from(whole);
      damaged[at] = (damaged[at] as number) ^ 0x20;
      await writeFile(file(), damaged);
      expect(await refusal()).toMatch(/^checksum mismatch/);
    }
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

describe('reading by the seed files fingerprint, then verifying against their content', () => {
  let seeds: string;
  beforeEach(async () => {
    seeds = join(dir, 'seeds');
    await cp(SEEDS_DIR, seeds, { recursive: true });
  });
  const cacheDir = () => join(dir, 'cache');
  const fingerprintKey = async () => ({
    seeds: await seedsFingerprint(seeds, 1 << 20),
    analysis: Engine.snapshotVersion(),
  });

  it('the fingerprint changes with a file touched, rewritten, added or removed, not when only read', async () => {
    const first = await seedsFingerprint(seeds, 1 << 20);
    await loadCorpus(seeds);
    expect(await seedsFingerprint(seeds, 1 << 20)).toBe(first);
    expect(await seedsFingerprint(seeds, 1 << 19)).not.toBe(first);
    const name = join(seeds, '000_378f6c1953f514f5.txt');
    const before = await stat(name);
    await writeFile(name, `${await readFile(name, 'utf8')} `);
    // Even with its modification time set back, the change time gives the rewrite away.
    await utimes(name, before.atime, before.mtime);
    const rewritten = await seedsFingerprint(seeds, 1 << 20);
    expect(rewritten).not.toBe(first);
    await writeFile(join(seeds, 'new.txt'), 'Titre\n\nUn paragraphe assez long pour compter ici.\n');
    const added = await seedsFingerprint(seeds, 1 << 20);
    expect(added).not.toBe(rewritten);
    await rm(join(seeds, 'new.txt'));
    expect(await seedsFingerprint(seeds, 1 << 20)).not.toBe(added);
  });

  it('a matching fingerprint gives the saved articles and loader notes, unverified', async () => {
    await writeFile(join(seeds, 'notes.md'), 'not an article');
    const loaded = await loadCorpus(seeds);
    const k = await fingerprintKey();
    const built = Engine.build(loaded.corpus).toSnapshot();
    await writeIndexCache(cacheDir(), {
      corpusHash: loaded.corpusHash as string,
      snapshot: built,
      seeds: k.seeds,
      problems: loaded.problems,
      ignored: loaded.ignored,
    });
    const read = await readIndexCache(cacheDir(), k);
    if (!read.ok) throw new Error(read.reason);
    // The articles come still encoded, to be decoded where they are stored.
    expect(read.snapshot.corpus.articles).toEqual([]);
    const articles = (read.articleChunks ?? []).flatMap((chunk) => decodeArticles(chunk));
    expect({ articles }).toEqual(loaded.corpus);
    expect(read.ignored).toEqual(['notes.md']);
    expect(read.corpusHash).toBe(loaded.corpusHash);
    const saved = {
      corpusHash: read.corpusHash,
      corpus: { articles },
      problems: read.problems,
      ignored: read.ignored,
    };
    expect(verifyAgainstSeeds(saved, await loadCorpus(seeds))).toBeUndefined();

    // The content changed: the fingerprint no longer matches, and the verification says why.
    await writeFile(
      join(seeds, '001_4626a044e08255b5.txt'),
      'Autre titre\n\nUn tout autre paragraphe, assez long pour compter.\n',
    );
    const refused = await readIndexCache(cacheDir(), await fingerprintKey());
    expect(refused).toMatchObject({
      ok: false,
      reason: 'made for other seed files (names, sizes or times differ)',
    });
    expect(verifyAgainstSeeds(saved, await loadCorpus(seeds))).toMatch(/^the seeds' corpus hash is/);
    expect(verifyAgainstSeeds({ ...saved, ignored: [] }, { ...loaded, ignored: ['notes.md'] })).toBe(
      'the ignored files differ',
    );
  });

  it('a new fingerprint is recorded without touching the body, only over the index it was checked for', async () => {
    const loaded = await loadCorpus(seeds);
    const hash = loaded.corpusHash as string;
    await writeIndexCache(cacheDir(), {
      corpusHash: hash,
      snapshot: Engine.build(loaded.corpus).toSnapshot(),
      seeds: 'old',
    });
    const k = await fingerprintKey();
    expect((await readIndexCache(cacheDir(), k)).ok).toBe(false);
    expect(await refreshSeedsFingerprint(cacheDir(), { corpusHash: 'f'.repeat(64) }, k.seeds)).toBe(false);
    expect((await readIndexCache(cacheDir(), k)).ok).toBe(false);
    expect(await refreshSeedsFingerprint(cacheDir(), { corpusHash: hash }, k.seeds)).toBe(true);
    expect((await readIndexCache(cacheDir(), k)).ok).toBe(true);
    expect(await readdir(cacheDir())).toEqual(['index.bin']);
  });

  it('saved articles that are malformed are refused when decoded, even when the fingerprint matches', async () => {
    const loaded = await loadCorpus(seeds);
    const k = await fingerprintKey();
    const articles = loaded.corpus.articles.map((a, i) =>
      i === 2 ? { ...a, paragraphs: a.paragraphs.map((p) => ({ ...p, number: 'one' })) } : a,
    ) as unknown as Corpus['articles'];
    const built = Engine.build(loaded.corpus).toSnapshot();
    await writeIndexCache(cacheDir(), {
      corpusHash: loaded.corpusHash as string,
      snapshot: { ...built, corpus: { articles } },
      seeds: k.seeds,
    });
    const read = await readIndexCache(cacheDir(), k);
    if (!read.ok) throw new Error(read.reason);
    expect(() => (read.articleChunks ?? []).flatMap((chunk) => decodeArticles(chunk))).toThrow(
      /a paragraph of .* is malformed/,
    );
    await expect(
      Engine.fromSnapshotParts(read.snapshot, snapshotPieces(read.snapshot, undefined, read.articleChunks)),
    ).rejects.toThrow(/malformed/);
    // By content, the same file is refused at once.
    const byContent = await readIndexCache(cacheDir(), {
      corpusHash: loaded.corpusHash as string,
      analysis: Engine.snapshotVersion(),
      corpus: loaded.corpus,
    });
    expect(byContent).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^its articles cannot be decoded \(articles: a paragraph/),
    });
  });
});
