import { readdirSync, readFileSync } from 'node:fs';

const SEEDS_DIR = new URL('../../seeds/', import.meta.url);

/** All seed articles, concatenated: real French news text with ’, NBSP, « », numbers. */
export function readSeedsText(): string {
  return readdirSync(SEEDS_DIR)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => readFileSync(new URL(name, SEEDS_DIR), 'utf8'))
    .join('\n\n');
}
