import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, interactionLogger, scrubSecrets } from '../../src/log/logger.js';

const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const INTERACTION_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQ';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('never writes a token, whatever carries it', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'debug', secrets: [BOT_TOKEN], destination: stream });
    logger.info({ config: { DISCORD_TOKEN: BOT_TOKEN, SEEDS_DIR: './seeds' } }, 'config loaded');
    logger.info({ DISCORD_TOKEN: BOT_TOKEN }, 'flat');
    logger.info({ interaction: { id: '1', token: INTERACTION_TOKEN } }, 'nested');
    logger.info({ token: INTERACTION_TOKEN }, 'top');
    logger.info({ request: { headers: { authorization: `Bot ${BOT_TOKEN}` } } }, 'headers');
    const err = new Error(
      `Unknown interaction at POST https://discord.com/api/v10/interactions/123456789012345678/${INTERACTION_TOKEN}/callback`,
    );
    logger.error({ err }, 'request failed');
    logger.warn(`PATCH /api/v10/webhooks/987654321098765432/${INTERACTION_TOKEN}/messages/%40original`);
    logger.warn(`the token is ${BOT_TOKEN}`);
    logger.warn(`Authorization: Bot ${BOT_TOKEN}`);
    const child = interactionLogger(logger, {
      interactionId: '1',
      kind: 'command',
      command: 'ask',
      guildId: null,
      userId: '2',
      locale: 'fr',
    });
    child.info({ latencyMs: 12, outcome: 'answered', token: INTERACTION_TOKEN }, 'interaction done');

    const out = lines.join('');
    expect(lines.length).toBe(10);
    expect(out).not.toContain(BOT_TOKEN);
    expect(out).not.toContain(INTERACTION_TOKEN);
    expect(out).toContain('[redacted]');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const last = JSON.parse(lines.at(-1) ?? '{}');
    expect(last).toMatchObject({
      command: 'ask',
      userId: '2',
      locale: 'fr',
      latencyMs: 12,
      outcome: 'answered',
    });
  });

  it('scrubs known secrets and token-shaped strings from text', () => {
    expect(scrubSecrets(`x ${BOT_TOKEN} y`)).toBe('x [redacted] y');
    expect(scrubSecrets('short', ['short-but-ok-secret'])).toBe('short');
    expect(scrubSecrets('a plain French sentence, 12 milliards.')).toBe(
      'a plain French sentence, 12 milliards.',
    );
  });
});
