/**
 * End-to-end checks of tests/support/fake-discord.ts with a plain discord.js Client (not the bot):
 * every assertion looks at both sides, what discord.js saw and what the fake recorded.
 */
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  DiscordAPIError,
  Events,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClientAgainst } from '../support/discord-client.js';
import { FakeDiscord, shardForGuild } from '../support/fake-discord.js';
import { expectBothShardsConnected } from '../support/shards.js';

/**
 * Sends an interaction with `send`, runs `handler` when the client receives it, and resolves with the
 * interaction id, the discord.js interaction and what the handler returned.
 */
async function exchange<T>(
  client: Client,
  send: () => Promise<string>,
  handler: (interaction: Interaction) => Promise<T>,
  timeoutMs = 5_000,
): Promise<{ id: string; interaction: Interaction; result: T }> {
  let resolveId: (id: string) => void = () => {};
  const idPromise = new Promise<string>((resolve) => {
    resolveId = resolve;
  });
  let listener: ((interaction: Interaction) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const handled = new Promise<{ interaction: Interaction; result: T }>((resolve, reject) => {
    listener = (interaction) => {
      void idPromise.then(async (id) => {
        if (interaction.id !== id) return;
        if (listener) client.off(Events.InteractionCreate, listener);
        try {
          resolve({ interaction, result: await handler(interaction) });
        } catch (error) {
          reject(error);
        }
      });
    };
    client.on(Events.InteractionCreate, listener);
    timer = setTimeout(() => reject(new Error(`interaction not handled within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const id = await send();
    resolveId(id);
    const { interaction, result } = await handled;
    return { id, interaction, result };
  } finally {
    clearTimeout(timer);
    if (listener) client.off(Events.InteractionCreate, listener);
  }
}

const SEARCH_COMMAND: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  name: 'search',
  description: 'Cherche dans le corpus',
  description_localizations: { fr: 'Cherche dans le corpus' },
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'query',
      description: 'La question',
      required: true,
      autocomplete: true,
    },
    { type: ApplicationCommandOptionType.Integer, name: 'limit', description: 'Nombre de citations' },
  ],
};

describe('FakeDiscord with a plain discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    client = await startClientAgainst(fake);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('gets the client ready: gateway info, IDENTIFY, READY and GUILD_CREATE', async () => {
    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.available).toBe(true);
    expect(guild?.name).toBe('Fake Guild 0');
    expect(guild?.preferredLocale).toBe('fr');
    expect(guild?.channels.cache.get(fake.guild.channels[0]?.id ?? '')?.name).toBe('general');
    expect(guild?.members.me?.id).toBe(fake.applicationId);
    expect(client.user?.id).toBe(fake.applicationId);
    expect(client.user?.bot).toBe(true);
    expect(client.application?.id).toBe(fake.applicationId);

    const gatewayCall = fake.calls.find((c) => c.path === '/api/v10/gateway/bot');
    expect(gatewayCall?.headers.authorization).toBe('Bot fake-token');
    expect(gatewayCall?.status).toBe(200);
    const identify = fake.gatewayLog.find((e) => e.direction === 'in' && e.op === 2);
    expect(identify?.d).toMatchObject({ shard: [0, 1], token: 'fake-token' });
    const sent = fake.gatewayLog.filter((e) => e.direction === 'out').map((e) => e.t ?? `op${e.op}`);
    expect(sent.slice(0, 3)).toEqual(['op10', 'READY', 'GUILD_CREATE']);
    expect(fake.connectedShards()).toEqual([[0, 1]]);
  });

  it('records registered commands and rejects invalid ones with 50035', async () => {
    const guildId = fake.guild.id;
    const set = await client.application?.commands.set(
      [{ name: 'ping', description: 'Ping', default_member_permissions: '32' }, SEARCH_COMMAND],
      guildId,
    );
    expect(set?.map((c) => c.name).sort()).toEqual(['ping', 'search']);
    const registered = fake.registeredCommands(guildId);
    expect(registered.map((c) => c.name)).toEqual(['ping', 'search']);
    expect(registered[0]?.default_member_permissions).toBe('32');
    const put = await fake.waitForCall({ method: 'PUT', kind: 'commands' });
    expect(put.path).toBe(`/api/v10/applications/${fake.applicationId}/guilds/${guildId}/commands`);

    const error = await client.application?.commands
      .set([{ name: 'Bad Name', description: 'x' }], guildId)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
    expect(fake.registeredCommands(guildId)).toHaveLength(2);
  });

  it('delivers a command and records reply({ content: "pong" })', async () => {
    const {
      id,
      interaction,
      result: fetched,
    } = await exchange(
      client,
      () => fake.command('ping'),
      async (i) => {
        if (!i.isChatInputCommand()) throw new Error(`unexpected interaction type ${i.type}`);
        await i.reply({ content: 'pong' });
        return i.fetchReply();
      },
    );
    expect(interaction.isChatInputCommand() && interaction.commandName).toBe('ping');
    expect(interaction.locale).toBe('fr');
    expect(interaction.guildId).toBe(fake.guild.id);
    expect(interaction.channelId).toBe(fake.guild.channels[0]?.id);
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(false);
    const reply = await fake.waitForReply(id);
    expect(reply.type).toBe(4);
    expect(reply.data.content).toBe('pong');
    expect(reply.status).toBe(204);
    expect(reply.call.headers.authorization).toBeUndefined();
    expect(fake.originalMessage(id)?.content).toBe('pong');
    expect(fetched.content).toBe('pong');
    expect(fetched.id).toBe(reply.messageId);
    expect(fetched.author.id).toBe(fake.applicationId);
  });

  it('types options from the registered command, sets permissions, answers with_response=true', async () => {
    const { id, interaction, result } = await exchange(
      client,
      () => fake.command('search', { query: 'bonjour', limit: 3 }, { permissions: '32', locale: 'en-US' }),
      async (i) => {
        if (!i.isChatInputCommand()) throw new Error('not a command');
        return i.reply({ content: `q=${i.options.getString('query')}`, withResponse: true });
      },
    );
    if (!interaction.isChatInputCommand()) throw new Error('not a command');
    expect(interaction.options.getString('query')).toBe('bonjour');
    expect(interaction.options.getInteger('limit')).toBe(3);
    expect(interaction.locale).toBe('en-US');
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    expect(result.resource?.message?.content).toBe('q=bonjour');
    expect(result.interaction.id).toBe(id);
    expect(result.interaction.responseMessageId).toBe(result.resource?.message?.id);
    const reply = await fake.waitForReply(id);
    expect(reply.call.query.with_response).toBe('true');
    expect(reply.status).toBe(200);
  });

  it('records deferReply, editReply (with a file) and followUp in order', async () => {
    const { id, result } = await exchange(
      client,
      () => fake.command('search', { query: 'long' }),
      async (i) => {
        if (!i.isChatInputCommand()) throw new Error('not a command');
        await i.deferReply({ flags: MessageFlags.Ephemeral });
        await i.editReply('working');
        const edited = await i.editReply({
          content: 'done',
          files: [new AttachmentBuilder(Buffer.from('hello file'), { name: 'quotes.txt' })],
        });
        const followUp = await i.followUp({ content: 'more' });
        await i.deleteReply(followUp.id);
        return { edited, followUp };
      },
    );
    const responses = await fake.waitForResponses(id, 5);
    expect(responses.map((r) => `${r.kind}${r.type ?? ''}`)).toEqual([
      'callback5',
      'edit',
      'edit',
      'followup',
      'delete',
    ]);
    expect(responses[4]?.messageId).toBe(result.followUp.id);
    expect(fake.message(result.followUp.id)).toBeUndefined();
    expect(responses[0]?.data.flags).toBe(MessageFlags.Ephemeral);
    expect(responses[1]?.data.content).toBe('working');
    expect(responses[1]?.call.rawPath).toMatch(/\/messages\/%40original$/);
    expect(responses[1]?.call.path).toMatch(/\/messages\/@original$/);
    expect(responses[2]?.files.map((f) => [f.name, f.text])).toEqual([['quotes.txt', 'hello file']]);
    expect(responses[2]?.call.headers.contentType).toMatch(/^multipart\/form-data/);
    expect(responses[3]?.data.content).toBe('more');
    expect((await fake.waitForEdit(id, 1)).data.content).toBe('done');
    expect((await fake.waitForFollowUp(id)).call.query.wait).toBe('true');
    // discord.js parsed the fake's message objects.
    expect(result.edited.content).toBe('done');
    expect(result.edited.attachments.first()?.name).toBe('quotes.txt');
    expect(result.edited.flags.has(MessageFlags.Ephemeral)).toBe(true);
    expect(result.followUp.content).toBe('more');
    expect(result.followUp.id).not.toBe(result.edited.id);
    const original = fake.originalMessage(id);
    expect(original?.content).toBe('done');
    expect(original?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('records an autocomplete respond() and rejects more than 25 choices', async () => {
    const { id, interaction } = await exchange(
      client,
      () => fake.autocomplete('search', 'query', 'bonj', { limit: 2 }),
      async (i) => {
        if (!i.isAutocomplete()) throw new Error('not autocomplete');
        await i.respond([{ name: 'bonjour', value: 'bonjour' }]);
      },
    );
    if (!interaction.isAutocomplete()) throw new Error('not autocomplete');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'query', value: 'bonj' });
    expect(interaction.options.getInteger('limit')).toBe(2);
    const reply = await fake.waitForReply(id);
    expect(reply.type).toBe(8);
    expect(reply.data.choices).toEqual([{ name: 'bonjour', value: 'bonjour' }]);

    const { result: error } = await exchange(
      client,
      () => fake.autocomplete('search', 'query', 'b'),
      async (i) => {
        if (!i.isAutocomplete()) throw new Error('not autocomplete');
        const choices = Array.from({ length: 26 }, (_, n) => ({ name: `c${n}`, value: `c${n}` }));
        return i.respond(choices).catch((e: unknown) => e);
      },
    );
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
  });

  it('delivers a button on the bot message and records update()', async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('page:2').setLabel('Suivant').setStyle(ButtonStyle.Primary),
    );
    const { id: commandId } = await exchange(
      client,
      () => fake.command('ping'),
      async (i) => {
        if (!i.isChatInputCommand()) throw new Error('not a command');
        await i.reply({ content: 'page 1', components: [row] });
      },
    );
    await fake.waitForReply(commandId);
    const messageId = fake.originalMessage(commandId)?.id as string;
    expect(messageId).toBeTruthy();

    const { id, interaction } = await exchange(
      client,
      () => fake.button('page:2', messageId),
      async (i) => {
        if (!i.isButton()) throw new Error('not a button');
        await i.update({ content: 'page 2', components: [] });
      },
    );
    if (!interaction.isButton()) throw new Error('not a button');
    expect(interaction.customId).toBe('page:2');
    expect(interaction.message.id).toBe(messageId);
    expect(interaction.message.content).toBe('page 1');
    const reply = await fake.waitForReply(id);
    expect(reply.type).toBe(7);
    expect(reply.data.content).toBe('page 2');
    expect(fake.message(messageId)?.content).toBe('page 2');

    // A select on the same message: deferUpdate (type 6), then editReply edits that message.
    const { id: selectId, interaction: select } = await exchange(
      client,
      () => fake.select('lang', ['fr'], messageId),
      async (i) => {
        if (!i.isStringSelectMenu()) throw new Error('not a select');
        await i.deferUpdate();
        await i.editReply({ content: 'langue : fr' });
      },
    );
    expect(select.isStringSelectMenu() && select.values).toEqual(['fr']);
    const [deferred, edit] = await fake.waitForResponses(selectId, 2);
    expect(deferred?.type).toBe(6);
    expect(edit?.messageId).toBe(messageId);
    expect(fake.message(messageId)?.content).toBe('langue : fr');
  });

  it('answers 429 with retry-after (and 500) and discord.js retries until it arrives', async () => {
    const callbackFault = fake.failNext({ kind: 'callback' }, { status: 429, retryAfter: 0.3 });
    const editFault = fake.failNext({ kind: 'edit' }, { status: 429, retryAfter: 0.2 });
    const serverError = fake.failNext({ kind: 'edit' }, { status: 500 });
    const { id } = await exchange(
      client,
      () => fake.command('ping'),
      async (i) => {
        if (!i.isChatInputCommand()) throw new Error('not a command');
        await i.deferReply();
        await i.editReply('after rate limit');
      },
    );
    expect(callbackFault.hits).toBe(1);
    expect(editFault.hits).toBe(1);
    expect(serverError.hits).toBe(1);
    const attempts = fake.responsesFor(id, { includeRejected: true });
    expect(attempts.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'callback:429',
      'callback:204',
      'edit:429',
      'edit:500',
      'edit:200',
    ]);
    const [first, second] = attempts;
    expect(first?.call.response).toMatchObject({ retry_after: 0.3, global: false });
    expect((second?.call.at ?? 0) - (first?.call.at ?? 0)).toBeGreaterThanOrEqual(250);
    expect(fake.responsesFor(id).map((r) => r.kind)).toEqual(['callback', 'edit']);
    expect(fake.originalMessage(id)?.content).toBe('after rate limit');
  });

  it('rejects an expired interaction with 10062 and a second callback with 40060', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const expired = exchange(
      client,
      async () => {
        const id = await fake.command('ping');
        fake.expire(id);
        release();
        return id;
      },
      async (i) => {
        if (!i.isChatInputCommand()) throw new Error('not a command');
        await gate;
        return i.reply('too late').catch((e: unknown) => e);
      },
    );
    const { id, result: error } = await expired;
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(10062);
    expect((error as DiscordAPIError).status).toBe(404);
    expect(fake.responsesFor(id)).toEqual([]);
    expect(fake.responsesFor(id, { includeRejected: true }).map((r) => r.status)).toEqual([404]);

    const { result: second } = await exchange(
      client,
      () => fake.command('ping'),
      async (i) => {
        if (!i.isChatInputCommand()) throw new Error('not a command');
        await i.reply('first');
        // discord.js refuses a second reply itself, so go around it.
        return client.rest
          .post(Routes.interactionCallback(i.id, i.token), {
            body: { type: 4, data: { content: 'second' } },
            auth: false,
          })
          .catch((e: unknown) => e);
      },
    );
    expect(second).toBeInstanceOf(DiscordAPIError);
    expect((second as DiscordAPIError).code).toBe(40060);
  });

  it('fills the deferred message with the first follow-up', async () => {
    const { id, result } = await exchange(
      client,
      () => fake.command('ping'),
      async (i) => {
        if (!i.isChatInputCommand()) throw new Error('not a command');
        await i.deferReply();
        return i.followUp('result');
      },
    );
    expect(result.id).toBe(fake.originalMessage(id)?.id);
    expect(fake.originalMessage(id)).toMatchObject({ content: 'result', flags: 0 });
  });

  it('delivers DM interactions with user instead of member', async () => {
    const { id, interaction } = await exchange(
      client,
      () => fake.command('ping', {}, { guildId: null, user: { username: 'dm-user' } }),
      async (i) => {
        if (i.isChatInputCommand()) await i.reply('dm pong');
      },
    );
    expect(interaction.guildId).toBeNull();
    expect(interaction.member).toBeNull();
    expect(interaction.user.username).toBe('dm-user');
    // The DM channel itself is only cached by clients with Partials.Channel, as with the real Discord.
    expect(interaction.channelId).toBe(fake.interactionPayload(id).channel_id);
    expect(fake.interactionPayload(id)).toMatchObject({
      channel: { type: 1 },
      user: { username: 'dm-user' },
    });
    expect((await fake.waitForReply(id)).data.content).toBe('dm pong');
    expect(interaction.context).toBe(1);
  });

  it('enforces limits (content > 2,000 → 50035) and the optional 3 s ack deadline', async () => {
    const { id, result } = await exchange(
      client,
      () => fake.command('ping'),
      async (i) => {
        if (!i.isChatInputCommand()) throw new Error('not a command');
        const tooLong = await i.reply('x'.repeat(2001)).catch((e: unknown) => e);
        await i.reply('x'.repeat(2000)); // the rejected callback did not acknowledge
        return tooLong;
      },
    );
    expect(result).toBeInstanceOf(DiscordAPIError);
    expect((result as DiscordAPIError).code).toBe(50035);
    expect((result as DiscordAPIError).rawError).toMatchObject({
      errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
    expect((await fake.waitForReply(id)).data.content).toHaveLength(2000);

    fake.ackDeadlineMs = 100;
    try {
      const { result: late } = await exchange(
        client,
        () => fake.command('ping'),
        async (i) => {
          if (!i.isChatInputCommand()) throw new Error('not a command');
          await new Promise((resolve) => setTimeout(resolve, 200));
          return i.deferReply().catch((e: unknown) => e);
        },
      );
      expect((late as DiscordAPIError).code).toBe(10062);
    } finally {
      fake.ackDeadlineMs = undefined;
    }
  });

  it('records unknown routes as 404', async () => {
    const error = await client.rest.get('/not/a/route').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(404);
    expect(fake.unknownCalls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/v10/not/a/route']);
  });

  it('survives dropped connections: RESUME → RESUMED, and op 7 RECONNECT', async () => {
    const mark = fake.gatewayLog.length;
    const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    fake.dropConnections();
    expect(fake.connectedShards()).toEqual([]);
    await fake.waitForConnected();
    await resumed;
    const after = fake.gatewayLog.slice(mark);
    expect(after.some((e) => e.direction === 'in' && e.op === 6)).toBe(true);
    expect(after.some((e) => e.direction === 'out' && e.t === 'RESUMED')).toBe(true);
    expect(after.some((e) => e.direction === 'in' && e.op === 2)).toBe(false);

    const { id } = await exchange(
      client,
      () => fake.command('ping'),
      async (i) => {
        if (i.isChatInputCommand()) await i.reply('still here');
      },
    );
    expect((await fake.waitForReply(id)).data.content).toBe('still here');

    const mark2 = fake.gatewayLog.length;
    fake.requestReconnect();
    await fake.waitForGateway((e) => e.t === 'RESUMED' && fake.gatewayLog.indexOf(e) >= mark2);
    const { id: id2 } = await exchange(
      client,
      () => fake.command('ping'),
      async (i) => {
        if (i.isChatInputCommand()) await i.reply('after op 7');
      },
    );
    expect((await fake.waitForReply(id2)).data.content).toBe('after op 7');

    const mark3 = fake.gatewayLog.length;
    fake.invalidateSessions(true);
    await fake.waitForGateway((e) => e.t === 'RESUMED' && fake.gatewayLog.indexOf(e) >= mark3);
    expect(fake.gatewayLog.slice(mark3).some((e) => e.direction === 'in' && e.op === 2)).toBe(false);
    await fake.waitForConnected();
  });

  it('survives an invalidated session: INVALID_SESSION → fresh IDENTIFY → READY', async () => {
    const mark = fake.gatewayLog.length;
    fake.dropConnections({ invalidateSessions: true });
    await fake.waitForConnected();
    const after = fake.gatewayLog.slice(mark);
    const ops = after.filter((e) => e.op !== 1 && e.op !== 11).map((e) => `${e.direction}:${e.t ?? e.op}`);
    expect(ops).toEqual(expect.arrayContaining(['in:6', 'out:9', 'in:2', 'out:READY', 'out:GUILD_CREATE']));
    expect(ops.indexOf('out:9')).toBeLessThan(ops.indexOf('in:2'));

    const { id } = await exchange(
      client,
      () => fake.command('ping'),
      async (i) => {
        if (i.isChatInputCommand()) await i.reply('new session');
      },
    );
    expect((await fake.waitForReply(id)).data.content).toBe('new session');
  });
});

describe('FakeDiscord with two shards', () => {
  it('hands out 2 shards, routes guilds and interactions by (guild_id >> 22) % 2, acks heartbeats', async () => {
    const fake = await FakeDiscord.start({ shards: 2, heartbeatIntervalMs: 250 });
    let client: Client | undefined;
    try {
      client = await startClientAgainst(fake, { shards: 'auto' });
      const [g0, g1] = fake.guilds;
      if (!g0 || !g1) throw new Error('expected two guilds');
      expect([shardForGuild(g0.id, 2), shardForGuild(g1.id, 2)]).toEqual([0, 1]);
      await expectBothShardsConnected(fake);
      expect(client.guilds.cache.get(g0.id)?.shardId).toBe(0);
      expect(client.guilds.cache.get(g1.id)?.shardId).toBe(1);

      const c = client;
      const { id, interaction } = await exchange(
        c,
        () => fake.command('ping', {}, { guildId: g1.id }),
        async (i) => {
          if (i.isChatInputCommand()) await i.reply('from shard 1');
        },
      );
      expect(interaction.guild?.shardId).toBe(1);
      const dispatch = fake.gatewayLog.find(
        (e) => e.t === 'INTERACTION_CREATE' && (e.d as { id?: string }).id === id,
      );
      expect(dispatch?.shard).toEqual([1, 2]);
      expect((await fake.waitForReply(id)).data.content).toBe('from shard 1');

      await fake.waitForGateway((e) => e.op === 11);
      await expect.poll(() => c.ws.ping, { timeout: 2_000 }).toBeGreaterThanOrEqual(0);
    } finally {
      await client?.destroy();
      await fake.close();
    }
  });
});
