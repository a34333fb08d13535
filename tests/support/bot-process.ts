import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'src/bot/main.ts');

/** `npm start` running in a child process, as a person would run it. */
export interface BotRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Every JSON log line written so far. */
  logs: () => Array<Record<string, unknown>>;
  /** The exit code, once the process has exited and all it (and its shards) wrote has been read. */
  exit: Promise<number | null>;
  /** Sends a signal to the whole process group: tsx, the bot it started, and any shard. */
  signal: (signal: NodeJS.Signals) => void;
  /** Leaves nothing behind: SIGTERM to the group, SIGKILL after 10 s if it is still there. */
  stop: () => Promise<void>;
}

/**
 * Starts `tsx src/bot/main.ts` in `cwd` with only these variables (and PATH, HOME): no .env, nothing
 * inherited. In a process group of its own, as in a terminal, so that a signal reaches every process.
 */
export function spawnBot(cwd: string, env: Record<string, string>): BotRun {
  const child = spawn(TSX, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name);
    } catch {
      // The group is gone.
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    signal('SIGKILL');
  };
  const logs = () =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, stdout: () => out, stderr: () => err, logs, exit, signal, stop };
}
