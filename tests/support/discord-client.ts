import { Client, type ClientOptions, Events, GatewayIntentBits } from 'discord.js';
import type { FakeDiscord } from './fake-discord.js';

export interface StartClientOptions extends Partial<ClientOptions> {
  /** Default 'fake-token'. */
  token?: string;
  /** Give up waiting for ClientReady after this long. Default 10 s. */
  readyTimeoutMs?: number;
  /**
   * Skip @discordjs/ws's identify throttle (one IDENTIFY per 5 s per bucket), so that a re-IDENTIFY after
   * INVALID_SESSION happens at once. Default true.
   */
  noIdentifyThrottle?: boolean;
}

/**
 * A plain discord.js Client (intents: Guilds) logged in against the fake, resolved once ClientReady fired.
 * Call `client.destroy()` when done.
 */
export async function startClientAgainst(
  fake: FakeDiscord,
  options: StartClientOptions = {},
): Promise<Client> {
  const {
    token = 'fake-token',
    readyTimeoutMs = 10_000,
    noIdentifyThrottle = true,
    ...clientOptions
  } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...clientOptions,
    rest: { ...clientOptions.rest, api: fake.apiUrl },
    ws: {
      ...clientOptions.ws,
      ...(noIdentifyThrottle ? { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) } : {}),
    },
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`discord.js client not ready after ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    );
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return client;
}
