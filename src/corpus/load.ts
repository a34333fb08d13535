/**
 * Loads every `.txt` article of a seeds folder into a {@link Corpus}, checking each file before it
 * counts. A bad file is reported in `problems` (with a reason meant for moderators) and left out; the
 * others still load. Only a missing or unreadable folder is an error.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArticle } from './parse.js';
import type { Article, LoadProblem, LoadResult } from './types.js';

/** Default largest accepted article file: 2 MiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
/** How many files are checked and read at the same time by default. */
export const DEFAULT_CONCURRENCY = 16;

export interface LoadOptions {
  /** Largest accepted file size in bytes (default {@link DEFAULT_MAX_BYTES}). */
  maxBytes?: number;
  /** How many files are read at the same time (default {@link DEFAULT_CONCURRENCY}). */
  concurrency?: number;
}

/**
 * The corpus hash is sha256 over this tag, then, for each loaded file in name order, a line break, its
 * name, a NUL and the sha256 (hex) of its bytes: same files with the same bytes ⇔ same hash. Refused and
 * ignored files do not count (they are not in the index).
 */
export const CORPUS_HASH_VERSION = 'corpus-sha256-v1';

const CONTROL_CHAR_RE = /\p{Cc}/u;
const CONTROL_CHARS_RE = /\p{Cc}/gu;
const TXT_RE = /\.txt$/iu;
const BLANK_TEXT_RE = /^\s*$/u;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A plain file name: not empty, not `.`/`..`, no `/` or `\`, no `..` anywhere, no control characters.
 * Anything else could escape the folder or mislead whoever reads the name.
 */
export function isPlainFileName(name: string): boolean {
  return (
    name !== '' &&
    name !== '.' &&
    !name.includes('/') &&
    !name.includes('\\') &&
    !name.includes('..') &&
    !CONTROL_CHAR_RE.test(name)
  );
}

/** The name as shown to moderators: control characters escaped as `\uXXXX`. */
export function displayFileName(name: string): string {
  return name.replace(CONTROL_CHARS_RE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Outcome =
  | { kind: 'article'; article: Article; digest: string }
  | { kind: 'problem'; reason: string }
  | { kind: 'ignored' };

function errorCode(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code ?? err.message;
  }
  return String(err);
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** Checks, reads, decodes and parses one `.txt` entry of the (already resolved) folder `root`. */
async function loadOne(root: string, name: string, maxBytes: number): Promise<Outcome> {
  const problem = (reason: string): Outcome => ({ kind: 'problem', reason });
  const full = path.join(root, name);
  let target = full;
  try {
    const link = await lstat(full);
    if (link.isSymbolicLink()) {
      try {
        target = await realpath(full);
      } catch {
        return problem('symbolic link is broken (its target does not exist or cannot be reached)');
      }
      if (!isInside(root, target)) return problem('symbolic link points outside the corpus folder');
    }
    const info = link.isSymbolicLink() ? await stat(target) : link;
    if (!info.isFile()) return problem('not a regular file');
    if (info.size > maxBytes) {
      return problem(`file is too large (${info.size} bytes; the limit is ${maxBytes} bytes)`);
    }
    if (info.size === 0) return problem('file is empty');
  } catch (err) {
    return problem(`file cannot be inspected (${errorCode(err)})`);
  }

  let bytes: Buffer;
  try {
    // O_NONBLOCK: never hang if the file was swapped for a FIFO after the checks above.
    const handle = await open(target, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      if (!info.isFile()) return problem('not a regular file');
      if (info.size > maxBytes) {
        return problem(`file is too large (${info.size} bytes; the limit is ${maxBytes} bytes)`);
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    return problem(`file cannot be read (${errorCode(err)})`);
  }
  if (bytes.length > maxBytes) {
    return problem(`file is too large (${bytes.length} bytes; the limit is ${maxBytes} bytes)`);
  }
  if (bytes.length === 0) return problem('file is empty');
  if (bytes.includes(0)) return problem('file contains NUL bytes (it looks binary, not text)');
  let text: string;
  try {
    text = UTF8.decode(bytes); // also drops a leading byte-order mark
  } catch {
    return problem('file is not valid UTF-8 text');
  }
  if (BLANK_TEXT_RE.test(text)) return problem('file contains only whitespace');
  let article: Article;
  try {
    article = parseArticle(name, text);
  } catch (err) {
    return problem(`file could not be parsed (${errorCode(err)})`);
  }
  if (article.paragraphs.length === 0) {
    return problem('no paragraph left after removing the title, captions and site furniture');
  }
  return { kind: 'article', article, digest: createHash('sha256').update(bytes).digest('hex') };
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the items' order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Reads every regular `.txt` file directly inside `dir` (not recursive), sorted by name.
 *
 * - Hidden files (`.name`) and files not ending in `.txt` go to `ignored` (notes, not problems).
 * - Refused, in `problems`: names that are not plain file names, symbolic links leading outside `dir`
 *   (links inside are followed), anything that is not a regular file, files larger than `maxBytes`
 *   (checked before reading), empty or whitespace-only files, files containing NUL bytes, invalid UTF-8,
 *   and files with no paragraph left after cleaning.
 *
 * `corpusHash` identifies the articles loaded: see {@link CORPUS_HASH_VERSION}.
 *
 * @throws Error if `dir` does not exist, is not a folder or cannot be listed.
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isFinite(maxBytes) || maxBytes < 0) {
    throw new RangeError(`maxBytes must be a non-negative number, got ${maxBytes}`);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }

  let root: string;
  let names: string[];
  try {
    root = await realpath(dir);
    names = (await readdir(root)).sort();
  } catch (err) {
    const code = errorCode(err);
    const what =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'ENOTDIR'
          ? 'is not a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read (permission denied)'
            : `cannot be read (${code})`;
    throw new Error(`Corpus folder "${dir}" ${what}`, { cause: err });
  }

  const outcomes = await mapLimit(names, concurrency, async (name): Promise<Outcome> => {
    if (!isPlainFileName(name)) return { kind: 'problem', reason: 'not a plain file name' };
    if (name.startsWith('.') || !TXT_RE.test(name)) return { kind: 'ignored' };
    return loadOne(root, name, maxBytes);
  });

  const result: LoadResult = { corpus: { articles: [] }, problems: [], ignored: [] };
  const corpusHash = createHash('sha256').update(CORPUS_HASH_VERSION);
  outcomes.forEach((outcome, i) => {
    const name = names[i] as string;
    if (outcome.kind === 'article') {
      result.corpus.articles.push(outcome.article);
      corpusHash.update(`\n${name}\0${outcome.digest}`);
    } else if (outcome.kind === 'ignored') result.ignored.push(name);
    else result.problems.push({ file: displayFileName(name), reason: outcome.reason } satisfies LoadProblem);
  });
  result.corpusHash = corpusHash.digest('hex');
  return result;
}
