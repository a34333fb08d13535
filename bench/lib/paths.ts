import path from 'node:path';

export const BENCH_DIR = path.resolve(import.meta.dirname, '..');
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');
export const CORPORA_DIR = path.join(BENCH_DIR, '.corpora');
export const SEEDS_DIR = path.join(ROOT_DIR, 'seeds');
export const EVAL_FILES = [
  path.join(ROOT_DIR, 'tests/eval/dev.json'),
  path.join(ROOT_DIR, 'tests/eval/extra.json'),
];

/** The folder of articles for one corpus size. */
export function corpusDir(size: number): string {
  return path.join(CORPORA_DIR, String(size), 'articles');
}

/** The questions drawn for one corpus size. */
export function questionsFile(size: number): string {
  return path.join(CORPORA_DIR, String(size), 'questions.json');
}

export function manifestFile(size: number): string {
  return path.join(CORPORA_DIR, String(size), 'manifest.json');
}

export const DEFAULT_SIZES = [1_000, 10_000, 100_000] as const;
