/**
 * The saved index: a built engine's snapshot in one binary file in a cache folder, reused on the next start
 * when it was made from the same seeds with the same analysis. Transport-neutral (no discord.js, no
 * worker): the build worker calls it, tests call it on temp folders.
 *
 * Two ways to match the seeds:
 * - by content (`CacheKey`: the corpus hash of the seeds just loaded, and the articles themselves);
 * - by a fingerprint of the seed files (`FingerprintKey`: their names, sizes, modification and change
 *   times, inode numbers — one `stat` each, see `seeds-fingerprint.ts`), which lets a start use the saved
 *   index without reading the seeds. Such a read is a promise, not a proof: the caller must then load
 *   the seeds and check them with {@link verifyAgainstSeeds} (the build worker does, after handing the
 *   index over), and rebuild when they differ.
 *
 * A cache file is never trusted: whatever is wrong with it (missing, unreadable, truncated, another
 * format, analysis or seeds, a damaged body, an index that does not fit its articles) `readIndexCache`
 * says why and the caller rebuilds over it. Writing is atomic: a temporary file in the same folder,
 * flushed, then renamed over the old one, so a reader (or a restart after a crash) sees the old file or the
 * new one, never a part of one.
 *
 * File layout: one line of JSON (the header), then the payload, `v8.serialize` of
 * `{ snapshot, problems, ignored }` (the postings are typed arrays, stored as raw bytes):
 *
 *   {"format":"xai-corpus-bot/index-cache/2","corpusHash":"<sha256 hex>","seeds":"<fingerprint>",
 *    "analysis":"<Engine snapshot version>","createdAt":"<ISO date>","articles":N,"paragraphs":N,
 *    "payloadBytes":N,"payloadSha256":"<sha256 hex of the payload>"}\n<payload>
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { z } from 'zod';
import type { Article, Corpus, LoadProblem, LoadResult, Paragraph } from '../corpus/types.js';
import type { EngineSnapshot } from '../engine/engine.js';
import { DEFAULT_PIECE_SIZES, decodeArticles } from '../engine/snapshot-parts.js';

/** Bumped when the file's layout changes; a file of another format is rebuilt over. */
export const INDEX_CACHE_FORMAT = 'xai-corpus-bot/index-cache/2';
/** The cache file's name inside the cache folder. */
export const INDEX_CACHE_FILE = 'index.bin';
/** Where format 1 (one JSON file) was saved: reported when found instead, removed by the next save. */
export const LEGACY_INDEX_CACHE_FILE = 'index.json';
/** A larger file is not even read (a 100,000-paragraph index is about 50 MB). */
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;
/** The header line is at most this long. */
const MAX_HEADER_BYTES = 64 * 1024;
/** Temporary files older than this are leftovers of a process killed while saving. */
const STALE_TEMP_MS = 10 * 60 * 1000;

/** What a cache file must have been made from to be used: the seeds as just loaded. */
export interface CacheKey {
  /** `LoadResult.corpusHash` of the seeds just loaded. */
  corpusHash: string;
  /** `Engine.snapshotVersion()` of this build. */
  analysis: string;
  /** The articles just loaded: the saved ones must be the same. */
  corpus: Corpus;
}

/** The seeds as seen by `stat` only (see the file's comment): the read must be verified afterwards. */
export interface FingerprintKey {
  /** `seedsFingerprint` of the seeds folder. */
  seeds: string;
  analysis: string;
}

export type CacheRead =
  | {
      ok: true;
      file: string;
      bytes: number;
      createdAt: string;
      /** The corpus hash of the seeds it was made from. */
      corpusHash: string;
      /**
       * With a `CacheKey`, its corpus is the key's; with a `FingerprintKey` its articles are left empty and
       * come as `articleChunks`, still encoded (the main thread decodes them: see `decodeArticles`).
       */
      snapshot: EngineSnapshot;
      articleChunks?: Uint8Array[];
      /** What the loader refused and ignored when the index was made (with a `FingerprintKey`). */
      problems: LoadProblem[];
      ignored: string[];
    }
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

const count = z.number().int().nonnegative();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a sha256 in hex' });

const headerSchema = z.object({
  format: z.literal(INDEX_CACHE_FORMAT),
  corpusHash: sha256Hex,
  seeds: z.string(),
  analysis: z.string().min(1),
  createdAt: z.string(),
  articles: count,
  paragraphs: count,
  payloadBytes: count,
  payloadSha256: sha256Hex,
});

