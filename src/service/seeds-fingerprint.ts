/**
 * A fingerprint of a seeds folder from `stat` alone: the names of its entries and, for each, its type,
 * size, modification and change times (nanoseconds) and inode number — what a symbolic link leads to as
 * well. Changing a file's bytes changes its change time (which no tool can set back), so a saved index
 * whose fingerprint matches was very probably made from these very files; "very probably" is not
 * "certainly" (a clock set back, a file system without change times), which is why an index read by
 * fingerprint is verified against the seeds' content afterwards (`verifyAgainstSeeds`).
 */
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** Bumped when what the fingerprint covers changes. */
const FINGERPRINT_VERSION = 'seeds-fingerprint/1';
const CONCURRENCY = 32;

function describe(info: BigIntStats): string {
  const s = info;
  const kind = info.isSymbolicLink() ? 'l' : info.isFile() ? 'f' : info.isDirectory() ? 'd' : 'o';
  return `${kind}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}:${s.dev}`;
}

const code = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code ?? 'error';

/**
 * The fingerprint of `dir` for a load with `maxBytes` (sha256 hex). Throws when the folder cannot be
 * listed (the loader would fail too).
 */
export async function seedsFingerprint(dir: string, maxBytes: number): Promise<string> {
  const root = await realpath(dir);
  const names = (await readdir(root)).sort();
  const lines = new Array<string>(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const name = names[i] as string;
      const full = path.join(root, name);
      let line: string;
      try {
        const own = await lstat(full, { bigint: true });
        line = describe(own);
        if (own.isSymbolicLink()) {
          const target = await realpath(full).catch((err) => `!${code(err)}`);
          const info = await stat(full, { bigint: true }).catch(() => undefined);
          line += ` -> ${target} ${info ? describe(info) : '?'}`;
        }
      } catch (err) {
        line = `!${code(err)}`;
      }
      lines[i] = `${name}\0${line}`;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, names.length) }, worker));
  const hash = createHash('sha256').update(`${FINGERPRINT_VERSION}\n${root}\n${maxBytes}`);
  for (const line of lines) hash.update(`\n${line}`);
  return hash.digest('hex');
}
