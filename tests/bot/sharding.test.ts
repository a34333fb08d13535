import type { ShardClientUtil } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchGatewayInfo } from '../../src/bot/manager.js';
import { exposeReload, ipcPeers, RELOAD_HOOK } from '../../src/bot/shard-peers.js';
import { parseConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log/logger.js';
import { payloadProblems } from '../../src/reply/limits.js';
import { renderShardReloadReport } from '../../src/reply/reload.js';
import type { CorpusService, ReloadReport } from '../../src/service/corpus-service.js';
import { reloadAllShards, type ShardReload } from '../../src/service/shard-reload.js';
import { FakeDiscord } from '../support/fake-discord.js';

const report = (over: Partial<ReloadReport> = {}): ReloadReport => ({
  status: 'ok',
  added: [],
  removed: [],
  changed: [],
  articlesBefore: 5,
  articlesAfter: 5,
  paragraphsBefore: 55,
  paragraphsAfter: 55,
  durationMs: 12,
  problems: [],
  ignored: [],
  ...over,
});

describe('SHARD_COUNT', () => {
  const parse = (value: string | undefined) => parseConfig({ DISCORD_TOKEN: 'token', SHARD_COUNT: value });

  it('defaults to 1 and takes a whole number or auto', () => {
    for (const [value, expected] of [
      [undefined, 1],
      ['', 1],
      ['1', 1],
      [' 4 ', 4],
      ['auto', 'auto'],
      ['AUTO', 'auto'],
    ] as const) {
      const parsed = parse(value);
      expect(parsed.ok && parsed.config.SHARD_COUNT).toBe(expected);
    }
  });

  it('names a bad value in one line', () => {
    for (const value of ['0', '-2', '1.5', 'many']) {
      const parsed = parse(value);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok)
        expect(parsed.message).toMatch(/SHARD_COUNT must be a whole number greater than 0, or auto/);
    }
  });
});

describe('reloadAllShards', () => {
  it('reloads this process once, asks the others, and reports every shard in order', async () => {
    let local = 0;
    const asked: number[] = [];
    const results = await reloadAllShards({
      count: 3,
      local: [1],
      reloadLocal: async () => {
        local += 1;
        return report({ articlesAfter: 6 });
      },
      reloadRemote: async (shard) => {
        asked.push(shard);
        return JSON.parse(JSON.stringify(report({ articlesAfter: 6, durationMs: shard })));
      },
    });
    expect(local).toBe(1);
    expect(asked.sort()).toEqual([0, 2]);
    expect(results.map((r) => [r.shard, r.status])).toEqual([
      [0, 'ok'],
      [1, 'ok'],
      [2, 'ok'],
    ]);
  });

  it('asks the other shards once this process has built and saved the index, which they then load', async () => {
    const events: string[] = [];
    await reloadAllShards({
      count: 3,
      local: [0],
      reloadLocal: async () => {
        events.push('local start');
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push('local end');
        return report();
      },
      reloadRemote: async (shard) => {
        events.push(`remote ${shard}`);
        return report();
      },
    });
    expect(events.slice(0, 2)).toEqual(['local start', 'local end']);
    expect(events.slice(2).sort()).toEqual(['remote 1', 'remote 2']);
  });

  it('keeps going when a shard fails, is busy, starting, unreachable, silent or answers nonsense', async () => {
    const results = await reloadAllShards({
      count: 7,
      local: [0],
      reloadLocal: async () => report(),
      reloadRemote: async (shard) => {
        if (shard === 1) return report({ status: 'failed', error: 'no article could be loaded' });
        if (shard === 2) return report({ status: 'busy' });
        if (shard === 3) return null;
        if (shard === 4) throw new Error("Shard 4's process does not exist");
        if (shard === 5) return new Promise(() => {});
        return { status: 'ok' };
      },
      timeoutMs: 50,
    });
    expect(results.map((r) => r.status)).toEqual([
      'ok',
      'failed',
      'busy',
      'unreachable',
      'unreachable',
      'unreachable',
      'unreachable',
    ]);
    const errors = results.map((r) => (r.status === 'unreachable' ? r.error : undefined));
    expect(errors[3]).toMatch(/still starting/);
    expect(errors[4]).toBe("Shard 4's process does not exist");
    expect(errors[5]).toMatch(/no answer from shard 5/);
    expect(errors[6]).toMatch(/unexpected answer/);
  });
});

describe('IPC reload between shard processes', () => {
  let withdraw: (() => void) | undefined;
  afterEach(() => withdraw?.());

  it('broadcastEval runs a self-contained script that calls the target shard’s exposed reload', async () => {
    const service = { reload: async () => report({ articlesAfter: 7 }) } as unknown as CorpusService;
    withdraw = exposeReload(service, createLogger({ level: 'silent' }));
    const sent: Array<{ script: string; shard: number | undefined }> = [];
    // What discord.js does with the function: its source text, evaluated in the target process.
    const util = {
      ids: [0],
      count: 2,
      broadcastEval: async (fn: unknown, options: { shard?: number; context?: unknown }) => {
        const script = `(${String(fn)})(this, ${JSON.stringify(options.context)})`;
        sent.push({ script, shard: options.shard });
        // In a scope of its own, as in discord.js's Client#_eval: only globals are reachable.
        // biome-ignore lint/security/noGlobalEval: this is how the target shard runs the script.
        const run = globalThis.eval;
        return JSON.parse(JSON.stringify(await run(script)));
      },
    } as unknown as ShardClientUtil;
    const peers = ipcPeers(util);
    expect([peers.ids, peers.count]).toEqual([[0], 2]);
    const answer = (await peers.reload(1, 'req-1')) as ReloadReport;
    expect(answer.articlesAfter).toBe(7);
    expect(sent[0]?.shard).toBe(1);
    expect(sent[0]?.script).toContain(RELOAD_HOOK);
    expect(sent[0]?.script).toContain('req-1');
    withdraw();
    withdraw = undefined;
    expect(await peers.reload(1, 'req-2')).toBeNull();
  });
});