type CacheHeader = z.infer<typeof headerSchema>;

const isArray = z.custom<unknown[]>((v) => Array.isArray(v), { error: 'must be an array' });
const typed = <T>(ctor: abstract new (...args: never[]) => T, name: string) =>
  z.custom<T>((v) => v instanceof ctor, { error: `must be a ${name}` });

/** The payload's shape; big arrays are only checked to be arrays here and in detail below. */
const payloadSchema = z.object({
  problems: z.array(z.object({ file: z.string(), reason: z.string() })),
  ignored: z.array(z.string()),
  /** The articles, `v8.serialize`d a thousand paragraphs or so at a time (see `decodeArticles`). */
  articleChunks: z.array(typed(Uint8Array, 'Uint8Array')),
  snapshot: z.object({
    analysis: z.string(),
    corpus: z.object({ articles: z.array(z.never()) }),
    index: z.object({
      postings: z.object({
        documentCount: count,
        terms: isArray,
        offsets: typed(Int32Array, 'Int32Array'),
        documents: typed(Int32Array, 'Int32Array'),
        frequencies: z.union([typed(Uint16Array, 'Uint16Array'), typed(Uint32Array, 'Uint32Array')]),
        norms: z.array(typed(Float64Array, 'Float64Array')),
        fieldBoosts: z.array(z.number()),
      }),
      documentFrequency: isArray,
      spellings: isArray,
    }),
  }),
});

type Payload = z.infer<typeof payloadSchema>;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

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
 * Reads and checks the cache file of `dir` against the seeds (`key`). Never throws: any problem comes
 * back as `{ ok: false, reason }`. With a `CacheKey`, the snapshot's corpus is `key.corpus` itself (the
 * saved articles were checked to be the same).
 */
export async function readIndexCache(dir: string, key: CacheKey | FingerprintKey): Promise<CacheRead> {
  const file = indexCacheFile(dir);
  const refuse = (reason: string): CacheRead => ({ ok: false, file, reason });
  let data: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) return refuse('not a regular file');
    if (info.size > MAX_CACHE_BYTES) {
      return refuse(`too large (${info.size} bytes, at most ${MAX_CACHE_BYTES} are read)`);
    }
    data = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      const legacy = await stat(path.join(dir, LEGACY_INDEX_CACHE_FILE)).catch(() => undefined);
      if (legacy?.isFile()) {
        return refuse(`only an index saved by an older build (${LEGACY_INDEX_CACHE_FILE}, another format)`);
      }
      return { ok: false, file, reason: 'no saved index yet', missing: true };
    }
    return refuse(`cannot be read (${errorText(err)})`);
  }
  const checked = checkIndexCache(data, key);
  return checked.ok ? { ...checked, file, bytes: data.byteLength } : refuse(checked.reason);
}

/** A read before the file's name and size are known. */
type Checked = Omit<Extract<CacheRead, { ok: true }>, 'file' | 'bytes'> | { ok: false; reason: string };

