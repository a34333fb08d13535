import type { ReloadReport } from './corpus-service.js';

/**
 * One shard's part in a reload of every shard, independent of any transport (Discord, IPC, logs).
 * `ok` / `failed` / `busy` carry that shard's own report (a failed shard keeps its previous index);
 * `unreachable`: the shard could not be asked (process down or respawning, still starting, no answer in
 * time) — its index is whatever it was.
 */
export type ShardReload =
  | { shard: number; status: ReloadReport['status']; report: ReloadReport }
  | { shard: number; status: 'unreachable'; error: string };

export interface ShardReloadTargets {
  /** How many shards the bot runs (ids 0 … count-1). */
  count: number;
  /** The shard ids this process serves: reloaded in place, once. */
  local: readonly number[];
  reloadLocal(): Promise<ReloadReport>;
  /**
   * Asks another shard's process to reload. Resolves with its report, or `null` when that shard
   * cannot reload yet (it is still starting); rejects when it cannot be reached.
   */
  reloadRemote(shard: number): Promise<unknown>;
  /** How long to wait for each remote shard (default 60 s). */
  timeoutMs?: number;
}

const STATUSES = new Set<string>(['ok', 'failed', 'busy']);

/** A report that came over IPC, checked before it is shown to anyone. */
function asReport(value: unknown): ReloadReport | undefined {
  const r = value as Partial<ReloadReport> | null;
  if (!r || typeof r !== 'object' || typeof r.status !== 'string' || !STATUSES.has(r.status))
    return undefined;
  const lists = [r.added, r.removed, r.changed, r.problems, r.ignored];
  const counts = [r.articlesBefore, r.articlesAfter, r.paragraphsBefore, r.paragraphsAfter, r.durationMs];
  if (!lists.every(Array.isArray) || !counts.every((n) => typeof n === 'number')) return undefined;
  return r as ReloadReport;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from ${what} within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Reloads every shard: this process's shards in place first, then the others through `reloadRemote`, at
 * once. The first reload builds the index and saves it; the other shards, which share the saved index,
 * then load it (about a second at 100k paragraphs) instead of each building the same index again.
 * Never rejects: each shard gets a result, in shard order.
 */
export async function reloadAllShards(targets: ShardReloadTargets): Promise<ShardReload[]> {
  const timeoutMs = targets.timeoutMs ?? 60_000;
  const local = new Set(targets.local);
  const localRun = local.size > 0 ? targets.reloadLocal() : undefined;
  const ids = Array.from({ length: Math.max(targets.count, 1) }, (_, i) => i);
  return Promise.all(
    ids.map(async (shard): Promise<ShardReload> => {
      try {
        if (localRun && local.has(shard)) {
          const report = await localRun;
          return { shard, status: report.status, report };
        }
        // whatever came of it: a failed local build leaves each shard to build its own
        await localRun?.catch(() => undefined);
        const answer = await withTimeout(targets.reloadRemote(shard), timeoutMs, `shard ${shard}`);
        if (answer === null || answer === undefined) {
          return { shard, status: 'unreachable', error: 'the shard is still starting' };
        }
        const report = asReport(answer);
        if (!report) return { shard, status: 'unreachable', error: 'unexpected answer from the shard' };
        return { shard, status: report.status, report };
      } catch (err) {
        return { shard, status: 'unreachable', error: message(err) };
      }
    }),
  );
}

/** Counts by status, for logs and the reply's summary line. */
export function countShardReloads(results: readonly ShardReload[]): Record<ShardReload['status'], number> {
  const counts = { ok: 0, failed: 0, busy: 0, unreachable: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}
