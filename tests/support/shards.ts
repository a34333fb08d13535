import { expect } from 'vitest';
import type { FakeDiscord } from './fake-discord.js';

/** Both shards of two are connected to the gateway, each as its own shard. */
export async function expectBothShardsConnected(fake: FakeDiscord): Promise<void> {
  await fake.waitForConnected(2);
  expect(
    fake
      .connectedShards()
      .map((s) => s.join('/'))
      .sort(),
  ).toEqual(['0/2', '1/2']);
}
