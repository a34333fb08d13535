import { existsSync } from 'node:fs';
import { z } from 'zod';

const SNOWFLAKE = /^\d{17,20}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Empty strings in `.env` files mean "not set". */
const optionalString = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().optional(),
);

const positiveInt = (fallback: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .positive({ error: 'must be greater than 0' })
      .default(fallback),
  );

const SHARD_COUNT_ERROR = 'must be a whole number greater than 0, or auto';

/** `auto` (Discord's recommendation, read from `/gateway/bot`) or a whole number of shards. */
const shardCount = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().toLowerCase()) : v),
  z
    .union(
      [
        z.literal('auto'),
        z.coerce
          .number({ error: SHARD_COUNT_ERROR })
          .int({ error: SHARD_COUNT_ERROR })
          .positive({ error: SHARD_COUNT_ERROR }),
      ],
      { error: SHARD_COUNT_ERROR },
    )
    .default(1),
);

const FLAG_VALUES = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'] as const;

/** `true`/`false` (or 1/0, yes/no, on/off); empty means the default. */
const flag = (fallback: boolean) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().toLowerCase()) : v),
    z
      .union([z.boolean(), z.enum(FLAG_VALUES)], { error: 'must be true or false' })
      .default(fallback)
      .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on'),
  );

export const configSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string({ error: 'is missing' }).trim().min(1, { error: 'is missing' }),
  ),
  DISCORD_GUILD_ID: optionalString.refine((v) => v === undefined || SNOWFLAKE.test(v), {
    error: 'must be a Discord id (17 to 20 digits)',
  }),
  MODERATOR_ROLE_IDS: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      )
      .refine((ids) => ids.every((id) => SNOWFLAKE.test(id)), {
        error: 'must be comma-separated Discord role ids (17 to 20 digits each)',
      }),
  ),
  SEEDS_DIR: optionalString.default('./seeds').transform((v) => v ?? './seeds'),
  /** Where the built index is saved, to start fast when the seeds have not changed. */
  INDEX_CACHE_DIR: optionalString.default('.cache').transform((v) => v ?? '.cache'),
  /** Reload by itself when the seeds folder changes. */
  SEEDS_WATCH: flag(false),
  LOG_LEVEL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  DISCORD_API_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().replace(/\/+$/, '') : undefined),
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
      .default('https://discord.com/api'),
  ),
  SEED_MAX_BYTES: positiveInt(2 * 1024 * 1024),
  ASK_COOLDOWN_COUNT: positiveInt(5),
  ASK_COOLDOWN_SECONDS: positiveInt(20),
  /** Above 1 (or `auto`), `npm start` runs a `ShardingManager` with one process per shard. */
  SHARD_COUNT: shardCount,
});

export type Config = z.infer<typeof configSchema>;

/** The variables the bot reads, for messages and docs. */
export const CONFIG_VARIABLES = Object.keys(configSchema.shape) as Array<keyof Config>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

const CONSOLE_HINT = 'the console works without Discord: npm run ask -- "votre question"';

/**
 * Validates the environment. On failure, `message` is ONE line naming every bad variable and
 * pointing to the console front end.
 */
export function parseConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): ConfigResult {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? 'configuration');
    if (!problems.has(name)) problems.set(name, issue.message);
  }
  const details = [...problems].map(([name, why]) => `${name} ${why}`).join('; ');
  return {
    ok: false,
    message: `Configuration error: ${details} (set it in the environment or in .env; ${CONSOLE_HINT}).`,
  };
}

/** Loads `.env` (if present) into `process.env` without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * For the bot's entry points: `.env` (when `withDotEnv`) and the environment, validated; on a bad or
 * missing variable, prints the one line naming it and exits with status 1.
 */
export function configOrExit(options: { withDotEnv?: boolean } = {}): Config {
  if (options.withDotEnv !== false) loadDotEnv();
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    process.exit(1);
  }
  return parsed.config;
}