/** The checks of {@link readIndexCache} on a file's bytes (pure; exported for tests). */
export function checkIndexCache(data: Uint8Array, key: CacheKey | FingerprintKey): Checked {
  const refuse = (reason: string) => ({ ok: false as const, reason });
  const newline = data.subarray(0, MAX_HEADER_BYTES).indexOf(10);
  const start = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 200)).toString('latin1');
  if (newline < 0) {
    const format = /^\s*\{\s*"format"\s*:\s*("[^"]{0,60}")/.exec(start)?.[1];
    return refuse(
      format !== undefined
        ? `another format (${format}; this build reads ${INDEX_CACHE_FORMAT})`
        : 'not an index cache, truncated or damaged (no header line)',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data.buffer, data.byteOffset, newline).toString('utf8'));
  } catch (err) {
    return refuse(`not an index cache, truncated or damaged (header: ${errorText(err)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return refuse('not an index cache (the header is not an object)');
  }
  const format = (json as { format?: unknown }).format;
  if (format !== INDEX_CACHE_FORMAT) {
    return refuse(
      format === undefined
        ? 'not an index cache (no format field)'
        : `another format (${JSON.stringify(format).slice(0, 60)}; this build reads ${INDEX_CACHE_FORMAT})`,
    );
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success) return refuse(`unexpected header (${describeIssues(parsed.error)})`);
  const header = parsed.data;
  if (header.analysis !== key.analysis) {
    return refuse(`made with analysis ${header.analysis}, this build uses ${key.analysis}`);
  }
  if ('seeds' in key) {
    if (header.seeds !== key.seeds) {
      return refuse('made for other seed files (names, sizes or times differ)');
    }
  } else if (header.corpusHash !== key.corpusHash) {
    return refuse(
      `made for other seeds (corpus hash ${header.corpusHash.slice(0, 12)}…, the seeds' is ${key.corpusHash.slice(0, 12)}…)`,
    );
  }
  const payloadBytes = data.subarray(newline + 1);
  if (payloadBytes.byteLength !== header.payloadBytes) {
    return refuse(
      `truncated or damaged (${payloadBytes.byteLength} bytes after the header, ${header.payloadBytes} written)`,
    );
  }
  if (sha256(payloadBytes) !== header.payloadSha256) {
    return refuse('checksum mismatch (the file was changed or damaged after it was written)');
  }
  let payload: unknown;
  try {
    payload = deserialize(payloadBytes);
  } catch (err) {
    return refuse(`cannot be decoded (${errorText(err)})`);
  }
  const shaped = payloadSchema.safeParse(payload);
  if (!shaped.success) return refuse(`unexpected shape (${describeIssues(shaped.error)})`);
  const body = shaped.data;
  if (body.snapshot.analysis !== header.analysis) {
    return refuse(`made with analysis ${body.snapshot.analysis}, this build uses ${key.analysis}`);
  }
  const base = {
    ok: true as const,
    createdAt: header.createdAt,
    corpusHash: header.corpusHash,
    problems: body.problems,
    ignored: body.ignored,
  };
  if ('seeds' in key) {
    // The articles are decoded (and checked) as they are stored, on the main thread.
    const indexProblem = checkIndex(header, body, header.paragraphs);
    if (indexProblem) return refuse(`its index does not match its articles (${indexProblem})`);
    const snapshot = { ...body.snapshot, corpus: { articles: [] } } as unknown as EngineSnapshot;
    return { ...base, snapshot, articleChunks: body.articleChunks };
  }
  let saved: Article[];
  try {
    saved = body.articleChunks.flatMap((chunk) => decodeArticles(chunk));
  } catch (err) {
    return refuse(`its articles cannot be decoded (${errorText(err)})`);
  }
  const corpusProblem = compareCorpus(saved, key.corpus.articles);
  if (corpusProblem) return refuse(`its articles differ from the seeds (${corpusProblem})`);
  const paragraphs = key.corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
  if (header.articles !== key.corpus.articles.length || header.paragraphs !== paragraphs) {
    return refuse(
      `its index does not match its articles (the header counts ${header.articles} articles and ${header.paragraphs} paragraphs)`,
    );
  }
  const indexProblem = checkIndex(header, body, paragraphs);
  if (indexProblem) return refuse(`its index does not match its articles (${indexProblem})`);
  const snapshot = { ...body.snapshot, corpus: key.corpus } as unknown as EngineSnapshot;
  return { ...base, snapshot };
}

/**
 * Whether the seeds as loaded now are those a saved index (read by fingerprint) was made from: the same
 * corpus hash, the same articles, the same refused and ignored files. The reason when they are not.
 */
