import { configSchema } from '../config/config.js';
import { loadCorpus } from '../corpus/load.js';
import { Engine, type EngineOptions } from '../engine/engine.js';

/** The part of the bot's configuration the console uses: no Discord variable is needed. */
const consoleConfigSchema = configSchema.pick({ SEEDS_DIR: true, SEED_MAX_BYTES: true });

/** Thrown for a bad command line: the console prints the message alone and exits with status 2. */
export class UsageError extends Error {}

/** Loads the seeds folder (SEEDS_DIR, default ./seeds) and builds the engine; refused files are warned about. */
export async function loadEngine(options: EngineOptions = {}): Promise<Engine> {
  const parsed = consoleConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${String(issue?.path[0] ?? 'configuration')} ${issue?.message ?? 'is invalid'}`);
  }
  const { SEEDS_DIR, SEED_MAX_BYTES } = parsed.data;
  const loaded = await loadCorpus(SEEDS_DIR, { maxBytes: SEED_MAX_BYTES });
  for (const problem of loaded.problems) {
    process.stderr.write(`warning: ${problem.file} was not loaded: ${problem.reason}\n`);
  }
  if (loaded.corpus.articles.length === 0)
    throw new UsageError(`no article could be loaded from ${SEEDS_DIR}`);
  return Engine.build(loaded.corpus, options);
}

/** Runs a console command: a usage error is one line on stderr and exit status 2, anything else status 1. */
export function runConsole(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  });
}
