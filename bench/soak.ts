/**
 * `npm run soak`: thousands of /ask through a fake Discord (127.0.0.1 only) to the real bot in a child
 * process, many at a time, with a moderator's /reload in the middle (and, unless `--no-faults`, a burst
 * of 429s on interaction callbacks and a dropped gateway connection). Checks that every interaction
 * got exactly one answer (zero lost, zero doubled), that the bot logged no error and did not crash, and
 * that its heap after a forced GC is flat (end of run vs after warm-up). Prints counts, latency
 * percentiles (injection → first callback) and throughput. Exit status 1 when a check fails.
 *
 *   npm run soak -- [--count 4000] [--concurrency 50] [--users 2500] [--warmup 200] [--no-faults]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { deployCommands } from '../src/bot/deploy.js';
import { messages } from '../src/reply/i18n.js';
import { FakeDiscord, type InteractionResponse } from '../tests/support/fake-discord.js';

const ROOT = join(import.meta.dirname, '..');
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.fake-bot-token-for-the-soak-0123456789';
const MODERATOR_ROLE = '222222222222222222';
/** Whole run, hard limit. */
const DEADLINE_MS = 170_000;
/** Heap growth (end vs warm-up) still called flat. */
const FLAT_BYTES = 16 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------

function option(name: string, fallback: number, min: number, max: number): number {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = argv[i]?.includes('=') ? argv[i]?.split('=')[1] : argv[i + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} wants a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

const COUNT = option('count', 4000, 100, 20_000);
const CONCURRENCY = option('concurrency', 50, 1, 500);
const USERS = option('users', 2500, 1, 100_000);
const WARMUP = option('warmup', 200, 10, 5_000);
const FAULTS = !process.argv.includes('--no-faults');

// ---------------------------------------------------------------------------------------------------------
// Questions and users
// ---------------------------------------------------------------------------------------------------------

async function questions(): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const all: string[] = [];
  for (const f of ['dev.json', 'extra.json', 'holdout.json']) {
    const list = JSON.parse(await readFile(join(ROOT, 'tests/eval', f), 'utf8')) as Array<{
      question: string;
    }>;
    all.push(...list.map((q) => q.question));
  }
  // A few hostile ones too.
  all.push('**Combien** de GPU @everyone <@&456456456456456456> ||Colossus|| ?', 'asdf qwerty zxcv');
  return all.filter((q) => q.length > 0 && q.length <= 300);
}

/** A distinct fake user per slot (snowflake-shaped ids). */
const userId = (i: number) => `9${String(i % USERS).padStart(17, '0')}`;

// ---------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

type Heap = { heapUsed: number; heapTotal: number; rss: number; external: number };

interface Bot {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  stderr: () => string;
  exited: () => number | null | undefined;
  heap(): Promise<Heap>;
  stop(): Promise<void>;
}