describe('fetchGatewayInfo (SHARD_COUNT=auto)', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('reads the recommended count from DISCORD_API_URL and refuses a bad token in one line', async () => {
    fake = await FakeDiscord.start({ token: 'good-token-0123456789', shards: 3 });
    const config = { DISCORD_API_URL: fake.apiUrl, SHARD_COUNT: 'auto' as const };
    expect(await fetchGatewayInfo({ ...config, DISCORD_TOKEN: 'good-token-0123456789' })).toEqual({
      shards: 3,
      maxConcurrency: 16,
    });
    await expect(fetchGatewayInfo({ ...config, DISCORD_TOKEN: 'wrong-token-0123456789' })).rejects.toThrow(
      /Discord refused DISCORD_TOKEN/,
    );
  });
});

describe('renderShardReloadReport', () => {
  const ok = (shard: number, over: Partial<ReloadReport> = {}): ShardReload => ({
    shard,
    status: 'ok',
    report: report({ articlesAfter: 6, paragraphsAfter: 57, added: ['010_abeilles.txt'], ...over }),
  });
  const fieldsOf = (results: ShardReload[], lang: 'fr' | 'en' = 'fr') => {
    const embed = renderShardReloadReport(results, lang).embeds?.[0];
    return {
      embed,
      fields: Object.fromEntries((embed?.fields ?? []).map((f) => [f.name, f.value])),
    };
  };

  it('lists every shard, then what changed', () => {
    const { embed, fields } = fieldsOf([ok(0), ok(1)]);
    expect(embed?.title).toBe('Corpus rechargé');
    expect(embed?.description).toBe('2 shards : 2 rechargés.');
    expect(fields['Shards (2)']).toBe(
      '• shard 0 : ok — 6 articles, 57 paragraphes, 12 ms\n• shard 1 : ok — 6 articles, 57 paragraphes, 12 ms',
    );
    expect(fields['Ajoutés (1)']).toBe('• 010\\_abeilles.txt');
    expect(fields.Articles).toBe('5 → 6');
  });

  it('names the shard that failed first, and says it kept its index', () => {
    const results: ShardReload[] = [
      ok(0),
      {
        shard: 1,
        status: 'failed',
        report: report({ status: 'failed', error: 'cannot build the index: boom' }),
      },
    ];
    const { embed, fields } = fieldsOf(results, 'en');
    expect(embed?.title).toBe('Reload incomplete');
    expect(embed?.description).toBe('2 shards: 1 reloaded, 1 failed (index kept).');
    expect(fields['Shards (2)']?.split('\n')).toEqual([
      '• shard 1: **failed** — cannot build the index: boom — index kept (5 articles, 55 paragraphs)',
      '• shard 0: ok — 6 articles, 57 paragraphs, 12 ms',
    ]);
    expect(fields['Added (1)']).toBe('• 010\\_abeilles.txt');
  });

  it('reports unreachable and busy shards, and a reload that failed everywhere', () => {
    const busy: ShardReload = { shard: 0, status: 'busy', report: report({ status: 'busy' }) };
    const down: ShardReload = { shard: 1, status: 'unreachable', error: "Shard 1's process does not exist" };
    const { embed, fields } = fieldsOf([busy, down]);
    expect(embed?.title).toBe('Échec du rechargement');
    expect(embed?.description).toBe('2 shards : 1 déjà en cours de rechargement, 1 injoignable.');
    expect(fields['Shards (2)']).toContain("• shard 1 : **injoignable** — Shard 1's process does not exist");
    expect(fieldsOf([busy, { ...busy, shard: 1 }]).embed?.title).toBe('Rechargement déjà en cours');
    const failed = (shard: number): ShardReload => ({
      shard,
      status: 'failed',
      report: report({
        status: 'failed',
        error: 'no article could be loaded',
        problems: [{ file: 'a.txt', reason: 'empty' }],
      }),
    });
    const all = fieldsOf([failed(0), failed(1)], 'en');
    expect(all.embed?.title).toBe('Reload failed');
    expect(all.fields['Refused files (1)']).toBe('• a.txt — empty');
  });

  it('stays within Discord’s limits with many shards and long lists, failed shards named first', () => {
    const long = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => `${prefix}_${'x'.repeat(60)}_${i}.txt`);
    const big = report({
      articlesAfter: 900,
      added: long(200, 'added'),
      removed: long(200, 'removed'),
      changed: long(200, 'changed'),
      ignored: long(200, 'ignored'),
      problems: long(200, 'bad').map((file) => ({ file, reason: 'r'.repeat(250) })),
    });
    const results: ShardReload[] = Array.from({ length: 64 }, (_, shard) =>
      shard === 50
        ? { shard, status: 'failed', report: report({ status: 'failed', error: 'e'.repeat(5000) }) }
        : shard === 63
          ? { shard, status: 'unreachable', error: '@everyone <@123> '.repeat(100) }
          : { shard, status: 'ok', report: big },
    );
    for (const lang of ['fr', 'en'] as const) {
      const payload = renderShardReloadReport(results, lang);
      expect(payloadProblems(payload)).toEqual([]);
      const shards = payload.embeds?.[0]?.fields?.[0]?.value ?? '';
      expect(shards.split('\n')[0]).toMatch(/^• shard 63/);
      expect(shards.split('\n')[1]).toMatch(/^• shard 50/);
    }
  });
});
