/**
 * The saved index: a built engine's snapshot as one JSON file in a cache folder, reused on the next start
 * when it was made from the same seeds (corpus hash) with the same analysis. Transport-neutral (no
 * discord.js, no worker): the build worker calls it, tests call it on temp folders.
 *
 * A cache file is never trusted: whatever is wrong with it (missing, unreadable, not JSON, truncated,
 * another shape, another format, analysis or corpus, a damaged body, an index that does not fit its
 * articles) `readIndexCache` says why and the caller rebuilds over it. Writing is atomic: a temporary file
 * in the same folder, flushed, then renamed over the old one, so a reader (or a restart after a crash)
 * sees the old file or the new one, never a part of one.
 *
 * File layout (one JSON object; `snapshot` is last so that its text can be checked as written):
 *
 *   {"format":"xai-corpus-bot/index-cache/1","corpusHash":"<sha256 hex>","analysis":"<Engine snapshot
 *    version>","createdAt":"<ISO date>","articles":N,"paragraphs":N,"snapshotSha256":"<sha256 hex of the
 *    snapshot's JSON text>","snapshot":<EngineSnapshot>}
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Article, Corpus, Paragraph } from '../corpus/types.js';
import type { EngineSnapshot } from '../engine/engine.js';

/** Bumped when the file's layout changes; a file of another format is rebuilt over. */
export const INDEX_CACHE_FORMAT = 'xai-corpus-bot/index-cache/1';
/** The cache file's name inside the cache folder. */
export const INDEX_CACHE_FILE = 'index.json';
/** A larger file is not even read (a 100,000-paragraph index is about 130 MB). */
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;
/** Temporary files older than this are leftovers of a process killed while saving. */
const STALE_TEMP_MS = 10 * 60 * 1000;

const SNAPSHOT_KEY = '"snapshot":';

/** What a cache file must have been made from to be used. */
export interface CacheKey {
  /** `LoadResult.corpusHash` of the seeds just loaded. */
  corpusHash: string;
  /** `Engine.snapshotVersion()` of this build. */
  analysis: string;
  /** The articles just loaded: the saved ones must be the same. */
  corpus: Corpus;
}

export type CacheRead =
  | { ok: true; file: string; bytes: number; createdAt: string; snapshot: EngineSnapshot }
  | {
      ok: false;
      file: string;
      /** Why the file cannot be used, for the logs. */
      reason: string;
      /** No file at all (the first start): not a problem worth a warning. */
      missing?: boolean;
    };

export function indexCacheFile(dir: string): string {
  return path.join(dir, INDEX_CACHE_FILE);
}

const isArray = z.custom<unknown[]>((v) => Array.isArray(v), { error: 'must be an array' });
const isRecord = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  { error: 'must be an object' },
);
const count = z.number().int().nonnegative();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a sha256 in hex' });

/**
 * The top-level shape. Big parts (the articles, the postings) are only checked to be arrays or objects
 * here — copying them through zod would double the memory — and checked in detail below.
 */
const cacheFileSchema = z.object({
  format: z.literal(INDEX_CACHE_FORMAT),
  corpusHash: sha256Hex,
  analysis: z.string().min(1),
  createdAt: z.string(),
  articles: count,
  paragraphs: count,
  snapshotSha256: sha256Hex,
  snapshot: z.object({
    analysis: z.string(),
    corpus: z.object({ articles: isArray }),
    index: z.object({
      search: z.looseObject({
        documentCount: count,
        nextId: count,
        documentIds: isRecord,
        fieldIds: z.record(z.string(), count),
        fieldLength: isRecord,
        averageFieldLength: z.array(z.number()),
        storedFields: isRecord,
        dirtCount: count.optional(),
        index: isArray,
        serializationVersion: z.literal(2),
      }),
      documentFrequency: isArray,
      spellings: isArray,
    }),
  }),
});

type CacheFile = z.infer<typeof cacheFileSchema>;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function errorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code) return code;
  return err instanceof Error ? err.message : String(err);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Reads and checks the cache file of `dir` against what was just loaded. Never throws: any problem comes
 * back as `{ ok: false, reason }`. On success the snapshot's corpus is `key.corpus` itself (the saved
 * articles were checked to be the same).
 */
