import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEEDS, TOKEN } from '../bot/support/harness.js';
import { type BotRun, spawnBot } from '../support/bot-process.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { until } from '../support/until.js';

const runs: BotRun[] = [];
const dirs: string[] = [];

/** `npm start` as a person would run it, with only the given variables (cwd: an empty folder, no .env). */
async function start(env: Record<string, string>): Promise<BotRun> {
  const cwd = await mkdtemp(join(tmpdir(), 'bot-start-'));
  dirs.push(cwd);
  const run = spawnBot(cwd, env);
  runs.push(run);
  return run;
}

afterEach(async () => {
  for (const run of runs.splice(0)) run.signal('SIGKILL');
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('npm start', () => {
  it('only starts when run: importing main.ts just exports startBot', async () => {
    const main = await import('../../src/bot/main.js');
    expect(typeof main.startBot).toBe('function');
    expect(typeof main.main).toBe('function');
  });

  it('without a token prints one clear line and exits 1', async () => {
    const run = await start({});
    expect(await run.exit).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DISCORD_TOKEN/);
    expect(lines[0]).toContain('npm run ask');
    expect(run.stdout()).toBe('');
  }, 30_000);

  it('names a malformed variable', async () => {
    const run = await start({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'nowhere' });
    expect(await run.exit).toBe(1);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr()).toMatch(/DISCORD_API_URL must be an http\(s\) URL/);
    expect(run.stderr()).not.toContain(TOKEN);
  }, 30_000);

  it('stops with one line when no article can be loaded', async () => {
    const run = await start({ DISCORD_TOKEN: TOKEN, SEEDS_DIR: '/nonexistent/seeds', LOG_LEVEL: 'silent' });
    expect(await run.exit).toBe(1);
    expect(run.stderr().trim()).toMatch(/^No article could be loaded from SEEDS_DIR=\/nonexistent\/seeds/);
  }, 30_000);

  it('answers, then shuts down cleanly on SIGTERM (exit 0)', async () => {
    const fake = await FakeDiscord.start({ token: TOKEN });
    try {
      const run = await start({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, SEEDS_DIR: SEEDS });
      await until(() => run.stdout().includes('connected to Discord'), 'the bot to connect', {
        timeoutMs: 20_000,
      });
      const id = await fake.command('ask', {
        question: 'Combien xAI négocie-t-elle pour les puces de NVIDIA ?',
      });
      const reply = await fake.waitForReply(id);
      expect(reply.type).toBe(4);
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      const logs = run
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string });
      expect(logs.map((l) => l.msg)).toEqual(
        expect.arrayContaining(['signal received', 'shutting down', 'disconnected']),
      );
      expect(run.stdout()).not.toContain(TOKEN);
      expect(run.stdout()).not.toContain(String(fake.interactionPayload(id).token));
    } finally {
      await fake.close();
    }
  }, 40_000);
});
