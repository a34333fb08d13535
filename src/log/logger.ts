import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

const REDACTED = '[redacted]';

/** Field paths that may carry a secret, wherever they appear in a log object (pino redact syntax). */
const REDACT_PATHS = [
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'token',
  '*.token',
  '*.*.token',
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'headers.authorization',
  'headers.Authorization',
];

/**
 * Secrets can also hide inside strings (an error message quoting a webhook URL, a stack trace...):
 * scrub the serialized line itself before it is written.
 */
const TEXT_PATTERNS: Array<[RegExp, string]> = [
  // Interaction callbacks and webhook follow-ups carry the interaction token in the path.
  [/(\/interactions\/\d+\/)[^/\s"?]+/g, `$1${REDACTED}`],
  [/(\/webhooks\/\d+\/)[^/\s"?]+/g, `$1${REDACTED}`],
  // Authorization headers, wherever they were printed.
  [/\b(Bot|Bearer)\s+[A-Za-z0-9._-]{20,}/g, `$1 ${REDACTED}`],
  // Anything shaped like a bot token (three base64url parts).
  [/\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g, REDACTED],
];

export function scrubSecrets(line: string, secrets: readonly string[] = []): string {
  let out = line;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export interface CreateLoggerOptions {
  level?: LoggerOptions['level'];
  /** Values never to print (the bot token). */
  secrets?: readonly string[];
  /** Where JSON lines go; stdout by default. */
  destination?: DestinationStream;
}

/** Pino JSON logger that redacts tokens by field name and by content. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { app: 'corpus-bot' },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: pino.stdSerializers.err },
    hooks: { streamWrite: (s) => scrubSecrets(s, secrets) },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/** What each interaction's log lines carry. */
export interface InteractionLogFields {
  interactionId: string;
  kind: string;
  command: string;
  guildId: string | null;
  userId: string;
  locale: string;
}

export function interactionLogger(parent: Logger, fields: InteractionLogFields): Logger {
  return parent.child(fields);
}