export async function readIndexCache(dir: string, key: CacheKey): Promise<CacheRead> {
  const file = indexCacheFile(dir);
  const refuse = (reason: string): CacheRead => ({ ok: false, file, reason });
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) return refuse('not a regular file');
    if (info.size > MAX_CACHE_BYTES) {
      return refuse(`too large (${info.size} bytes, at most ${MAX_CACHE_BYTES} are read)`);
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ok: false, file, reason: 'no saved index yet', missing: true };
    }
    return refuse(`cannot be read (${errorText(err)})`);
  }
  const checked = checkIndexCache(text, key);
  return checked.ok
    ? {
        ok: true,
        file,
        bytes: Buffer.byteLength(text),
        createdAt: checked.createdAt,
        snapshot: checked.snapshot,
      }
    : refuse(checked.reason);
}

/** The checks of {@link readIndexCache} on a file's text (pure; exported for tests). */
export function checkIndexCache(
  text: string,
  key: CacheKey,
): { ok: true; createdAt: string; snapshot: EngineSnapshot } | { ok: false; reason: string } {
  const refuse = (reason: string) => ({ ok: false as const, reason });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return refuse(`not valid JSON, truncated or damaged (${errorText(err)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return refuse('not an index cache (the JSON is not an object)');
  }
  const format = (json as { format?: unknown }).format;
  if (format !== INDEX_CACHE_FORMAT) {
    return refuse(
      format === undefined
        ? 'not an index cache (no format field)'
        : `another format (${JSON.stringify(format).slice(0, 60)}; this build reads ${INDEX_CACHE_FORMAT})`,
    );
  }
  const parsed = cacheFileSchema.safeParse(json);
  if (!parsed.success) return refuse(`unexpected shape (${describeIssues(parsed.error)})`);
  const cache = parsed.data;

  if (cache.analysis !== key.analysis || cache.snapshot.analysis !== cache.analysis) {
    return refuse(`made with analysis ${cache.snapshot.analysis}, this build uses ${key.analysis}`);
  }
  if (cache.corpusHash !== key.corpusHash) {
    return refuse(
      `made for other seeds (corpus hash ${cache.corpusHash.slice(0, 12)}…, the seeds' is ${key.corpusHash.slice(0, 12)}…)`,
    );
  }
  const at = text.indexOf(SNAPSHOT_KEY);
  const end = text.trimEnd().lastIndexOf('}');
  if (at < 0 || end <= at || sha256(text.slice(at + SNAPSHOT_KEY.length, end)) !== cache.snapshotSha256) {
    return refuse('checksum mismatch (the file was changed or damaged after it was written)');
  }
  const corpusProblem = compareCorpus(cache.snapshot.corpus.articles, key.corpus.articles);
  if (corpusProblem) return refuse(`its articles differ from the seeds (${corpusProblem})`);
  const indexProblem = checkIndexFitsCorpus(cache, key.corpus);
  if (indexProblem) return refuse(`its index does not match its articles (${indexProblem})`);
  const snapshot = { ...cache.snapshot, corpus: key.corpus } as unknown as EngineSnapshot;
  return { ok: true, createdAt: cache.createdAt, snapshot };
}

function sameParagraph(saved: unknown, loaded: Paragraph): boolean {
  if (typeof saved !== 'object' || saved === null) return false;
  const p = saved as Partial<Paragraph>;
  return (
    p.id === loaded.id &&
    p.file === loaded.file &&
    p.number === loaded.number &&
    p.line === loaded.line &&
    p.text === loaded.text &&
    p.heading === loaded.heading
  );
}

/** Where the saved articles differ from the loaded ones, or undefined when they are the same. */
function compareCorpus(saved: unknown[], loaded: readonly Article[]): string | undefined {
  if (saved.length !== loaded.length) return `${saved.length} articles saved, ${loaded.length} loaded`;
  for (let i = 0; i < loaded.length; i++) {
    const want = loaded[i] as Article;
    const got = saved[i] as Partial<Article> | null;
    if (typeof got !== 'object' || got === null || got.file !== want.file) return `article ${i + 1}`;
    if (got.title !== want.title) return `the title of ${want.file}`;
    const paragraphs = got.paragraphs;
    if (!Array.isArray(paragraphs) || paragraphs.length !== want.paragraphs.length) {
      return `the paragraphs of ${want.file}`;
    }
    for (let j = 0; j < paragraphs.length; j++) {
      if (!sameParagraph(paragraphs[j], want.paragraphs[j] as Paragraph)) {
        return `paragraph ${j + 1} of ${want.file}`;
      }
    }
  }
  return undefined;
}