export function verifyAgainstSeeds(
  saved: { corpusHash: string; corpus: Corpus; problems: LoadProblem[]; ignored: string[] },
  loaded: LoadResult,
): string | undefined {
  if (loaded.corpusHash !== saved.corpusHash) {
    return `the seeds' corpus hash is ${String(loaded.corpusHash).slice(0, 12)}…, the saved index's ${saved.corpusHash.slice(0, 12)}…`;
  }
  const corpusProblem = compareCorpus(saved.corpus.articles, loaded.corpus.articles);
  if (corpusProblem) return `its articles differ from the seeds (${corpusProblem})`;
  if (JSON.stringify(saved.problems) !== JSON.stringify(loaded.problems)) return 'the refused files differ';
  if (JSON.stringify(saved.ignored) !== JSON.stringify(loaded.ignored)) return 'the ignored files differ';
  return undefined;
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

/** Structural checks of the saved index against its `paragraphs` (the checksum covers the rest). */
function checkIndex(header: CacheHeader, body: Payload, paragraphs: number): string | undefined {
  const { postings, documentFrequency, spellings } = body.snapshot.index;
  if (header.paragraphs !== paragraphs) return `the header counts ${header.paragraphs} paragraphs`;
  if (postings.documentCount !== paragraphs) {
    return `${postings.documentCount} paragraphs indexed, ${paragraphs} in the articles`;
  }
  const fields = postings.fieldBoosts.length;
  if (postings.norms.length !== fields || postings.offsets.length !== postings.terms.length * fields + 1) {
    return 'the postings do not match their terms and fields';
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
  /** Leftover temporary files of killed processes (and a format-1 file), removed before writing. */
  removedTemps: string[];
}

/** What is saved: the snapshot, the seeds it was made from, and what the loader said about them. */
export interface CacheEntry {
  corpusHash: string;
  snapshot: EngineSnapshot;
  /** `seedsFingerprint` of the seeds, taken before they were read ('' : never matched by fingerprint). */
  seeds?: string;
  problems?: LoadProblem[];
  ignored?: string[];
}

/**
 * Saves `entry` as the cache file of `dir`, atomically: the bytes go to a temporary file of the same
 * folder, are flushed to disk, and the file is renamed over the old one. Creates `dir` if needed. Throws on
 * failure (the old file, if any, is left as it was).
 */
export async function writeIndexCache(
  dir: string,
  entry: CacheEntry,
  now: () => Date = () => new Date(),
): Promise<CacheWrite> {
  await mkdir(dir, { recursive: true });
  const removedTemps = await removeStaleTemps(dir, now().getTime());
  const articleChunks: Buffer[] = [];
  let chunk: Article[] = [];
  let inChunk = 0;
  for (const article of entry.snapshot.corpus.articles) {
    chunk.push(article);
    inChunk += article.paragraphs.length;
    if (inChunk >= DEFAULT_PIECE_SIZES.paragraphs) {
      articleChunks.push(serialize(chunk));
      chunk = [];
      inChunk = 0;
    }
  }
  if (chunk.length > 0) articleChunks.push(serialize(chunk));
  const payload = serialize({
    snapshot: { ...entry.snapshot, corpus: { articles: [] } },
    articleChunks,
    problems: entry.problems ?? [],
    ignored: entry.ignored ?? [],
  });
  const header: CacheHeader = {
    format: INDEX_CACHE_FORMAT,
    corpusHash: entry.corpusHash,
    seeds: entry.seeds ?? '',
    analysis: entry.snapshot.analysis,
    createdAt: now().toISOString(),
    articles: entry.snapshot.corpus.articles.length,
    paragraphs: entry.snapshot.corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0),
    payloadBytes: payload.byteLength,
    payloadSha256: sha256(payload),
  };
  const headerLine = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  const file = await replaceAtomically(dir, [headerLine, payload]);
  // A format-1 file is never read again: the new file replaces it.
  try {
    await rm(path.join(dir, LEGACY_INDEX_CACHE_FILE));
    removedTemps.push(LEGACY_INDEX_CACHE_FILE);
  } catch {
    // None: fine.
  }
  return { file, bytes: headerLine.byteLength + payload.byteLength, removedTemps };
}

/**
 * Records `seeds` as the fingerprint of the saved index of `dir`, made from `corpusHash`: after a read by
 * content (seed files touched or copied, same bytes), so that the next start matches by fingerprint. The
 * body is kept as it is (same checksum), the header rewritten, atomically like a save. Does nothing (and
 * says so) when the file is not the one read any more (another save replaced it meanwhile).
 */
export async function refreshSeedsFingerprint(
  dir: string,
  expected: { corpusHash: string; payloadSha256?: string },
  seeds: string,
): Promise<boolean> {
  const file = indexCacheFile(dir);
  const data = await readFile(file);
  const newline = data.subarray(0, MAX_HEADER_BYTES).indexOf(10);
  if (newline < 0) return false;
  const parsed = headerSchema.safeParse(JSON.parse(data.subarray(0, newline).toString('utf8')));
  if (!parsed.success || parsed.data.corpusHash !== expected.corpusHash) return false;
  const header: CacheHeader = { ...parsed.data, seeds };
  await replaceAtomically(dir, [
    Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'),
    data.subarray(newline + 1),
  ]);
  return true;
}

/**
 * Writes the saved index of `dir` as these parts: to a temporary file, synced, then renamed over the old
 * one and the folder synced, so that a reader (or a crash) sees the old file or the new one, never half.
 */
async function replaceAtomically(dir: string, parts: readonly Buffer[]): Promise<string> {
  const file = indexCacheFile(dir);
  const temp = path.join(dir, `${INDEX_CACHE_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writev([...parts]);
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
  return file;
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
