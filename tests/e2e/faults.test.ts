/**
 * Faults between the real bot and a fake Discord: gateway drops, rate limits, server errors, expired
 * interactions and double acknowledgements. Whatever happens, each interaction gets its answer at most
 * once, the bot logs a warning rather than crashing, and the next question is answered.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { realBuilder } from '../../src/bot/engine-factory.js';
import type { QuestionEngine } from '../../src/engine/types.js';
import { embedOf, type Harness, startHarness } from '../bot/support/harness.js';
import type { InteractionResponse } from '../support/fake-discord.js';

const QUESTION = 'Combien xAI négocie-t-elle pour les puces de NVIDIA ?';
const FRIEND = {
  id: '333333333333333333',
  username: 'ami',
  discriminator: '0',
  global_name: 'Ami',
  avatar: null,
};

let h: Harness;
/** Milliseconds the engine spins on each question (to make /ask defer its next answer). */
let slowMs = 0;

beforeAll(async () => {
  h = await startHarness({
    start: {
      build: (corpus): QuestionEngine => {
        const engine = realBuilder(corpus);
        return {
          corpus: engine.corpus,
          findArticles: (typed, limit) => engine.findArticles(typed, limit),
          getArticle: (name) => engine.getArticle(name),
          ask: (question) => {
            const until = Date.now() + slowMs;
            while (Date.now() < until) {
              // a slow engine, on demand
            }
            return engine.ask(question);
          },
        };
      },
    },
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.fake.clearFaults();
  slowMs = 0;
});

type LogLine = Record<string, unknown>;

async function waitForLog(predicate: (line: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = h.logs().find(predicate);
    if (found) return found;
    if (Date.now() > until) throw new Error('log line not found');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The closing log line of an interaction (written once the bot is done with it). */
const done = (id: string) => waitForLog((l) => l.interactionId === id && l.msg === 'interaction done');
const linesOf = (id: string) => h.logs().filter((l) => l.interactionId === id);
const levelsOf = (id: string) => linesOf(id).map((l) => l.level as number);

const summary = (responses: InteractionResponse[]) => responses.map((r) => `${r.kind}:${r.status}`);
const accepted = (id: string, kind: InteractionResponse['kind']) =>
  h.fake.responsesFor(id).filter((r) => r.kind === kind);

/** A normal /ask gets a normal answer: one callback with an embed, nothing rejected. */
async function expectAnswered(question = QUESTION): Promise<string> {
  const id = await h.fake.command('ask', { question });
  const reply = await h.fake.waitForReply(id, 10_000);
  expect(reply.type).toBe(4);
  expect(embedOf(reply).title).toBeTruthy();
  await done(id);
  expect(summary(h.fake.responsesFor(id, { includeRejected: true }))).toEqual([`callback:${reply.status}`]);
  return id;
}

/** Gateway frames the bot sent with this opcode after `from` (an index into the log). */
const sentSince = (from: number, op: number) =>
  h.fake.gatewayLog.slice(from).filter((e) => e.direction === 'in' && e.op === op);
const dispatchedSince = (from: number, t: string) =>
  h.fake.gatewayLog.slice(from).filter((e) => e.direction === 'out' && e.t === t);

describe('gateway faults', () => {
  it('resumes after the connection drops and goes on answering', async () => {
    await expectAnswered();
    const from = h.fake.gatewayLog.length;
    h.fake.dropConnections();
    await h.fake.waitForConnected(1, 15_000);
    expect(sentSince(from, 6)).toHaveLength(1); // RESUME
    expect(sentSince(from, 2)).toHaveLength(0); // no new IDENTIFY: the session went on
    expect(dispatchedSince(from, 'RESUMED')).toHaveLength(1);
    await expectAnswered();
  });

  it('identifies again when the dropped session was invalidated, and goes on answering', async () => {
    const from = h.fake.gatewayLog.length;
    h.fake.dropConnections({ invalidateSessions: true });
    await h.fake.waitForConnected(1, 15_000);
    expect(sentSince(from, 6).length).toBeGreaterThanOrEqual(1); // tried to RESUME…
    expect(sentSince(from, 2)).toHaveLength(1); // …was refused, and identified anew
    expect(dispatchedSince(from, 'READY')).toHaveLength(1);
    await expectAnswered();
  });

  it('reconnects when Discord asks it to (op 7), and goes on answering', async () => {
    const from = h.fake.gatewayLog.length;
    h.fake.requestReconnect();
    await h.fake.waitForConnected(1, 15_000);
    expect(sentSince(from, 6)).toHaveLength(1);
    expect(dispatchedSince(from, 'RESUMED')).toHaveLength(1);
    await expectAnswered();
  });

  it('answers interactions sent right after a drop once it is back, each exactly once', async () => {
    h.fake.dropConnections();
    // `command` waits for the bot to be connected again before dispatching.
    const ids = await Promise.all(
      ['moutons', 'Colossus', 'Grok'].map((w, i) =>
        h.fake.command(
          'ask',
          { question: `Que dit l’article sur ${w} ?` },
          { user: { id: `40000000000000000${i}` } },
        ),
      ),
    );
    for (const id of ids) {
      await h.fake.waitForReply(id, 15_000);
      await done(id);
      expect(accepted(id, 'callback')).toHaveLength(1);
    }
  });
});

describe('REST rate limits (429)', () => {
  it('retries the interaction callback after retry-after: the answer arrives exactly once', async () => {
    const limit = h.fake.failNext({ kind: 'callback' }, { status: 429, retryAfter: 0.3 });
    const id = await h.fake.command('ask', { question: QUESTION });
    const reply = await h.fake.waitForReply(id, 10_000);
    expect(limit.hits).toBe(1);
    expect(reply.type).toBe(4);
    expect(embedOf(reply).title).toBeTruthy();
    await done(id);
    const attempts = h.fake.responsesFor(id, { includeRejected: true });
    expect(summary(attempts)).toEqual(['callback:429', `callback:${reply.status}`]);
    // It waited as told before trying again (a lower bound only: timings are noisy).
    expect((attempts[1]?.call.at ?? 0) - (attempts[0]?.call.at ?? 0)).toBeGreaterThanOrEqual(250);
    expect(attempts[1]?.data).toEqual(attempts[0]?.data);
    expect(levelsOf(id).filter((l) => l >= 40)).toEqual([]);
  });

  it('retries a global rate limit too', async () => {
    const limit = h.fake.failNext({ kind: 'callback' }, { status: 429, retryAfter: 0.2, global: true });
    const id = await h.fake.command('ask', { question: QUESTION });
    await h.fake.waitForReply(id, 10_000);
    await done(id);
    expect(limit.hits).toBe(1);
    expect(accepted(id, 'callback')).toHaveLength(1);
    await expectAnswered();
  });

  it('retries the edit of a deferred reply (/reload): the report arrives exactly once', async () => {
    const limit = h.fake.failNext({ kind: 'edit' }, { status: 429, retryAfter: 0.2 });
    const id = await h.fake.command('reload', {}, { permissions: '32' });
    const edit = await h.fake.waitForEdit(id, 0, 10_000);
    expect(limit.hits).toBe(1);
    expect(embedOf(edit).title).toBe('Corpus rechargé');
    await done(id);
    expect(summary(h.fake.responsesFor(id, { includeRejected: true })).map((s) => s.split(':')[0])).toEqual([
      'callback',
      'edit',
      'edit',
    ]);
    expect(h.fake.responsesFor(id, { includeRejected: true })[1]?.status).toBe(429);
    expect(accepted(id, 'callback')).toHaveLength(1);
    expect(accepted(id, 'edit')).toHaveLength(1);
  });

  it('retries the edit and the follow-up of a deferred /ask: each arrives exactly once', async () => {
    // One slow answer makes the next /ask defer; with a mention it then edits and follows up.
    slowMs = 1_100;
    await expectAnswered();
    slowMs = 0;
    const editLimit = h.fake.failNext({ kind: 'edit' }, { status: 429, retryAfter: 0.2 });
    const followLimit = h.fake.failNext({ kind: 'followup' }, { status: 429, retryAfter: 0.2 });
    const id = await h.fake.command(
      'ask',
      { question: QUESTION, mention: FRIEND.id },
      { resolved: { users: { [FRIEND.id]: FRIEND } } },
    );
    const ping = await h.fake.waitForFollowUp(id, 0, 10_000);
    await done(id);
    expect(editLimit.hits).toBe(1);
    expect(followLimit.hits).toBe(1);
    expect(ping.data.content).toBe(`<@${FRIEND.id}>`);
    expect(summary(h.fake.responsesFor(id, { includeRejected: true }))).toEqual([
      `callback:${accepted(id, 'callback')[0]?.status}`,
      'edit:429',
      `edit:${accepted(id, 'edit')[0]?.status}`,
      'followup:429',
      `followup:${accepted(id, 'followup')[0]?.status}`,
    ]);
    expect(accepted(id, 'callback')[0]?.type).toBe(5);
    expect(embedOf(accepted(id, 'edit')[0] as InteractionResponse).title).toBeTruthy();
  }, 20_000);
});

describe('REST errors', () => {
  it('a lone 5xx on the callback is retried: the answer arrives exactly once', async () => {
    const fault = h.fake.failNext({ kind: 'callback' }, { status: 502 });
    const id = await h.fake.command('ask', { question: QUESTION });
    const reply = await h.fake.waitForReply(id, 10_000);
    await done(id);
    expect(fault.hits).toBe(1);
    expect(summary(h.fake.responsesFor(id, { includeRejected: true }))).toEqual([
      'callback:502',
      `callback:${reply.status}`,
    ]);
    expect(embedOf(reply).title).toBeTruthy();
  });

  it('Discord failing for good (5xx every time): a warning, no crash, the next question is answered', async () => {
    const id = await h.fake.command('ask', { question: QUESTION });
    const fault = h.fake.failNext({ kind: 'callback', interactionId: id }, { status: 503, times: Infinity });
    const line = await done(id);
    expect(fault.hits).toBeGreaterThanOrEqual(2);
    expect(h.fake.responsesFor(id)).toEqual([]);
    expect(line.outcome).toBe('discord-unavailable');
    expect(levelsOf(id)).toContain(40);
    expect(levelsOf(id).filter((l) => l >= 50)).toEqual([]);
    fault.cancel();
    await expectAnswered();
  });

  it('an interaction expired before the answer (10062): a warning, no crash, the next one is answered', async () => {
    h.fake.delayNext({ kind: 'callback' }, 200);
    const id = await h.fake.command('ask', { question: QUESTION });
    h.fake.expire(id);
    const line = await done(id);
    expect(line.outcome).toBe('expired');
    const attempts = h.fake.responsesFor(id, { includeRejected: true });
    // One attempt, refused; nothing else tried with a dead token.
    expect(
      attempts.map((r) => `${r.kind}:${r.status}:${(r.call.response as { code?: number }).code}`),
    ).toEqual(['callback:404:10062']);
    expect(linesOf(id).find((l) => l.level === 40)?.code).toBe(10062);
    expect(levelsOf(id).filter((l) => l >= 50)).toEqual([]);
    await expectAnswered();
  });

  it('a token that died after deferring (50027 on the edit): a warning, no crash', async () => {
    h.fake.delayNext({ kind: 'edit' }, 200);
    const id = await h.fake.command('reload', {}, { permissions: '32' });
    const deferred = await h.fake.waitForReply(id, 10_000);
    expect(deferred.type).toBe(5);
    h.fake.expire(id);
    const line = await done(id);
    expect(line.outcome).toBe('expired');
    expect(summary(h.fake.responsesFor(id, { includeRejected: true }))).toEqual([
      `callback:${deferred.status}`,
      'edit:401',
    ]);
    expect(linesOf(id).find((l) => l.level === 40)?.code).toBe(50027);
    expect(levelsOf(id).filter((l) => l >= 50)).toEqual([]);
    await expectAnswered();
  });

  it('a double acknowledgement (40060): a warning, no second message, the next one is answered', async () => {
    h.fake.failNext(
      { kind: 'callback' },
      { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } },
    );
    const id = await h.fake.command('ask', { question: QUESTION });
    const line = await done(id);
    expect(line.outcome).toBe('already-acknowledged');
    expect(linesOf(id).find((l) => l.level === 40)?.code).toBe(40060);
    expect(levelsOf(id).filter((l) => l >= 50)).toEqual([]);
    // The bot does not try to say "error" over someone else's acknowledgement.
    expect(summary(h.fake.responsesFor(id, { includeRejected: true }))).toEqual(['callback:400']);
    await expectAnswered();
  });
});