/** Structural checks of the saved index against its articles (the checksum covers the rest). */
function checkIndexFitsCorpus(cache: CacheFile, corpus: Corpus): string | undefined {
  const paragraphs = corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
  const { search, documentFrequency, spellings } = cache.snapshot.index;
  if (cache.articles !== corpus.articles.length || cache.paragraphs !== paragraphs) {
    return `the header counts ${cache.articles} articles and ${cache.paragraphs} paragraphs`;
  }
  if (search.documentCount !== paragraphs) {
    return `${search.documentCount} paragraphs indexed, ${paragraphs} in the articles`;
  }
  if (search.nextId !== paragraphs || (search.dirtCount ?? 0) !== 0)
    return 'documents were removed or replaced';
  const ids = search.documentIds;
  if (Object.keys(ids).length !== paragraphs) return 'the document ids do not cover the paragraphs';
  for (let i = 0; i < paragraphs; i++) {
    if (ids[i] !== i) return `document ${i} is not paragraph ${i}`;
  }
  if (Object.keys(search.fieldLength).length !== paragraphs)
    return 'field lengths do not cover the paragraphs';
  const fieldCount = Object.keys(search.fieldIds).length;
  if (search.averageFieldLength.length !== fieldCount) return 'field averages do not match the fields';
  for (const entry of search.index) {
    if (
      !Array.isArray(entry) ||
      typeof entry[0] !== 'string' ||
      typeof entry[1] !== 'object' ||
      entry[1] === null
    ) {
      return 'a posting list is malformed';
    }
  }
  for (const entry of documentFrequency) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Number.isInteger(entry[1])) {
      return 'a document frequency is malformed';
    }
    if ((entry[1] as number) < 1 || (entry[1] as number) > paragraphs)
      return `the frequency of "${entry[0]}"`;
  }
  for (const entry of spellings) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
      return 'a spelling is malformed';
    }
  }
  return undefined;
}

export interface CacheWrite {
  file: string;
  bytes: number;
  /** Leftover temporary files of killed processes, removed before writing. */
  removedTemps: string[];
}

/**
 * Saves `snapshot` (built from seeds of hash `corpusHash`) as the cache file of `dir`, atomically: the
 * text goes to a temporary file of the same folder, is flushed to disk, and is renamed over the old file.
 * Creates `dir` if needed. Throws on failure (the old file, if any, is left as it was).
 */
export async function writeIndexCache(
  dir: string,
  entry: { corpusHash: string; snapshot: EngineSnapshot },
  now: () => Date = () => new Date(),
): Promise<CacheWrite> {
  await mkdir(dir, { recursive: true });
  const removedTemps = await removeStaleTemps(dir, now().getTime());
  const snapshotJson = JSON.stringify(entry.snapshot);
  const header = {
    format: INDEX_CACHE_FORMAT,
    corpusHash: entry.corpusHash,
    analysis: entry.snapshot.analysis,
    createdAt: now().toISOString(),
    articles: entry.snapshot.corpus.articles.length,
    paragraphs: entry.snapshot.corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0),
    snapshotSha256: sha256(snapshotJson),
  };
  const text = `${JSON.stringify(header).slice(0, -1)},${SNAPSHOT_KEY}${snapshotJson}}\n`;
  const file = indexCacheFile(dir);
  const temp = path.join(dir, `${INDEX_CACHE_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => {});
    throw err;
  }
  await syncFolder(dir);
  return { file, bytes: Buffer.byteLength(text), removedTemps };
}

/** Makes the rename itself durable (best effort: not every system can open a folder). */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the rename is a bonus; atomicity does not depend on it.
  }
}

const TEMP_RE = new RegExp(`^${INDEX_CACHE_FILE.replace('.', '\\.')}\\.\\d+\\.[0-9a-f]+\\.tmp$`);

/** Deletes temporary files left by a process killed while saving (old enough not to be another's save in progress). */
export async function removeStaleTemps(dir: string, nowMs = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!TEMP_RE.test(name)) continue;
    try {
      const info = await stat(path.join(dir, name));
      if (nowMs - info.mtimeMs < STALE_TEMP_MS) continue;
      await rm(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Gone meanwhile: fine.
    }
  }
  return removed;
}