function waitMessage<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`bot: no "${type}" message after ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (msg: unknown) => {
      if (typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === type) {
        cleanup();
        resolve(msg as T);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bot exited (${code}) while waiting for "${type}"`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function startBotProcess(env: Record<string, string>): Promise<Bot> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/soak-bot.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let pending = '';
  child.stdout?.on('data', (chunk) => {
    pending += String(chunk);
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ level: 60, msg: `unparsable log line: ${line.slice(0, 200)}` });
      }
    }
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  let exitCode: number | null | undefined;
  child.on('exit', (code) => {
    exitCode = code;
  });
  try {
    await waitMessage(child, 'ready', 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    const logged = logs.map((l) => JSON.stringify(l)).join('\n');
    throw new Error(`${(err as Error).message}\n${stderr.slice(-3000)}${logged.slice(-3000)}`);
  }
  return {
    child,
    logs,
    stderr: () => stderr,
    exited: () => exitCode,
    async heap() {
      const reply = waitMessage<Heap>(child, 'heap', 30_000);
      child.send('heap');
      return reply;
    },
    async stop() {
      if (exitCode !== undefined) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------

type Kind = 'answered' | 'declined' | 'cooldown' | 'error' | 'other' | 'lost';

interface Outcome {
  id: string;
  latencyMs: number;
  kind: Kind;
}

function classify(r: InteractionResponse): Kind {
  const fr = messages('fr');
  const en = messages('en');
  const title = (r.data.embeds?.[0] as { title?: string } | undefined)?.title;
  if (title === fr.declinedTitle || title === en.declinedTitle) return 'declined';
  if (title) return 'answered';
  const content = r.data.content ?? '';
  if (content.startsWith(fr.cooldown(0).split('0')[0] as string)) return 'cooldown';
  if (content.startsWith(en.cooldown(0).split('0')[0] as string)) return 'cooldown';
  if (content === fr.error || content === en.error) return 'error';
  return 'other';
}

async function main(): Promise<void> {
  const started = performance.now();
  const deadline = setTimeout(() => {
    process.stderr.write(`soak: gave up after ${DEADLINE_MS / 1000} s\n`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();

  const work = await mkdtemp(join(tmpdir(), 'soak-'));
  const seedsDir = join(work, 'seeds');
  await cp(join(ROOT, 'seeds'), seedsDir, { recursive: true });
  const asked = await questions();

  // The real Discord answers the first callback within 3 s or never: so does this one.
  const fake = await FakeDiscord.start({ token: TOKEN, ackDeadlineMs: 3_000 });
  let bot: Bot | undefined;
  const failures: string[] = [];
  try {
    await deployCommands({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: fake.guild.id,
    });
    bot = await startBotProcess({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      SEEDS_DIR: seedsDir,
      INDEX_CACHE_DIR: join(work, 'cache'),
      MODERATOR_ROLE_IDS: MODERATOR_ROLE,
      LOG_LEVEL: 'warn',
    });
    const b = bot;
    console.log(
      `soak: node ${process.version}, ${cpus().length} cores; ${COUNT} /ask after ${WARMUP} warm-up, ` +
        `${CONCURRENCY} in flight, ${Math.min(USERS, COUNT)} users, faults ${FAULTS ? 'on' : 'off'}`,
    );

    let next = 0;
    const outcomes: Outcome[] = [];
    /** Runs `total` /ask, `CONCURRENCY` at a time; `hook(n)` fires as the n-th one is injected. */
    const runPhase = async (total: number, hook: (n: number) => void = () => {}) => {
      let injected = 0;
      const one = async () => {
        while (injected < total) {
          const n = injected++;
          hook(n);
          const i = next++;
          const t0 = performance.now();
          const id = await fake.command(
            'ask',
            { question: asked[i % asked.length] as string },
            { user: { id: userId(i) }, locale: i % 10 === 0 ? 'en-US' : 'fr', shardTimeoutMs: 30_000 },
          );
          try {
            const first = await fake.waitForReply(id, 30_000);
            const latencyMs = performance.now() - t0;
            const final = first.type === 5 ? await fake.waitForEdit(id, 0, 30_000) : first;
            outcomes.push({ id, latencyMs, kind: classify(final) });
          } catch {
            // No answer within 30 s: lost (counted and explained below), the run goes on.
            outcomes.push({ id, latencyMs: Number.NaN, kind: 'lost' });
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, one));
    };

    // Warm-up, then the heap to compare with.
    await runPhase(WARMUP);
    const heapWarm = await b.heap();
    const warmCount = outcomes.length;

    // The run: a /reload by a moderator in the middle; with faults, a burst of 429s at a quarter and a
    // dropped gateway connection at three quarters.
    let reloadId: Promise<string> | undefined;
    const limits: Array<{ hits: number }> = [];
    const phaseStart = performance.now();
    await runPhase(COUNT, (n) => {
      if (FAULTS && n === Math.floor(COUNT / 4)) {
        limits.push(fake.failNext({ kind: 'callback' }, { status: 429, retryAfter: 0.05, times: 25 }));
      }
      if (n === Math.floor(COUNT / 2)) {
        reloadId = writeFile(
          join(seedsDir, '900_soak.txt'),
          'Un article ajouté pendant le soak\n\nLes abeilles noires de Ouessant sont protégées depuis 1987 par un conservatoire.\n',
        ).then(() => fake.command('reload', {}, { permissions: '32', roles: [MODERATOR_ROLE] }));
      }
      if (FAULTS && n === Math.floor((COUNT * 3) / 4)) fake.dropConnections();
    });
    const phaseMs = performance.now() - phaseStart;

    // The reload's report.
    const rid = await (reloadId as Promise<string>);
    const reloadEdit = await fake.waitForEdit(rid, 0, 60_000);
    const reloadTitle = (reloadEdit.data.embeds?.[0] as { title?: string } | undefined)?.title ?? '';

    // Stragglers: anything the bot might still send (a double answer would show up now).
    await new Promise((r) => setTimeout(r, 1_500));
    const heapEnd = await b.heap();

    // ---- Checks -------------------------------------------------------------------------------------
    const ids = [...outcomes.map((o) => o.id), rid];
    let lost = 0;
    let doubled = 0;
    let expired = 0;
    let retried = 0;
    for (const id of ids) {
      const callbacks = fake.responsesFor(id).filter((r) => r.kind === 'callback').length;
      if (callbacks === 0) lost++;
      if (callbacks > 1) doubled++;
      for (const r of fake.responsesFor(id, { includeRejected: true })) {
        if (r.status >= 200 && r.status < 300) continue;
        const code = (r.call.response as { code?: number } | undefined)?.code;
        if (code === 40060) doubled++;
        else if (code === 10062) expired++;
        else if (r.status === 429) retried++;
      }
    }
    const kinds = new Map<Kind, number>();
    for (const o of outcomes) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
    const count = (k: Kind) => kinds.get(k) ?? 0;
    const errors = b.logs.filter((l) => (l.level as number) >= 50);
    const warnings = b.logs.filter((l) => (l.level as number) === 40);
    const main = outcomes.slice(warmCount);
    const latencies = main
      .map((o) => o.latencyMs)
      .filter((ms) => !Number.isNaN(ms))
      .sort((x, y) => x - y);
    const growth = heapEnd.heapUsed - heapWarm.heapUsed;

    if (outcomes.length !== WARMUP + COUNT)
      failures.push(`${outcomes.length} outcomes for ${WARMUP + COUNT}`);
    if (lost > 0) failures.push(`${lost} interaction(s) lost (${count('lost')} never answered in 30 s)`);
    if (doubled > 0) failures.push(`${doubled} interaction(s) answered twice`);
    if (expired > 0) failures.push(`${expired} interaction(s) answered after the 3 s deadline`);
    if ((kinds.get('error') ?? 0) + (kinds.get('other') ?? 0) > 0) failures.push('some replies were errors');
    if ((kinds.get('cooldown') ?? 0) > 0) failures.push('some users hit the cooldown');
    if (reloadTitle !== messages('fr').reloadOkTitle) failures.push(`reload: "${reloadTitle}"`);
    if (errors.length > 0) failures.push(`${errors.length} error log line(s): ${JSON.stringify(errors[0])}`);
    if (b.exited() !== undefined) failures.push(`the bot exited (${b.exited()})`);
    if (growth > FLAT_BYTES) failures.push(`heap grew by ${MB(growth)}`);
    if (FAULTS && limits.reduce((n, l) => n + l.hits, 0) === 0) failures.push('the 429 burst never hit');

    // ---- Report -------------------------------------------------------------------------------------
    console.log(
      `interactions: ${ids.length} (${warmCount} warm-up + ${main.length} /ask + 1 /reload); ` +
        `answered ${count('answered')}, declined ${count('declined')}, cooldown ${count('cooldown')}, ` +
        `errors ${count('error') + count('other')}`,
    );
    console.log(
      `exactly once: lost ${lost}, doubled ${doubled}, expired ${expired}; 429s retried ${retried}`,
    );
    console.log(
      `latency (injection → first callback, ${main.length} /ask): p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
        `p95 ${percentile(latencies, 0.95).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, ` +
        `max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)} ms`,
    );
    console.log(
      `throughput: ${((main.length / phaseMs) * 1000).toFixed(0)} /ask per second (${(phaseMs / 1000).toFixed(1)} s)`,
    );
    console.log(`reload: "${reloadTitle}"; gateway: ${FAULTS ? 'dropped once, resumed' : 'untouched'}`);
    console.log(
      `heap after GC: warm-up ${MB(heapWarm.heapUsed)}, end ${MB(heapEnd.heapUsed)} ` +
        `(${growth >= 0 ? '+' : ''}${MB(growth)}); rss ${MB(heapWarm.rss)} → ${MB(heapEnd.rss)}`,
    );
    const said = new Map<string, number>();
    for (const l of warnings) said.set(String(l.msg), (said.get(String(l.msg)) ?? 0) + 1);
    console.log(
      `bot log: ${errors.length} errors, ${warnings.length} warnings` +
        `${said.size > 0 ? ` (${[...said].map(([m, n]) => `${n} × "${m}"`).join(', ')})` : ''}; ` +
        `process alive: ${b.exited() === undefined}`,
    );
    for (const o of outcomes.filter((x) => x.kind === 'lost').slice(0, 3)) {
      const attempts = fake
        .responsesFor(o.id, { includeRejected: true })
        .map(
          (r) => `${r.kind}:${r.status}:${(r.call.response as { code?: number } | undefined)?.code ?? ''}`,
        );
      const lines = b.logs.filter((l) => l.interactionId === o.id).map((l) => l.msg);
      console.log(`lost ${o.id}: attempts [${attempts.join(', ')}], bot log [${lines.join(', ')}]`);
    }
    console.log(`total time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    failures.push(`run failed: ${(err as Error).stack ?? String(err)}`);
    if (bot?.stderr()) failures.push(`bot stderr: ${bot.stderr().slice(-2000)}`);
  } finally {
    await bot?.stop().catch(() => {});
    await fake.close();
    await rm(work, { recursive: true, force: true });
    clearTimeout(deadline);
  }
  if (failures.length > 0) {
    console.log(`FAIL\n- ${failures.join('\n- ')}`);
    process.exitCode = 1;
  } else console.log('PASS: every interaction answered exactly once, no error, heap flat');
}

await main();
