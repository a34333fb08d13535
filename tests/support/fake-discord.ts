/**
 * A fake Discord (REST v10 + gateway v10) listening on 127.0.0.1, for end-to-end tests of a discord.js bot.
 *
 * - One `http.Server` on an ephemeral port serves REST under `/api/v10/...` and accepts gateway WebSocket
 *   upgrades on any path (discord.js connects to `ws://127.0.0.1:PORT?v=10&encoding=json`).
 * - Every REST call is recorded (`calls`), every gateway frame too (`gatewayLog`).
 * - Interactions are injected with `command` / `autocomplete` / `button` / `select` / `sendInteraction`,
 *   routed to the shard that owns the guild, and what the bot sends back is collected per interaction
 *   (`responsesFor`, `waitForReply`, `waitForEdit`, `waitForFollowUp`, `waitForResponses`).
 * - Faults: `failNext` (429 with retry-after, 5xx, 4xx), `delayNext`, `dropConnections` (abrupt close, then
 *   RESUME → RESUMED, or INVALID_SESSION and a fresh IDENTIFY), `requestReconnect` (op 7), `expire`.
 *
 * The module imports discord.js for types only, so it also works when the bot runs in another process.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIApplicationCommand,
  APIChannel,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  GuildMemberFlags,
  RoleFlags,
  UserFlags,
} from 'discord.js';
import { type RawData, WebSocket, WebSocketServer } from 'ws';

// ---------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------

export type JsonObject = Record<string, unknown>;

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  /** File name as sent by the client. */
  name: string;
  contentType: string;
  data: Buffer;
  /** `data` decoded as UTF-8 (handy for text attachments). */
  text: string;
}

export type CallKind =
  | 'gateway'
  | 'user'
  | 'application'
  | 'commands'
  | 'callback'
  | 'webhook-get'
  | 'edit'
  | 'delete'
  | 'followup'
  | 'channel'
  | 'guild'
  | 'attachment'
  | 'unknown';

export interface RecordedCall {
  /** 1-based position in `calls`. */
  seq: number;
  method: string;
  /** Decoded pathname, e.g. `/api/v10/webhooks/1/tok/messages/@original` (`%40original` is decoded). */
  path: string;
  /** Pathname exactly as received. */
  rawPath: string;
  query: Record<string, string>;
  headers: { authorization?: string; contentType?: string; auditLogReason?: string };
  /** Parsed JSON body, or the parsed `payload_json` part of a multipart body; `undefined` when empty. */
  body: unknown;
  files: RecordedFile[];
  /** Arrival time (ms since epoch). Calls are appended when answered, so a delayed call can come later. */
  at: number;
  kind: CallKind;
  /** Set for interaction callbacks and webhook calls made with an interaction token. */
  interactionId?: string;
  status: number;
  response: unknown;
  /** True when the answer came from `failNext`. */
  injected: boolean;
}

export type CallMatcher =
  | ((call: RecordedCall) => boolean)
  | {
      method?: string;
      path?: string | RegExp;
      kind?: CallKind | CallKind[];
      interactionId?: string;
    };

export interface FaultOptions {
  status: number;
  /** JSON body. Defaults: 429 → `{ message, retry_after, global }`; otherwise `{ message, code: 0 }`. */
  body?: unknown;
  /** Seconds, for 429: sets the `retry-after` header and `retry_after` in the body. Default 0.1. */
  retryAfter?: number;
  /** For 429: adds `x-ratelimit-global: true`. */
  global?: boolean;
  /** How many matching calls get this answer. Default 1; `Infinity` for all. */
  times?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  headers?: Record<string, string>;
}

export interface FaultHandle {
  /** How many calls were answered by this fault so far. */
  readonly hits: number;
  readonly remaining: number;
  cancel(): void;
}

export interface ResponseData {
  content?: string;
  embeds?: JsonObject[];
  components?: JsonObject[];
  flags?: number;
  choices?: Array<{ name: string; value: string | number; name_localizations?: unknown }>;
  attachments?: JsonObject[];
  allowed_mentions?: JsonObject;
  [key: string]: unknown;
}

export interface InteractionResponse {
  kind: 'callback' | 'edit' | 'followup' | 'delete';
  interactionId: string;
  /** Interaction callback type for `callback` (4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  type?: number;
  /** The callback's `data`, or the PATCH / POST body for edits and follow-ups. */
  data: ResponseData;
  files: RecordedFile[];
  /** The message created or changed, if any. */
  messageId?: string;
  /** Snapshot of that message right after this response. */
  message?: JsonObject;
  status: number;
  at: number;
  call: RecordedCall;
}

export interface GatewayLogEntry {
  at: number;
  /** Connection number (1, 2, ...): a new one per WebSocket. */
  connection: number;
  /** `in`: sent by the client; `out`: sent by the fake. */
  direction: 'in' | 'out';
  op: number;
  t?: string | null;
  s?: number | null;
  d: unknown;
  /** `[shardId, shardCount]` of the session bound to the connection, if any. */
  shard?: [number, number];
}

export interface FakeChannel {
  id: string;
  name: string;
  /** 0 text, 2 voice, 4 category, 5 announcement, ... */
  type: number;
}

export interface FakeGuild {
  id: string;
  name: string;
  locale: string;
  ownerId: string;
  channels: FakeChannel[];
  /** The @everyone role has the guild's id. */
  everyoneRoleId: string;
  botRoleId: string;
}

export interface FakeGuildOptions {
  id?: string;
  name?: string;
  locale?: string;
  ownerId?: string;
  channels?: Array<Partial<FakeChannel>>;
}

export interface FakeDiscordOptions {
  /** Shard count advertised by `/gateway/bot`. Default 1. */
  shards?: number;
  /** Guilds the bot is in. Default: one per shard (guild i lands on shard i), each with a `general` text channel. */
  guilds?: FakeGuildOptions[];
  /** HELLO heartbeat_interval in ms. Default 41250. */
  heartbeatIntervalMs?: number;
  applicationId?: string;
  botUsername?: string;
  /** If set, only this token is accepted (REST `Authorization: Bot <token>` and IDENTIFY); otherwise any. */
  token?: string;
  /** If set, a first callback later than this after injection gets 404 10062 (Discord: 3000). Default off. */
  ackDeadlineMs?: number;
  /** Interaction token lifetime. Default 15 min. */
  tokenLifetimeMs?: number;
  /** `session_start_limit.max_concurrency`. Default 16 so that shards identify without the 5 s stagger. */
  maxConcurrency?: number;
  /** Enforce Discord's payload limits (2,000 chars, 10 embeds, 25 choices, ...) with 400 50035. Default true. */
  validate?: boolean;
  /** Default `locale` of injected interactions. Default 'fr'. */
  locale?: string;
}

export interface InteractionOptions {
  /** Guild the interaction comes from; `null` for a DM. Default: the first guild. */
  guildId?: string | null;
  /** Default: the guild's first text channel (or a DM channel). */
  channelId?: string;
  /** Invoking user (merged onto the default user). */
  user?: Partial<APIUser>;
  /** `member.permissions` (bitfield as string, number or bigint), e.g. "32" = Manage Server, "0" = none. */
  permissions?: string | number | bigint;
  /** `member.roles`. Default []. */
  roles?: string[];
  /** Extra fields merged onto `member`. */
  member?: JsonObject;
  locale?: string;
  /** `guild_locale`. Default: the guild's locale. */
  guildLocale?: string;
  /** `app_permissions` bitfield. Default: a generous set (send, embed, attach, ...). */
  appPermissions?: string | number | bigint;
  /** `data.resolved` for user / role / channel / attachment options. */
  resolved?: JsonObject;
  subcommand?: string;
  subcommandGroup?: string;
  /** Fields merged onto the final payload (shallow), to test odd shapes. */
  overrides?: JsonObject;
  /** How long to wait for a connected shard that owns the guild. Default 10 s. */
  shardTimeoutMs?: number;
}

export type OptionValue = string | number | boolean;
export type CommandOptionsInput = Record<string, OptionValue> | JsonObject[];

// ---------------------------------------------------------------------------------------------------------
// Constants and small helpers
// ---------------------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1_420_070_400_000n;
const API_PREFIX = '/api/v10';
const DEFAULT_TIMEOUT_MS = 5_000;

/** Discord permission bits used for defaults. */
const P = {
  createInstantInvite: 1n << 0n,
  addReactions: 1n << 6n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  readMessageHistory: 1n << 16n,
  useExternalEmojis: 1n << 18n,
  changeNickname: 1n << 26n,
  useApplicationCommands: 1n << 31n,
  sendMessagesInThreads: 1n << 38n,
};
const MEMBER_PERMISSIONS = (
  P.createInstantInvite |
  P.addReactions |
  P.viewChannel |
  P.sendMessages |
  P.embedLinks |
  P.attachFiles |
  P.readMessageHistory |
  P.useExternalEmojis |
  P.changeNickname |
  P.useApplicationCommands |
  P.sendMessagesInThreads
).toString();
const APP_PERMISSIONS = MEMBER_PERMISSIONS;

const MESSAGE_FLAG_EPHEMERAL = 1 << 6;
const MESSAGE_FLAG_LOADING = 1 << 7;
const MESSAGE_FLAG_COMPONENTS_V2 = 1 << 15;

const VALID_LOCALES = new Set([
  'id',
  'da',
  'de',
  'en-GB',
  'en-US',
  'es-ES',
  'es-419',
  'fr',
  'hr',
  'it',
  'lt',
  'hu',
  'nl',
  'no',
  'pl',
  'pt-BR',
  'ro',
  'fi',
  'sv-SE',
  'vi',
  'tr',
  'cs',
  'el',
  'bg',
  'ru',
  'uk',
  'hi',
  'th',
  'zh-CN',
  'ja',
  'zh-TW',
  'ko',
]);

const COMMAND_NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Callback types allowed per interaction type (2 command, 3 component, 4 autocomplete, 5 modal submit). */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  2: [4, 5, 9],
  3: [4, 5, 6, 7, 9],
  4: [8],
  5: [4, 5, 6, 7],
};

let snowflakeIncrement = 0n;

/** A Discord snowflake for `timestampMs` (default now). */
export function snowflake(timestampMs: number = Date.now()): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  const ms = BigInt(Math.floor(timestampMs)) - DISCORD_EPOCH;
  return ((ms << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

/** The shard that owns a guild: `(guild_id >> 22) % shardCount`. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A snowflake whose guild would land on `shardId` out of `shardCount`. */
function snowflakeOnShard(shardId: number, shardCount: number, baseMs: number): string {
  let ms = baseMs;
  while (shardForGuild(snowflake(ms), shardCount) !== shardId) ms += 1;
  return snowflake(ms);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function permissionString(value: string | number | bigint): string {
  return typeof value === 'string' ? value : BigInt(value).toString();
}

function matches(matcher: CallMatcher, call: RecordedCall): boolean {
  if (typeof matcher === 'function') return matcher(call);
  if (matcher.method && matcher.method.toUpperCase() !== call.method) return false;
  if (matcher.kind) {
    const kinds = Array.isArray(matcher.kind) ? matcher.kind : [matcher.kind];
    if (!kinds.includes(call.kind)) return false;
  }
  if (matcher.interactionId && matcher.interactionId !== call.interactionId) return false;
  if (matcher.path !== undefined) {
    if (
      typeof matcher.path === 'string' ? !call.path.includes(matcher.path) : !matcher.path.test(call.path)
    ) {
      return false;
    }
  }
  return true;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes instead of JSON. */
  raw?: { data: Buffer; contentType: string };
}

function json(status: number, body?: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

function apiError(status: number, code: number, message: string): Reply {
  return json(status, { message, code });
}

const unknownInteraction = (): Reply => apiError(404, 10062, 'Unknown interaction');
const alreadyAcknowledged = (): Reply => apiError(400, 40060, 'Interaction has already been acknowledged.');
const unknownMessage = (): Reply => apiError(404, 10008, 'Unknown Message');
const unknownWebhook = (): Reply => apiError(404, 10015, 'Unknown Webhook');
const invalidWebhookToken = (): Reply => apiError(401, 50027, 'Invalid Webhook Token');
const emptyMessage = (): Reply => apiError(400, 50006, 'Cannot send an empty message');

type FieldErrors = Record<string, unknown>;

function formError(errors: FieldErrors): Reply {
  return json(400, { message: 'Invalid Form Body', code: 50035, errors });
}

/** Sets `{ _errors: [{ code, message }] }` at a dotted path inside `errors`. */
function addError(errors: FieldErrors, path: Array<string | number>, code: string, message: string): void {
  let node: FieldErrors = errors;
  for (const key of path) {
    const k = String(key);
    if (!isObject(node[k])) node[k] = {};
    node = node[k] as FieldErrors;
  }
  const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : [];
  list.push({ code, message });
  node._errors = list;
}

function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

// ---------------------------------------------------------------------------------------------------------
// Internal state types
// ---------------------------------------------------------------------------------------------------------

interface Connection {
  id: number;
  ws: WebSocket;
  open: boolean;
  session?: Session;
}

interface Session {
  id: string;
  shard: [number, number];
  seq: number;
  log: Array<{ s: number; text: string }>;
  conn?: Connection;
  /** READY or RESUMED has been sent on `conn`. */
  live: boolean;
  invalidated: boolean;
}

interface InteractionState {
  id: string;
  token: string;
  type: number;
  payload: JsonObject;
  guildId?: string;
  channelId: string;
  user: APIUser;
  sentAt: number;
  shard: [number, number];
  acknowledged: boolean;
  ackType?: number;
  expired: boolean;
  originalMessageId?: string;
  componentMessageId?: string;
  messageIds: Set<string>;
  responses: InteractionResponse[];
  rejected: InteractionResponse[];
}

interface Fault {
  matcher: CallMatcher;
  options: FaultOptions | undefined;
  delayOnlyMs?: number;
  remaining: number;
  hits: number;
}

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

// ---------------------------------------------------------------------------------------------------------
// FakeDiscord
// ---------------------------------------------------------------------------------------------------------

export class FakeDiscord {
  /** Every REST call, in the order they were answered. */
  readonly calls: RecordedCall[] = [];
  /** Every gateway frame in both directions. */
  readonly gatewayLog: GatewayLogEntry[] = [];
  readonly guilds: FakeGuild[];
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** The user who invokes interactions unless `opts.user` says otherwise. */
  readonly defaultUser: APIUser;
  readonly shardCount: number;
  /** Whether heartbeats (op 1) are answered with op 11. Set false to simulate a zombie connection. */
  heartbeatAcks = true;
  /** See `FakeDiscordOptions.ackDeadlineMs`; may be changed between tests. */
  ackDeadlineMs: number | undefined;
  /** See `FakeDiscordOptions.tokenLifetimeMs`; may be changed between tests. */
  tokenLifetimeMs: number;

  readonly #server: http.Server;
  readonly #wss: WebSocketServer;
  readonly #options: FakeDiscordOptions;
  readonly #heartbeatIntervalMs: number;
  #port = 0;
  #closed = false;
  #connectionCounter = 0;
  readonly #connections = new Set<Connection>();
  readonly #sessions = new Map<string, Session>();
  readonly #interactions = new Map<string, InteractionState>();
  readonly #byToken = new Map<string, InteractionState>();
  readonly #messages = new Map<string, JsonObject>();
  readonly #files = new Map<string, RecordedFile>();
  readonly #faults: Fault[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #globalCommands: APIApplicationCommand[] = [];
  readonly #guildCommands = new Map<string, APIApplicationCommand[]>();
  readonly #commandIds = new Map<string, string>();

  private constructor(options: FakeDiscordOptions) {
    this.#options = options;
    this.shardCount = Math.max(1, options.shards ?? 1);
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.ackDeadlineMs = options.ackDeadlineMs;
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 15 * 60_000;
    const base = Date.now() - 86_400_000;
    this.applicationId = options.applicationId ?? snowflake(base - 1_000_000);
    this.botUser = {
      id: this.applicationId,
      username: options.botUsername ?? 'fake-bot',
      discriminator: '0000',
      global_name: null,
      avatar: null,
      bot: true,
      flags: 0 as UserFlags,
      public_flags: 0 as UserFlags,
    } satisfies APIUser;
    this.defaultUser = {
      id: snowflake(base - 2_000_000),
      username: 'tester',
      discriminator: '0',
      global_name: 'Tester',
      avatar: null,
      public_flags: 0 as UserFlags,
    } satisfies APIUser;
    const guildOptions: FakeGuildOptions[] =
      options.guilds ?? Array.from({ length: this.shardCount }, (): FakeGuildOptions => ({}));
    this.guilds = guildOptions.map((g, i) => {
      const id = g.id ?? snowflakeOnShard(i % this.shardCount, this.shardCount, base + i * 1000);
      const channels = (g.channels ?? [{}]).map(
        (c, j): FakeChannel => ({
          id: c.id ?? snowflake(base + i * 1000 + 100 + j),
          name: c.name ?? (j === 0 ? 'general' : `channel-${j}`),
          type: c.type ?? 0,
        }),
      );
      return {
        id,
        name: g.name ?? `Fake Guild ${i}`,
        locale: g.locale ?? 'fr',
        ownerId: g.ownerId ?? this.defaultUser.id,
        channels,
        everyoneRoleId: id,
        botRoleId: snowflake(base + i * 1000 + 50),
      };
    });
    this.#server = http.createServer((req, res) => {
      void this.#onRequest(req, res);
    });
    this.#wss = new WebSocketServer({ noServer: true });
    this.#server.on('upgrade', (req, socket, head) => {
      if (this.#closed) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, req));
    });
  }

  /** Starts a fake on 127.0.0.1 with an ephemeral port (HTTP and WebSocket share it). */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(0, '127.0.0.1', () => {
        fake.#server.off('error', reject);
        resolve();
      });
    });
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  get port(): number {
    return this.#port;
  }

  /** Pass as `new Client({ rest: { api: fake.apiUrl } })`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.#port}`;
  }

  /** The first guild (every fake has at least one unless `guilds: []`). */
  get guild(): FakeGuild {
    const guild = this.guilds[0];
    if (!guild) throw new Error('FakeDiscord: no guild configured');
    return guild;
  }

  /** Calls that hit no known route (answered 404). */
  get unknownCalls(): RecordedCall[] {
    return this.calls.filter((c) => c.kind === 'unknown');
  }

  /** Stops everything: sockets are terminated, the server closed, pending waits rejected. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const waiter of [...this.#waiters]) waiter.fail(new Error('FakeDiscord closed'));
    for (const conn of this.#connections) {
      conn.open = false;
      conn.ws.terminate();
    }
    this.#connections.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------------------
  // Recording and waiting
  // -------------------------------------------------------------------------------------------------------

  /** Forget recorded REST calls and gateway frames (interactions and sessions are kept). */
  clearCalls(): void {
    this.calls.length = 0;
    this.gatewayLog.length = 0;
  }

  /** Resolves with the first recorded call (past or future) that matches. */
  waitForCall(matcher: CallMatcher, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<RecordedCall> {
    return this.#waitFor(
      () => this.calls.find((c) => matches(matcher, c)),
      timeoutMs,
      'a matching REST call',
    );
  }

  /** Resolves with the first gateway frame (past or future) that matches. */
  waitForGateway(
    predicate: (entry: GatewayLogEntry) => boolean,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<GatewayLogEntry> {
    return this.#waitFor(() => this.gatewayLog.find(predicate), timeoutMs, 'a matching gateway frame');
  }

  /**
   * Resolves when `count` gateway sessions (default: `shardCount`) are connected and READY or RESUMED,
   * each on a distinct shard. Useful right after `dropConnections()`.
   */
  waitForConnected(count = this.shardCount, timeoutMs = 10_000): Promise<void> {
    return this.#waitFor(
      () => {
        const live = new Set<string>();
        for (const s of this.#sessions.values()) if (this.#isLive(s)) live.add(s.shard.join('/'));
        return live.size >= count ? true : undefined;
      },
      timeoutMs,
      `${count} connected gateway session(s)`,
    ).then(() => undefined);
  }

  /** The shard ids of the currently connected sessions, e.g. `[[0, 2], [1, 2]]`. */
  connectedShards(): Array<[number, number]> {
    return [...this.#sessions.values()].filter((s) => this.#isLive(s)).map((s) => s.shard);
  }

  /**
   * What the bot sent for an interaction, in order: the callback, then edits, follow-ups and deletions.
   * Rejected attempts (non-2xx answers, injected faults included) are left out unless `includeRejected`.
   */
  responsesFor(interactionId: string, options: { includeRejected?: boolean } = {}): InteractionResponse[] {
    const state = this.#interaction(interactionId);
    if (!options.includeRejected) return [...state.responses];
    return [...state.responses, ...state.rejected].sort((a, b) => a.call.seq - b.call.seq);
  }

  /** The first accepted interaction callback (type + data). */
  async waitForReply(interactionId: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<InteractionResponse> {
    const state = this.#interaction(interactionId);
    return this.#waitFor(
      () => state.responses.find((r) => r.kind === 'callback'),
      timeoutMs,
      `the callback of interaction ${interactionId}`,
    );
  }

  /** The `index`-th accepted edit (PATCH of @original or of a follow-up). */
  async waitForEdit(
    interactionId: string,
    index = 0,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<InteractionResponse> {
    const state = this.#interaction(interactionId);
    return this.#waitFor(
      () => state.responses.filter((r) => r.kind === 'edit')[index],
      timeoutMs,
      `edit #${index} of interaction ${interactionId}`,
    );
  }

  /** The `index`-th accepted follow-up. */
  async waitForFollowUp(
    interactionId: string,
    index = 0,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<InteractionResponse> {
    const state = this.#interaction(interactionId);
    return this.#waitFor(
      () => state.responses.filter((r) => r.kind === 'followup')[index],
      timeoutMs,
      `follow-up #${index} of interaction ${interactionId}`,
    );
  }

  /** The first `count` accepted responses of any kind. */
  async waitForResponses(
    interactionId: string,
    count: number,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<InteractionResponse[]> {
    const state = this.#interaction(interactionId);
    return this.#waitFor(
      () => (state.responses.length >= count ? state.responses.slice(0, count) : undefined),
      timeoutMs,
      `${count} response(s) to interaction ${interactionId}`,
    );
  }

  /** The current state of the interaction's original response message (after edits), if any. */
  originalMessage(interactionId: string): JsonObject | undefined {
    const state = this.#interaction(interactionId);
    return state.originalMessageId ? this.#messages.get(state.originalMessageId) : undefined;
  }

  /** A message the bot created through an interaction, by id (current state). */
  message(messageId: string): JsonObject | undefined {
    return this.#messages.get(messageId);
  }

  /** The full INTERACTION_CREATE payload that was dispatched. */
  interactionPayload(interactionId: string): JsonObject {
    return this.#interaction(interactionId).payload;
  }

  /** Whether the interaction has been acknowledged (a callback was accepted). */
  isAcknowledged(interactionId: string): boolean {
    return this.#interaction(interactionId).acknowledged;
  }

  // -------------------------------------------------------------------------------------------------------
  // Fault injection
  // -------------------------------------------------------------------------------------------------------

  /**
   * The next `times` calls that match get this answer instead of the normal one. Faults are checked in
   * the order they were added; the interaction state is not touched by a faulted call.
   */
  failNext(matcher: CallMatcher, options: FaultOptions): FaultHandle {
    return this.#addFault({ matcher, options, remaining: options.times ?? 1, hits: 0 });
  }

  /** The next `times` matching calls are answered normally, but only after `ms`. */
  delayNext(matcher: CallMatcher, ms: number, times = 1): FaultHandle {
    return this.#addFault({ matcher, options: undefined, delayOnlyMs: ms, remaining: times, hits: 0 });
  }

  clearFaults(): void {
    this.#faults.length = 0;
  }

  /** From now on the interaction's token is dead: callbacks get 404 10062, webhook calls 401 50027. */
  expire(interactionId: string): void {
    this.#interaction(interactionId).expired = true;
  }

  /**
   * Abruptly closes every gateway socket (the client sees close code 1006 and tries to RESUME).
   * With `invalidateSessions`, RESUME is answered with INVALID_SESSION (op 9, d: false) and the client
   * must IDENTIFY again. Follow with `waitForConnected()`.
   */
  dropConnections(options: { invalidateSessions?: boolean } = {}): void {
    for (const session of this.#sessions.values()) {
      if (options.invalidateSessions) session.invalidated = true;
      session.live = false;
      session.conn = undefined;
    }
    for (const conn of this.#connections) {
      conn.open = false;
      conn.ws.terminate();
    }
    this.#connections.clear();
    this.#poke();
  }

  /** Sends op 7 RECONNECT on every connection: the client closes and resumes. */
  requestReconnect(): void {
    for (const conn of this.#connections) {
      if (conn.session) conn.session.live = false;
      this.#send(conn, { op: 7, d: null, s: null, t: null });
    }
    this.#poke();
  }

  /** Sends op 9 INVALID_SESSION on every connection (`resumable` is its `d`). */
  invalidateSessions(resumable = false): void {
    for (const conn of this.#connections) {
      if (conn.session) {
        conn.session.live = false;
        if (!resumable) conn.session.invalidated = true;
      }
      this.#send(conn, { op: 9, d: resumable, s: null, t: null });
    }
    this.#poke();
  }

  // -------------------------------------------------------------------------------------------------------
  // Commands registered by the bot
  // -------------------------------------------------------------------------------------------------------

  /** Commands registered with PUT/POST: global ones, or a guild's when `guildId` is given. */
  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return guildId ? [...(this.#guildCommands.get(guildId) ?? [])] : [...this.#globalCommands];
  }

  // -------------------------------------------------------------------------------------------------------
  // Injecting interactions
  // -------------------------------------------------------------------------------------------------------

  /**
   * Injects a chat-input command (interaction type 2, command type 1). `options` is either a record
   * (`{ query: 'x', limit: 3 }`, types taken from the registered command when there is one, otherwise
   * inferred: string 3, integer 4, number 10, boolean 5) or raw API options. Returns the interaction id.
   */
  async command(
    name: string,
    options: CommandOptionsInput = {},
    opts: InteractionOptions = {},
  ): Promise<string> {
    const guildId = this.#guildIdOf(opts);
    const def = this.#findCommand(name, guildId);
    const data: JsonObject = {
      id: def?.id ?? this.#commandId(name),
      name,
      type: 1,
    };
    if (def?.guild_id) data.guild_id = def.guild_id;
    const built = this.#buildOptions(def, options, opts);
    if (built.length > 0) data.options = built;
    if (opts.resolved) data.resolved = opts.resolved;
    return this.sendInteraction({ type: 2, data }, opts);
  }

  /**
   * Injects an autocomplete interaction (type 4) for `name`, with `focusedOption` set to `value` and
   * `focused: true`, plus the other options already filled in.
   */
  async autocomplete(
    name: string,
    focusedOption: string,
    value: string | number,
    otherOptions: CommandOptionsInput = {},
    opts: InteractionOptions = {},
  ): Promise<string> {
    const guildId = this.#guildIdOf(opts);
    const def = this.#findCommand(name, guildId);
    const leafDefs = this.#leafOptionDefs(def, opts);
    const focusedDef = leafDefs?.find((o) => o.name === focusedOption);
    const others = Array.isArray(otherOptions)
      ? otherOptions
      : Object.entries(otherOptions).map(([k, v]) => this.#option(k, v, leafDefs));
    const focused: JsonObject = {
      type: typeof focusedDef?.type === 'number' ? focusedDef.type : typeof value === 'number' ? 4 : 3,
      name: focusedOption,
      value,
      focused: true,
    };
    const data: JsonObject = {
      id: def?.id ?? this.#commandId(name),
      name,
      type: 1,
      options: this.#wrapSubcommand([...others, focused], opts),
    };
    if (def?.guild_id) data.guild_id = def.guild_id;
    return this.sendInteraction({ type: 4, data }, opts);
  }

  /**
   * Injects a button click (type 3, component_type 2). `message` is the message the button is on: a
   * message id the bot created (see `originalMessage`), a message object, or omitted (a stub bot message).
   */
  async button(
    customId: string,
    message?: string | JsonObject,
    opts: InteractionOptions = {},
  ): Promise<string> {
    return this.sendInteraction(
      {
        type: 3,
        data: { custom_id: customId, component_type: 2 },
        message: this.#componentMessage(message, opts),
      },
      opts,
    );
  }

  /** Injects a string select (type 3, component_type 3) with the chosen `values`. */
  async select(
    customId: string,
    values: string[],
    message?: string | JsonObject,
    opts: InteractionOptions = {},
  ): Promise<string> {
    return this.sendInteraction(
      {
        type: 3,
        data: { custom_id: customId, component_type: 3, values },
        message: this.#componentMessage(message, opts),
      },
      opts,
    );
  }

  /**
   * Completes `partial` (at least `type` and `data`) into a full INTERACTION_CREATE, dispatches it on the
   * shard that owns the guild (waiting for that shard to be connected) and returns the interaction id.
   */
  async sendInteraction(partial: JsonObject, opts: InteractionOptions = {}): Promise<string> {
    if (this.#closed) throw new Error('FakeDiscord is closed');
    const payload = this.#buildInteraction(partial, opts);
    const id = payload.id as string;
    const guildId = typeof payload.guild_id === 'string' ? payload.guild_id : undefined;
    const session = await this.#waitFor(
      () => this.#liveSessionFor(guildId),
      opts.shardTimeoutMs ?? 10_000,
      `a connected gateway session for ${guildId ? `guild ${guildId}` : 'DMs (shard 0)'}`,
    );
    const user = (isObject(payload.member) ? payload.member.user : payload.user) as APIUser;
    const state: InteractionState = {
      id,
      token: payload.token as string,
      type: payload.type as number,
      payload,
      channelId: payload.channel_id as string,
      user,
      sentAt: Date.now(),
      shard: session.shard,
      acknowledged: false,
      expired: false,
      messageIds: new Set(),
      responses: [],
      rejected: [],
    };
    if (guildId) state.guildId = guildId;
    if (isObject(payload.message) && typeof payload.message.id === 'string') {
      state.componentMessageId = payload.message.id;
      if (!this.#messages.has(payload.message.id))
        this.#messages.set(payload.message.id, { ...payload.message });
    }
    this.#interactions.set(id, state);
    this.#byToken.set(state.token, state);
    this.#dispatch(session, 'INTERACTION_CREATE', payload);
    return id;
  }

  // -------------------------------------------------------------------------------------------------------
  // Interaction payload building
  // -------------------------------------------------------------------------------------------------------

  #guildIdOf(opts: InteractionOptions): string | undefined {
    if (opts.guildId === null) return undefined;
    return opts.guildId ?? this.guilds[0]?.id;
  }

  #buildInteraction(partial: JsonObject, opts: InteractionOptions): JsonObject {
    const guildId = this.#guildIdOf(opts);
    const guild = guildId ? this.guilds.find((g) => g.id === guildId) : undefined;
    const user: APIUser = { ...this.defaultUser, ...opts.user };
    const createdAt = Date.now();
    const id = typeof partial.id === 'string' ? partial.id : snowflake(createdAt);
    const token =
      typeof partial.token === 'string'
        ? partial.token
        : `fake-itok-${id}-${randomBytes(18).toString('base64url')}`;
    const payload: JsonObject = {
      id,
      application_id: this.applicationId,
      type: partial.type,
      data: partial.data,
      token,
      version: 1,
      locale: opts.locale ?? this.#options.locale ?? 'fr',
      app_permissions: permissionString(opts.appPermissions ?? APP_PERMISSIONS),
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (guildId) {
      const textChannel = guild?.channels.find((c) => c.type === 0) ?? guild?.channels[0];
      const channelId = opts.channelId ?? textChannel?.id ?? snowflake();
      const channel = guild?.channels.find((c) => c.id === channelId);
      const member = {
        user,
        roles: opts.roles ?? [],
        permissions: permissionString(opts.permissions ?? MEMBER_PERMISSIONS),
        nick: null,
        avatar: null,
        banner: null,
        joined_at: new Date(createdAt - 86_400_000).toISOString(),
        premium_since: null,
        deaf: false,
        mute: false,
        flags: 0 as GuildMemberFlags,
        pending: false,
        communication_disabled_until: null,
      } satisfies APIInteractionGuildMember;
      Object.assign(payload, {
        guild_id: guildId,
        guild: { id: guildId, locale: guild?.locale ?? 'fr', features: [] },
        guild_locale: opts.guildLocale ?? guild?.locale ?? 'fr',
        channel_id: channelId,
        channel: {
          id: channelId,
          type: channel?.type ?? 0,
          name: channel?.name ?? 'general',
          guild_id: guildId,
          position: 0,
          permission_overwrites: [],
          nsfw: false,
          parent_id: null,
          topic: null,
          last_message_id: null,
          rate_limit_per_user: 0,
          flags: 0,
          permissions: permissionString(opts.appPermissions ?? APP_PERMISSIONS),
        },
        member: { ...member, ...opts.member },
        authorizing_integration_owners: { '0': guildId },
        context: 0,
      });
    } else {
      const channelId = opts.channelId ?? snowflake();
      Object.assign(payload, {
        channel_id: channelId,
        channel: { id: channelId, type: 1, recipients: [user], last_message_id: null, flags: 0 },
        user,
        authorizing_integration_owners: { '0': '0' },
        context: 1,
      });
    }
    for (const [key, value] of Object.entries(partial)) {
      if (key !== 'type' && key !== 'data' && key !== 'id' && key !== 'token') payload[key] = value;
    }
    if (opts.overrides) Object.assign(payload, opts.overrides);
    return payload;
  }

  #findCommand(name: string, guildId: string | undefined): APIApplicationCommand | undefined {
    const guildCmds = guildId ? (this.#guildCommands.get(guildId) ?? []) : [];
    return guildCmds.find((c) => c.name === name) ?? this.#globalCommands.find((c) => c.name === name);
  }

  #commandId(name: string): string {
    let id = this.#commandIds.get(name);
    if (!id) {
      id = snowflake();
      this.#commandIds.set(name, id);
    }
    return id;
  }

  /** Option definitions that apply at the leaf level (inside the subcommand, if any). */
  #leafOptionDefs(
    def: APIApplicationCommand | undefined,
    opts: InteractionOptions,
  ): JsonObject[] | undefined {
    let list = def?.options as unknown as JsonObject[] | undefined;
    if (opts.subcommandGroup) {
      list = list?.find((o) => o.name === opts.subcommandGroup)?.options as JsonObject[] | undefined;
    }
    if (opts.subcommand)
      list = list?.find((o) => o.name === opts.subcommand)?.options as JsonObject[] | undefined;
    return list;
  }

  #option(name: string, value: OptionValue, defs: JsonObject[] | undefined): JsonObject {
    const def = defs?.find((o) => o.name === name);
    let type: number;
    if (typeof def?.type === 'number') type = def.type;
    else if (typeof value === 'boolean') type = 5;
    else if (typeof value === 'number') type = Number.isInteger(value) ? 4 : 10;
    else type = 3;
    return { type, name, value };
  }

  #wrapSubcommand(options: JsonObject[], opts: InteractionOptions): JsonObject[] {
    let wrapped = options;
    if (opts.subcommand) wrapped = [{ type: 1, name: opts.subcommand, options: wrapped }];
    if (opts.subcommandGroup) wrapped = [{ type: 2, name: opts.subcommandGroup, options: wrapped }];
    return wrapped;
  }

  #buildOptions(
    def: APIApplicationCommand | undefined,
    options: CommandOptionsInput,
    opts: InteractionOptions,
  ): JsonObject[] {
    if (Array.isArray(options)) return this.#wrapSubcommand(options, opts);
    const defs = this.#leafOptionDefs(def, opts);
    const leaf = Object.entries(options).map(([k, v]) => this.#option(k, v, defs));
    return opts.subcommand || opts.subcommandGroup ? this.#wrapSubcommand(leaf, opts) : leaf;
  }

  #componentMessage(message: string | JsonObject | undefined, opts: InteractionOptions): JsonObject {
    if (typeof message === 'string') {
      const stored = this.#messages.get(message);
      if (!stored) throw new Error(`FakeDiscord: unknown message ${message}`);
      return { ...stored };
    }
    const guildId = this.#guildIdOf(opts);
    const guild = guildId ? this.guilds.find((g) => g.id === guildId) : undefined;
    const channelId = opts.channelId ?? guild?.channels[0]?.id ?? snowflake();
    const base = this.#makeMessage({ channelId, guildId, content: 'stub message with components' });
    return message ? { ...base, ...message } : base;
  }

  // -------------------------------------------------------------------------------------------------------
  // Messages
  // -------------------------------------------------------------------------------------------------------

  #makeMessage(init: {
    channelId: string;
    guildId?: string | undefined;
    content?: string;
    flags?: number;
    type?: number;
    interaction?: InteractionState;
  }): JsonObject {
    const it = init.interaction;
    const message = {
      id: snowflake(),
      type: init.type ?? 0,
      channel_id: init.channelId,
      author: this.botUser,
      content: init.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      flags: init.flags ?? 0,
      webhook_id: this.applicationId,
      application_id: this.applicationId,
    } satisfies APIMessage;
    const result: JsonObject = { ...message };
    if (init.guildId) result.guild_id = init.guildId;
    if (it) {
      const data = isObject(it.payload.data) ? it.payload.data : {};
      result.interaction_metadata = {
        id: it.id,
        type: it.type,
        user: it.user,
        authorizing_integration_owners: it.payload.authorizing_integration_owners,
        ...(typeof data.name === 'string' ? { name: data.name, command_type: data.type } : {}),
        ...(it.componentMessageId ? { interacted_message_id: it.componentMessageId } : {}),
      };
    }
    return result;
  }

  #attachmentsFor(files: RecordedFile[], declared: unknown, channelId: string): JsonObject[] {
    const declaredList = Array.isArray(declared) ? declared.filter(isObject) : [];
    return files.map((file, index) => {
      const id = snowflake();
      const meta = declaredList.find((a) => String(a.id) === String(index)) ?? {};
      this.#files.set(id, file);
      const url = `http://127.0.0.1:${this.#port}/attachments/${channelId}/${id}/${encodeURIComponent(file.name)}`;
      const attachment: JsonObject = {
        id,
        filename: typeof meta.filename === 'string' ? meta.filename : file.name,
        size: file.data.length,
        url,
        proxy_url: url,
        content_type: file.contentType,
      };
      if (typeof meta.description === 'string') attachment.description = meta.description;
      return attachment;
    });
  }

  /** Applies a message body (create or edit) onto `message`. */
  #applyBody(message: JsonObject, body: ResponseData, files: RecordedFile[], editing: boolean): void {
    for (const key of ['content', 'embeds', 'components', 'poll', 'tts'] as const) {
      if (body[key] !== undefined) message[key] = body[key];
    }
    if (typeof body.flags === 'number') {
      const keep = (message.flags as number) & (MESSAGE_FLAG_EPHEMERAL | MESSAGE_FLAG_LOADING);
      message.flags = editing ? keep | (body.flags & ~MESSAGE_FLAG_EPHEMERAL) : body.flags;
    }
    const channelId = message.channel_id as string;
    if (editing) {
      if (Array.isArray(body.attachments) || files.length > 0) {
        const existing = Array.isArray(message.attachments) ? message.attachments.filter(isObject) : [];
        const keptIds = new Set(
          (Array.isArray(body.attachments) ? body.attachments.filter(isObject) : []).map((a) => String(a.id)),
        );
        const kept = Array.isArray(body.attachments)
          ? existing.filter((a) => keptIds.has(String(a.id)))
          : existing;
        message.attachments = [...kept, ...this.#attachmentsFor(files, body.attachments, channelId)];
      }
      const wasLoading = ((message.flags as number) & MESSAGE_FLAG_LOADING) !== 0;
      message.flags = (message.flags as number) & ~MESSAGE_FLAG_LOADING;
      if (!wasLoading) message.edited_timestamp = new Date().toISOString();
    } else {
      message.attachments = this.#attachmentsFor(files, body.attachments, channelId);
    }
  }

  #isEmptyMessage(message: JsonObject): boolean {
    const nonEmptyArray = (v: unknown) => Array.isArray(v) && v.length > 0;
    return (
      lengthOf(message.content) === 0 &&
      !nonEmptyArray(message.embeds) &&
      !nonEmptyArray(message.attachments) &&
      !nonEmptyArray(message.components) &&
      !isObject(message.poll) &&
      !nonEmptyArray(message.sticker_ids)
    );
  }

  // -------------------------------------------------------------------------------------------------------
  // Validation (Discord's documented limits)
  // -------------------------------------------------------------------------------------------------------

  #validateMessage(body: ResponseData, errors: FieldErrors, prefix: string[]): void {
    if (this.#options.validate === false) return;
    if (body.content !== undefined && body.content !== null) {
      if (typeof body.content !== 'string')
        addError(
          errors,
          [...prefix, 'content'],
          'STRING_TYPE_CONVERT',
          'Could not interpret value as string.',
        );
      else if (lengthOf(body.content) > 2000) {
        addError(errors, [...prefix, 'content'], 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
      }
    }
    if (Array.isArray(body.embeds)) {
      if (body.embeds.length > 10) {
        addError(errors, [...prefix, 'embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
      }
      let total = 0;
      body.embeds.forEach((embed, i) => {
        if (!isObject(embed)) return;
        const path = [...prefix, 'embeds', String(i)];
        const check = (value: unknown, max: number, field: Array<string | number>) => {
          const n = lengthOf(value);
          total += n;
          if (n > max)
            addError(
              errors,
              [...path, ...field],
              'BASE_TYPE_MAX_LENGTH',
              `Must be ${max} or fewer in length.`,
            );
        };
        check(embed.title, 256, ['title']);
        check(embed.description, 4096, ['description']);
        if (isObject(embed.footer)) check(embed.footer.text, 2048, ['footer', 'text']);
        if (isObject(embed.author)) check(embed.author.name, 256, ['author', 'name']);
        if (Array.isArray(embed.fields)) {
          if (embed.fields.length > 25) {
            addError(errors, [...path, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
          }
          embed.fields.forEach((field, j) => {
            if (!isObject(field)) return;
            check(field.name, 256, ['fields', j, 'name']);
            check(field.value, 1024, ['fields', j, 'value']);
            if (lengthOf(field.name) === 0 || lengthOf(field.value) === 0) {
              addError(errors, [...path, 'fields', j], 'BASE_TYPE_REQUIRED', 'This field is required');
            }
          });
        }
      });
      if (total > 6000) {
        addError(
          errors,
          [...prefix, 'embeds'],
          'MAX_EMBED_SIZE_EXCEEDED',
          'Embed size exceeds maximum size of 6000',
        );
      }
    }
    const flags = typeof body.flags === 'number' ? body.flags : 0;
    if (Array.isArray(body.components) && (flags & MESSAGE_FLAG_COMPONENTS_V2) === 0) {
      if (body.components.length > 5) {
        addError(errors, [...prefix, 'components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
      }
      body.components.forEach((row, i) => {
        if (!isObject(row) || !Array.isArray(row.components)) return;
        if (row.components.length > 5) {
          addError(
            errors,
            [...prefix, 'components', i, 'components'],
            'BASE_TYPE_MAX_LENGTH',
            'Must be 5 or fewer in length.',
          );
        }
        row.components.forEach((component, j) => {
          if (!isObject(component)) return;
          const path = [...prefix, 'components', i, 'components', j];
          if (lengthOf(component.custom_id) > 100) {
            addError(
              errors,
              [...path, 'custom_id'],
              'BASE_TYPE_MAX_LENGTH',
              'Must be 100 or fewer in length.',
            );
          }
          if (lengthOf(component.label) > 80) {
            addError(errors, [...path, 'label'], 'BASE_TYPE_MAX_LENGTH', 'Must be 80 or fewer in length.');
          }
          if (
            component.type === 2 &&
            component.style !== 5 &&
            component.style !== 6 &&
            component.custom_id === undefined
          ) {
            addError(errors, [...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
          }
        });
      });
    }
  }

  #validateChoices(data: ResponseData, errors: FieldErrors): void {
    if (this.#options.validate === false) return;
    const choices = data.choices;
    if (!Array.isArray(choices)) {
      addError(errors, ['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
      return;
    }
    if (choices.length > 25) {
      addError(errors, ['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    }
    choices.forEach((choice, i) => {
      if (!isObject(choice)) return;
      const n = lengthOf(choice.name);
      if (n < 1 || n > 100) {
        addError(
          errors,
          ['data', 'choices', i, 'name'],
          'BASE_TYPE_BAD_LENGTH',
          'Must be between 1 and 100 in length.',
        );
      }
      if (typeof choice.value === 'string' && lengthOf(choice.value) > 100) {
        addError(
          errors,
          ['data', 'choices', i, 'value'],
          'BASE_TYPE_MAX_LENGTH',
          'Must be 100 or fewer in length.',
        );
      }
    });
  }

  #validateCommand(cmd: unknown, errors: FieldErrors, path: Array<string | number>): void {
    if (!isObject(cmd)) {
      addError(errors, path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    const type = typeof cmd.type === 'number' ? cmd.type : 1;
    const checkName = (name: unknown, at: Array<string | number>, lowercase: boolean) => {
      if (
        typeof name !== 'string' ||
        !COMMAND_NAME_RE.test(name) ||
        (lowercase && name !== name.toLowerCase())
      ) {
        addError(errors, at, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      }
    };
    const checkDescription = (description: unknown, at: Array<string | number>) => {
      const n = lengthOf(description);
      if (n < 1 || n > 100)
        addError(errors, at, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    };
    const checkLocalizations = (
      value: unknown,
      at: Array<string | number>,
      each: (v: unknown, p: Array<string | number>) => void,
    ) => {
      if (!isObject(value)) return;
      for (const [locale, text] of Object.entries(value)) {
        if (!VALID_LOCALES.has(locale)) {
          addError(
            errors,
            [...at, locale],
            'BASE_TYPE_CHOICES',
            `Value must be one of ${[...VALID_LOCALES].join(', ')}.`,
          );
        } else each(text, [...at, locale]);
      }
    };
    checkName(cmd.name, [...path, 'name'], type === 1);
    checkLocalizations(cmd.name_localizations, [...path, 'name_localizations'], (v, p) =>
      checkName(v, p, type === 1),
    );
    if (type === 1) {
      checkDescription(cmd.description, [...path, 'description']);
      checkLocalizations(
        cmd.description_localizations,
        [...path, 'description_localizations'],
        checkDescription,
      );
    }
    const checkOptions = (options: unknown, at: Array<string | number>) => {
      if (options === undefined || options === null) return;
      if (!Array.isArray(options)) {
        addError(errors, at, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
        return;
      }
      if (options.length > 25) addError(errors, at, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      let sawOptional = false;
      const names = new Set<string>();
      options.forEach((option, i) => {
        if (!isObject(option)) return;
        const p = [...at, i];
        checkName(option.name, [...p, 'name'], true);
        checkLocalizations(option.name_localizations, [...p, 'name_localizations'], (v, q) =>
          checkName(v, q, true),
        );
        checkDescription(option.description, [...p, 'description']);
        checkLocalizations(
          option.description_localizations,
          [...p, 'description_localizations'],
          checkDescription,
        );
        if (typeof option.name === 'string') {
          if (names.has(option.name)) {
            addError(
              errors,
              [...p, 'name'],
              'APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME',
              'Option names must be unique',
            );
          }
          names.add(option.name);
        }
        if (option.required === true && sawOptional) {
          addError(
            errors,
            p,
            'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
            'Required options must be placed before non-required options',
          );
        }
        if (option.required !== true && option.type !== 1 && option.type !== 2) sawOptional = true;
        if (Array.isArray(option.choices)) {
          if (option.choices.length > 25) {
            addError(errors, [...p, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
          }
          if (option.autocomplete === true) {
            addError(
              errors,
              [...p, 'autocomplete'],
              'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES',
              'Autocomplete cannot be set with choices',
            );
          }
        }
        if (option.type === 1 || option.type === 2) checkOptions(option.options, [...p, 'options']);
      });
    };
    checkOptions(cmd.options, [...path, 'options']);
  }

  #storeCommand(
    cmd: JsonObject,
    guildId: string | undefined,
    previous: APIApplicationCommand[],
  ): APIApplicationCommand {
    const type = typeof cmd.type === 'number' ? cmd.type : 1;
    const old = previous.find((c) => c.name === cmd.name && c.type === type);
    const stored: JsonObject = {
      id: old?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      type,
      name: cmd.name,
      name_localizations: cmd.name_localizations ?? null,
      description: cmd.description ?? '',
      description_localizations: cmd.description_localizations ?? null,
      default_member_permissions: cmd.default_member_permissions ?? null,
      dm_permission: cmd.dm_permission ?? true,
      nsfw: cmd.nsfw ?? false,
      integration_types: cmd.integration_types ?? [0],
      contexts: cmd.contexts ?? null,
    };
    if (cmd.options !== undefined) stored.options = cmd.options;
    if (guildId) stored.guild_id = guildId;
    return stored as unknown as APIApplicationCommand;
  }

  // -------------------------------------------------------------------------------------------------------
  // HTTP
  // -------------------------------------------------------------------------------------------------------

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return;
    }
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const segments = url.pathname.split('/').map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    const contentType = req.headers['content-type'];
    let body: unknown;
    let files: RecordedFile[] = [];
    let parseError = false;
    try {
      ({ body, files } = await parseBody(raw, contentType));
    } catch {
      parseError = true;
    }
    const headers: RecordedCall['headers'] = {};
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    if (contentType) headers.contentType = contentType;
    const reason = req.headers['x-audit-log-reason'];
    if (typeof reason === 'string') headers.auditLogReason = reason;
    const call: RecordedCall = {
      seq: 0,
      method: (req.method ?? 'GET').toUpperCase(),
      path: segments.join('/'),
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      files,
      at,
      kind: 'unknown',
      status: 0,
      response: undefined,
      injected: false,
    };
    const route = this.#route(call);
    call.kind = route.kind;
    if (route.interactionId) call.interactionId = route.interactionId;

    let reply: Reply | undefined;
    const fault = this.#faults.find((f) => f.remaining > 0 && matches(f.matcher, call));
    if (fault) {
      fault.remaining -= 1;
      fault.hits += 1;
      const delay = fault.delayOnlyMs ?? fault.options?.delayMs ?? 0;
      if (delay > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.#timers.delete(timer);
            resolve();
          }, delay);
          this.#timers.add(timer);
        });
        if (this.#closed) return;
      }
      if (fault.options) {
        reply = faultReply(fault.options);
        call.injected = true;
        this.#recordInjected(call, reply);
      }
    }
    if (!reply) {
      if (parseError) reply = json(400, { message: '400: Bad Request', code: 50109 });
      else {
        try {
          reply = route.handle();
        } catch (error) {
          reply = json(500, { message: `FakeDiscord internal error: ${String(error)}`, code: 0 });
        }
      }
    }
    call.status = reply.status;
    call.response = reply.body;
    call.seq = this.calls.length + 1;
    this.calls.push(call);
    this.#writeReply(res, reply);
    this.#poke();
  }

  #writeReply(res: ServerResponse, reply: Reply): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...reply.headers };
    let payload: Buffer | undefined;
    if (reply.raw) {
      headers['content-type'] = reply.raw.contentType;
      payload = reply.raw.data;
    } else if (reply.body !== undefined && reply.status !== 204) {
      headers['content-type'] = 'application/json';
      payload = Buffer.from(JSON.stringify(reply.body));
    }
    if (payload) headers['content-length'] = String(payload.length);
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  #checkAuth(call: RecordedCall): Reply | undefined {
    const auth = call.headers.authorization;
    const expected = this.#options.token;
    if (!auth?.startsWith('Bot ') || (expected !== undefined && auth !== `Bot ${expected}`)) {
      return apiError(401, 0, '401: Unauthorized');
    }
    return undefined;
  }

  #route(call: RecordedCall): { kind: CallKind; interactionId?: string; handle: () => Reply } {
    const notFound = () => apiError(404, 0, '404: Not Found');
    const segs = call.path.split('/').slice(1);
    const m = call.method;

    if (segs[0] === 'attachments' && m === 'GET') {
      return {
        kind: 'attachment',
        handle: () => {
          const file = segs[2] ? this.#files.get(segs[2]) : undefined;
          return file ? { status: 200, raw: { data: file.data, contentType: file.contentType } } : notFound();
        },
      };
    }
    if (!call.path.startsWith(`${API_PREFIX}/`)) return { kind: 'unknown', handle: notFound };
    const r = segs.slice(2); // after "api", "v10"
    const authed = (kind: CallKind, handle: () => Reply) => ({
      kind,
      handle: () => this.#checkAuth(call) ?? handle(),
    });

    // Gateway
    if (m === 'GET' && r[0] === 'gateway' && r.length === 1) {
      return { kind: 'gateway', handle: () => json(200, { url: this.gatewayUrl }) };
    }
    if (m === 'GET' && r[0] === 'gateway' && r[1] === 'bot' && r.length === 2) {
      return authed('gateway', () =>
        json(200, {
          url: this.gatewayUrl,
          shards: this.shardCount,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 86_400_000,
            max_concurrency: this.#options.maxConcurrency ?? 16,
          },
        }),
      );
    }
    // Users / application
    if (m === 'GET' && r[0] === 'users' && r[1] === '@me' && r.length === 2) {
      return authed('user', () => json(200, { ...this.botUser, verified: true, mfa_enabled: false }));
    }
    if (r[0] === 'applications' && r[1] === '@me' && r.length === 2 && (m === 'GET' || m === 'PATCH')) {
      return authed('application', () => json(200, this.#applicationObject()));
    }
    // Commands
    if (r[0] === 'applications' && r[1] !== undefined && r[1] !== '@me') {
      const appId = r[1];
      let guildId: string | undefined;
      let rest = r.slice(2);
      if (rest[0] === 'guilds' && rest[1]) {
        guildId = rest[1];
        rest = rest.slice(2);
      }
      if (rest[0] === 'commands' && rest.length <= 2) {
        return authed('commands', () => this.#handleCommands(call, appId, guildId, rest[1]));
      }
    }
    // Interaction callback
    if (m === 'POST' && r[0] === 'interactions' && r[3] === 'callback' && r.length === 4) {
      const id = r[1] ?? '';
      return {
        kind: 'callback',
        interactionId: id,
        handle: () => this.#handleCallback(call, id, r[2] ?? ''),
      };
    }
    // Webhooks (interaction tokens)
    if (r[0] === 'webhooks' && r[1] && r[2]) {
      const state = this.#byToken.get(r[2]);
      const interactionId = state?.id;
      const withId = <T extends { kind: CallKind; handle: () => Reply }>(x: T) =>
        interactionId ? { ...x, interactionId } : x;
      if (r.length === 3 && m === 'POST') {
        return withId({ kind: 'followup', handle: () => this.#handleFollowUp(call, r[1] ?? '', r[2] ?? '') });
      }
      if (r.length === 5 && r[3] === 'messages' && r[4]) {
        const messageId = r[4];
        if (m === 'PATCH') {
          return withId({
            kind: 'edit',
            handle: () => this.#handleWebhookMessage(call, r[1] ?? '', r[2] ?? '', messageId),
          });
        }
        if (m === 'GET' || m === 'DELETE') {
          return withId({
            kind: m === 'GET' ? 'webhook-get' : 'delete',
            handle: () => this.#handleWebhookMessage(call, r[1] ?? '', r[2] ?? '', messageId),
          });
        }
      }
    }
    // Guilds and channels known to the fake
    if (m === 'GET' && r[0] === 'guilds' && r[1] && r.length === 2) {
      return authed('guild', () => {
        const guild = this.guilds.find((g) => g.id === r[1]);
        return guild ? json(200, this.#guildObject(guild)) : apiError(404, 10004, 'Unknown Guild');
      });
    }
    if (m === 'GET' && r[0] === 'channels' && r[1] && r.length === 2) {
      return authed('channel', () => {
        for (const guild of this.guilds) {
          const channel = guild.channels.find((c) => c.id === r[1]);
          if (channel) return json(200, { ...this.#channelObject(channel, 0), guild_id: guild.id });
        }
        return apiError(404, 10003, 'Unknown Channel');
      });
    }
    if (m === 'POST' && r[0] === 'channels' && r[1] && r[2] === 'messages' && r.length === 3) {
      return authed('channel', () => {
        const guild = this.guilds.find((g) => g.channels.some((c) => c.id === r[1]));
        if (!guild) return apiError(404, 10003, 'Unknown Channel');
        const body = (isObject(call.body) ? call.body : {}) as ResponseData;
        const errors: FieldErrors = {};
        this.#validateMessage(body, errors, []);
        if (hasErrors(errors)) return formError(errors);
        const message = this.#makeMessage({ channelId: r[1] ?? '', guildId: guild.id });
        delete message.webhook_id;
        this.#applyBody(message, body, call.files, false);
        if (this.#isEmptyMessage(message)) return emptyMessage();
        this.#messages.set(message.id as string, message);
        return json(200, message);
      });
    }
    return { kind: 'unknown', handle: notFound };
  }

  #applicationObject(): JsonObject {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: 'fake-verify-key',
      flags: 0,
      hook: true,
      is_monetized: false,
      owner: this.defaultUser,
      team: null,
      bot: this.botUser,
      approximate_guild_count: this.guilds.length,
      integration_types_config: { '0': {} },
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
    };
  }

  #handleCommands(call: RecordedCall, appId: string, guildId: string | undefined, commandId?: string): Reply {
    if (appId !== this.applicationId) return apiError(403, 50001, 'Missing Access');
    if (guildId && !this.guilds.some((g) => g.id === guildId)) return apiError(403, 50001, 'Missing Access');
    const list = guildId ? (this.#guildCommands.get(guildId) ?? []) : this.#globalCommands;
    const save = (next: APIApplicationCommand[]) => {
      if (guildId) this.#guildCommands.set(guildId, next);
      else this.#globalCommands.splice(0, this.#globalCommands.length, ...next);
    };
    const unknownCommand = () => apiError(404, 10063, 'Unknown application command');
    if (commandId === undefined) {
      if (call.method === 'GET') return json(200, list);
      if (call.method === 'PUT') {
        if (!Array.isArray(call.body))
          return formError({
            _errors: [{ code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }],
          });
        const errors: FieldErrors = {};
        for (const [i, cmd] of call.body.entries()) this.#validateCommand(cmd, errors, [i]);
        const seen = new Set<string>();
        call.body.forEach((cmd, i) => {
          if (!isObject(cmd)) return;
          const key = `${cmd.type ?? 1}:${String(cmd.name)}`;
          if (seen.has(key))
            addError(
              errors,
              [i, 'name'],
              'APPLICATION_COMMANDS_DUPLICATE_NAME',
              'Application command names must be unique',
            );
          seen.add(key);
        });
        if (hasErrors(errors)) return formError(errors);
        const next = (call.body as JsonObject[]).map((cmd) => this.#storeCommand(cmd, guildId, list));
        save(next);
        return json(200, next);
      }
      if (call.method === 'POST') {
        const errors: FieldErrors = {};
        this.#validateCommand(call.body, errors, []);
        if (hasErrors(errors)) return formError(errors);
        const stored = this.#storeCommand(call.body as JsonObject, guildId, list);
        const existed = list.some((c) => c.id === stored.id);
        save([...list.filter((c) => c.id !== stored.id), stored]);
        return json(existed ? 200 : 201, stored);
      }
      return apiError(405, 0, '405: Method Not Allowed');
    }
    const existing = list.find((c) => c.id === commandId);
    if (!existing) return unknownCommand();
    if (call.method === 'GET') return json(200, existing);
    if (call.method === 'DELETE') {
      save(list.filter((c) => c.id !== commandId));
      return json(204);
    }
    if (call.method === 'PATCH') {
      const merged = { ...(existing as unknown as JsonObject), ...(isObject(call.body) ? call.body : {}) };
      const errors: FieldErrors = {};
      this.#validateCommand(merged, errors, []);
      if (hasErrors(errors)) return formError(errors);
      const stored = this.#storeCommand(merged, guildId, list);
      save(list.map((c) => (c.id === commandId ? stored : c)));
      return json(200, stored);
    }
    return apiError(405, 0, '405: Method Not Allowed');
  }

  #tokenDead(state: InteractionState): boolean {
    return state.expired || Date.now() - state.sentAt > this.tokenLifetimeMs;
  }

  #record(
    state: InteractionState,
    call: RecordedCall,
    reply: Reply,
    response: Omit<InteractionResponse, 'interactionId' | 'status' | 'at' | 'call' | 'files'>,
  ): Reply {
    const entry: InteractionResponse = {
      ...response,
      interactionId: state.id,
      files: call.files,
      status: reply.status,
      at: call.at,
      call,
    };
    if (reply.status >= 200 && reply.status < 300) state.responses.push(entry);
    else state.rejected.push(entry);
    return reply;
  }

  /** A faulted call that carried an interaction token still shows up in `responsesFor(id, { includeRejected })`. */
  #recordInjected(call: RecordedCall, reply: Reply): void {
    const state = call.interactionId ? this.#interactions.get(call.interactionId) : undefined;
    if (!state) return;
    if (
      call.kind !== 'callback' &&
      call.kind !== 'edit' &&
      call.kind !== 'followup' &&
      call.kind !== 'delete'
    )
      return;
    const data = (
      isObject(call.body) ? (call.kind === 'callback' ? call.body.data : call.body) : {}
    ) as ResponseData;
    const type = call.kind === 'callback' && isObject(call.body) ? call.body.type : undefined;
    state.rejected.push({
      kind: call.kind,
      interactionId: state.id,
      ...(typeof type === 'number' ? { type } : {}),
      data: isObject(data) ? data : {},
      files: call.files,
      status: reply.status,
      at: call.at,
      call,
    });
  }

  #handleCallback(call: RecordedCall, id: string, token: string): Reply {
    const state = this.#interactions.get(id);
    if (!state || state.token !== token) return unknownInteraction();
    const body = (isObject(call.body) ? call.body : {}) as JsonObject;
    const type = typeof body.type === 'number' ? body.type : undefined;
    const data = (isObject(body.data) ? body.data : {}) as ResponseData;
    const base = { kind: 'callback' as const, data, ...(type !== undefined ? { type } : {}) };
    const reject = (reply: Reply) => this.#record(state, call, reply, base);
    const deadline = this.ackDeadlineMs;
    if (this.#tokenDead(state)) return reject(unknownInteraction());
    if (state.acknowledged) return reject(alreadyAcknowledged());
    if (deadline !== undefined && Date.now() - state.sentAt > deadline) return reject(unknownInteraction());
    const errors: FieldErrors = {};
    if (type === undefined) addError(errors, ['type'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else if (!(ALLOWED_CALLBACKS[state.type] ?? []).includes(type)) {
      addError(
        errors,
        ['type'],
        'INTERACTION_RESPONSE_TYPE_INVALID',
        `Interaction response type ${type} is invalid for interaction type ${state.type}`,
      );
    }
    if (type === 4 || type === 7) this.#validateMessage(data, errors, ['data']);
    if (type === 8) this.#validateChoices(data, errors);
    if (type === 9 && this.#options.validate !== false) {
      const n = lengthOf(data.title);
      if (n < 1 || n > 45)
        addError(errors, ['data', 'title'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 45 in length.');
      if (lengthOf(data.custom_id) < 1)
        addError(errors, ['data', 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    }
    if (hasErrors(errors)) return reject(formError(errors));

    let message: JsonObject | undefined;
    if (type === 4) {
      message = this.#makeMessage({
        channelId: state.channelId,
        guildId: state.guildId,
        type: state.type === 2 ? 20 : 0,
        interaction: state,
      });
      this.#applyBody(message, data, call.files, false);
      if (this.#isEmptyMessage(message)) return reject(emptyMessage());
    } else if (type === 5) {
      const flags =
        ((typeof data.flags === 'number' ? data.flags : 0) & MESSAGE_FLAG_EPHEMERAL) | MESSAGE_FLAG_LOADING;
      message = this.#makeMessage({
        channelId: state.channelId,
        guildId: state.guildId,
        type: state.type === 2 ? 20 : 0,
        flags,
        interaction: state,
      });
    } else if ((type === 6 || type === 7) && state.componentMessageId) {
      const existing = this.#messages.get(state.componentMessageId);
      if (existing && type === 7) {
        const updated = { ...existing };
        this.#applyBody(updated, data, call.files, true);
        if (this.#isEmptyMessage(updated)) return reject(emptyMessage());
        message = updated;
      } else message = existing;
    }
    state.acknowledged = true;
    state.ackType = type;
    if (message) {
      this.#messages.set(message.id as string, message);
      state.messageIds.add(message.id as string);
      state.originalMessageId = message.id as string;
    }
    let reply: Reply;
    if (call.query.with_response === 'true') {
      const interaction: JsonObject = { id: state.id, type: state.type };
      if (message) {
        interaction.response_message_id = message.id;
        interaction.response_message_loading = type === 5;
        interaction.response_message_ephemeral = ((message.flags as number) & MESSAGE_FLAG_EPHEMERAL) !== 0;
      }
      const resource: JsonObject = { type };
      if (message && type !== 6) resource.message = message;
      reply = json(200, { interaction, resource });
    } else reply = json(204);
    return this.#record(state, call, reply, {
      ...base,
      ...(message ? { messageId: message.id as string, message: structuredClone(message) } : {}),
    });
  }

  #webhookState(appId: string, token: string): InteractionState | Reply {
    if (appId !== this.applicationId) return unknownWebhook();
    const state = this.#byToken.get(token);
    if (!state) return invalidWebhookToken();
    return state;
  }

  #handleFollowUp(call: RecordedCall, appId: string, token: string): Reply {
    const state = this.#webhookState(appId, token);
    if (!('id' in state)) return state;
    const data = (isObject(call.body) ? call.body : {}) as ResponseData;
    const base = { kind: 'followup' as const, data };
    if (this.#tokenDead(state)) return this.#record(state, call, invalidWebhookToken(), base);
    if (!state.acknowledged) return this.#record(state, call, unknownWebhook(), base);
    const errors: FieldErrors = {};
    this.#validateMessage(data, errors, []);
    if (hasErrors(errors)) return this.#record(state, call, formError(errors), base);
    // After a deferred reply (type 5) the first follow-up fills in the loading message.
    const original = state.originalMessageId ? this.#messages.get(state.originalMessageId) : undefined;
    let message: JsonObject;
    if (state.ackType === 5 && original && ((original.flags as number) & MESSAGE_FLAG_LOADING) !== 0) {
      message = { ...original };
      this.#applyBody(message, { ...data, flags: undefined }, call.files, true);
    } else {
      message = this.#makeMessage({
        channelId: state.channelId,
        guildId: state.guildId,
        type: state.type === 2 ? 20 : 0,
        interaction: state,
      });
      this.#applyBody(message, data, call.files, false);
    }
    if (this.#isEmptyMessage(message)) return this.#record(state, call, emptyMessage(), base);
    this.#messages.set(message.id as string, message);
    state.messageIds.add(message.id as string);
    const reply = call.query.wait === 'true' ? json(200, message) : json(204);
    return this.#record(state, call, reply, {
      ...base,
      messageId: message.id as string,
      message: structuredClone(message),
    });
  }

  #handleWebhookMessage(call: RecordedCall, appId: string, token: string, messageRef: string): Reply {
    const state = this.#webhookState(appId, token);
    if (!('id' in state)) return state;
    const data = (isObject(call.body) ? call.body : {}) as ResponseData;
    const kind = call.method === 'PATCH' ? ('edit' as const) : ('delete' as const);
    const record = (reply: Reply, extra: Partial<InteractionResponse> = {}) =>
      call.method === 'GET' ? reply : this.#record(state, call, reply, { kind, data, ...extra });
    if (this.#tokenDead(state)) return record(invalidWebhookToken());
    const messageId = messageRef === '@original' ? state.originalMessageId : messageRef;
    const existing = messageId && state.messageIds.has(messageId) ? this.#messages.get(messageId) : undefined;
    if (!messageId || !existing) return record(unknownMessage());
    if (call.method === 'GET') return json(200, existing);
    if (call.method === 'DELETE') {
      this.#messages.delete(messageId);
      state.messageIds.delete(messageId);
      if (state.originalMessageId === messageId) delete state.originalMessageId;
      return record(json(204), { messageId });
    }
    const errors: FieldErrors = {};
    this.#validateMessage(data, errors, []);
    if (hasErrors(errors)) return record(formError(errors));
    const updated = { ...existing };
    this.#applyBody(updated, data, call.files, true);
    if (this.#isEmptyMessage(updated)) return record(emptyMessage());
    this.#messages.set(messageId, updated);
    return record(json(200, updated), { messageId, message: structuredClone(updated) });
  }

  // -------------------------------------------------------------------------------------------------------
  // Gateway
  // -------------------------------------------------------------------------------------------------------

  #onConnection(ws: WebSocket, req: IncomingMessage): void {
    const conn: Connection = { id: ++this.#connectionCounter, ws, open: true };
    this.#connections.add(conn);
    ws.on('error', () => {});
    ws.on('close', () => {
      conn.open = false;
      this.#connections.delete(conn);
      if (conn.session?.conn === conn) {
        conn.session.conn = undefined;
        conn.session.live = false;
      }
      this.#poke();
    });
    ws.on('message', (data: RawData, isBinary: boolean) => this.#onGatewayMessage(conn, data, isBinary));
    const params = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    if (params.get('v') !== '10') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if ((params.get('encoding') ?? 'json') !== 'json') {
      ws.close(4002, 'Decode error');
      return;
    }
    this.#send(conn, { op: 10, d: { heartbeat_interval: this.#heartbeatIntervalMs }, s: null, t: null });
  }

  #send(
    conn: Connection,
    payload: { op: number; d: unknown; s: number | null; t: string | null },
    text?: string,
  ): void {
    if (!conn.open || conn.ws.readyState !== WebSocket.OPEN) return;
    const entry: GatewayLogEntry = {
      at: Date.now(),
      connection: conn.id,
      direction: 'out',
      op: payload.op,
      t: payload.t,
      s: payload.s,
      d: payload.d,
    };
    if (conn.session) entry.shard = conn.session.shard;
    this.gatewayLog.push(entry);
    conn.ws.send(text ?? JSON.stringify(payload));
  }

  #dispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const payload = { op: 0, t, s: session.seq, d };
    const text = JSON.stringify(payload);
    session.log.push({ s: session.seq, text });
    if (session.log.length > 2000) session.log.splice(0, session.log.length - 2000);
    if (session.conn) this.#send(session.conn, payload, text);
  }

  #onGatewayMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    if (!conn.open) return;
    let payload: unknown;
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(rawToString(data));
    } catch {
      conn.ws.close(4002, 'Decode error');
      return;
    }
    if (!isObject(payload) || typeof payload.op !== 'number') {
      conn.ws.close(4002, 'Decode error');
      return;
    }
    const entry: GatewayLogEntry = {
      at: Date.now(),
      connection: conn.id,
      direction: 'in',
      op: payload.op,
      d: payload.d,
    };
    if (conn.session) entry.shard = conn.session.shard;
    this.gatewayLog.push(entry);
    const d = isObject(payload.d) ? payload.d : {};
    switch (payload.op) {
      case 1:
        if (this.heartbeatAcks) this.#send(conn, { op: 11, d: null, s: null, t: null });
        break;
      case 2:
        this.#identify(conn, d);
        break;
      case 6:
        this.#resume(conn, d);
        break;
      case 3:
      case 4:
      case 8:
        if (!conn.session) conn.ws.close(4003, 'Not authenticated');
        break;
      default:
        conn.ws.close(4001, 'Unknown opcode');
    }
    this.#poke();
  }

  #tokenAccepted(token: unknown): boolean {
    const expected = this.#options.token;
    return typeof token === 'string' && token.length > 0 && (expected === undefined || token === expected);
  }

  #identify(conn: Connection, d: JsonObject): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated');
      return;
    }
    if (!this.#tokenAccepted(d.token)) {
      conn.ws.close(4004, 'Authentication failed');
      return;
    }
    const shardRaw = Array.isArray(d.shard) ? d.shard : [0, 1];
    const shard: [number, number] = [Number(shardRaw[0] ?? 0), Number(shardRaw[1] ?? 1)];
    if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
      conn.ws.close(4010, 'Invalid shard');
      return;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shard,
      seq: 0,
      log: [],
      conn,
      live: false,
      invalidated: false,
    };
    // A new session for the same shard replaces older ones.
    for (const [id, old] of this.#sessions)
      if (old.shard.join('/') === shard.join('/')) this.#sessions.delete(id);
    this.#sessions.set(session.id, session);
    conn.session = session;
    const guilds = this.guilds.filter((g) => shardForGuild(g.id, shard[1]) === shard[0]);
    this.#dispatch(session, 'READY', {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      _trace: ['["fake-discord",{"micros":0}]'],
    });
    for (const guild of guilds) this.#dispatch(session, 'GUILD_CREATE', this.#guildObject(guild));
    session.live = true;
  }

  #resume(conn: Connection, d: JsonObject): void {
    // A RESUME on the same connection is fine after a resumable INVALID_SESSION (op 9, d: true).
    if (conn.session && conn.session.id !== d.session_id) {
      conn.ws.close(4005, 'Already authenticated');
      return;
    }
    const session = typeof d.session_id === 'string' ? this.#sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (!session || session.invalidated || !this.#tokenAccepted(d.token) || seq > session.seq) {
      this.#send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.conn && session.conn !== conn) {
      session.conn.open = false;
      session.conn.ws.terminate();
    }
    session.conn = conn;
    conn.session = session;
    // Replay what the client missed, then RESUMED.
    for (const entry of session.log) {
      if (entry.s > seq) {
        const parsed = JSON.parse(entry.text) as { op: number; d: unknown; s: number; t: string };
        this.#send(conn, parsed, entry.text);
      }
    }
    this.#dispatch(session, 'RESUMED', { _trace: ['fake-discord'] });
    session.live = true;
  }

  #isLive(session: Session): boolean {
    return session.live && !session.invalidated && session.conn?.open === true;
  }

  #liveSessionFor(guildId: string | undefined): Session | undefined {
    for (const session of this.#sessions.values()) {
      if (!this.#isLive(session)) continue;
      const owner = guildId ? shardForGuild(guildId, session.shard[1]) : 0;
      if (owner === session.shard[0]) return session;
    }
    return undefined;
  }

  #guildObject(guild: FakeGuild): JsonObject {
    const joinedAt = new Date(Date.now() - 3_600_000).toISOString();
    const everyone = {
      id: guild.everyoneRoleId,
      name: '@everyone',
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: 0,
      permissions: MEMBER_PERMISSIONS,
      managed: false,
      mentionable: false,
      flags: 0 as RoleFlags,
    } satisfies APIRole;
    const botRole = {
      ...everyone,
      id: guild.botRoleId,
      name: this.botUser.username,
      position: 1,
      permissions: APP_PERMISSIONS,
      managed: true,
      tags: { bot_id: this.botUser.id },
    } satisfies APIRole;
    const botMember = {
      user: this.botUser,
      nick: null,
      avatar: null,
      banner: null,
      roles: [guild.botRoleId],
      joined_at: joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    } satisfies APIGuildMember;
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      region: 'europe',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: guild.channels[0]?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_members: 500_000,
      max_presences: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: guild.locale,
      nsfw_level: 0,
      nsfw: false,
      hub_type: null,
      incidents_data: null,
      roles: [everyone, botRole],
      emojis: [],
      stickers: [],
      // GUILD_CREATE-only fields
      joined_at: joinedAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: 2,
      voice_states: [],
      members: [botMember],
      channels: guild.channels.map((c, i) => this.#channelObject(c, i)),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
    };
  }

  #channelObject(channel: FakeChannel, position: number): JsonObject {
    const base: JsonObject = {
      id: channel.id,
      type: channel.type,
      name: channel.name,
      position,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      flags: 0,
    };
    if (channel.type === 0 || channel.type === 5) {
      Object.assign(base, { topic: null, last_message_id: null, rate_limit_per_user: 0 });
    }
    if (channel.type === 2) Object.assign(base, { bitrate: 64_000, user_limit: 0, rtc_region: null });
    return base satisfies Partial<APIChannel> as JsonObject;
  }

  // -------------------------------------------------------------------------------------------------------
  // Internals
  // -------------------------------------------------------------------------------------------------------

  #interaction(id: string): InteractionState {
    const state = this.#interactions.get(id);
    if (!state) throw new Error(`FakeDiscord: unknown interaction ${id}`);
    return state;
  }

  #addFault(fault: Fault): FaultHandle {
    this.#faults.push(fault);
    const faults = this.#faults;
    return {
      get hits() {
        return fault.hits;
      },
      get remaining() {
        return fault.remaining;
      },
      cancel() {
        const i = faults.indexOf(fault);
        if (i >= 0) faults.splice(i, 1);
      },
    };
  }

  #poke(): void {
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  #waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('FakeDiscord closed'));
    let first: T | undefined;
    try {
      first = check();
    } catch (error) {
      return Promise.reject(error);
    }
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          try {
            const value = check();
            if (value !== undefined) {
              finish();
              resolve(value);
            }
          } catch (error) {
            finish();
            reject(error);
          }
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(
        () =>
          waiter.fail(
            new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${what}.\n${this.#recent()}`),
          ),
        timeoutMs,
      );
      this.#waiters.add(waiter);
    });
  }

  #recent(): string {
    const lines = this.calls
      .slice(-8)
      .map((c) => `  ${c.method} ${c.path} → ${c.status}${c.injected ? ' (injected)' : ''}`);
    const gateway = this.gatewayLog
      .filter((e) => e.op !== 1 && e.op !== 11)
      .slice(-6)
      .map((e) => `  [conn ${e.connection}] ${e.direction} op ${e.op}${e.t ? ` ${e.t}` : ''}`);
    return `Recent REST calls:\n${lines.join('\n') || '  (none)'}\nRecent gateway frames:\n${gateway.join('\n') || '  (none)'}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Body parsing and fault replies
// ---------------------------------------------------------------------------------------------------------

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    const fields: JsonObject = {};
    for (const [field, value] of form) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
        else fields[field] = value;
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({
          field,
          name: value.name,
          contentType: value.type || 'application/octet-stream',
          data,
          text: data.toString('utf8'),
        });
      }
    }
    if (body === undefined && Object.keys(fields).length > 0) body = fields;
    return { body, files };
  }
  const text = raw.toString('utf8');
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) return { body: JSON.parse(text), files: [] };
  return { body: text, files: [] };
}

function faultReply(options: FaultOptions): Reply {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.status === 429) {
    const retryAfter = options.retryAfter ?? 0.1;
    headers['retry-after'] = String(retryAfter);
    headers['x-ratelimit-scope'] ??= options.global ? 'global' : 'user';
    if (options.global) headers['x-ratelimit-global'] = 'true';
    body ??= {
      message: 'You are being rate limited.',
      retry_after: retryAfter,
      global: options.global ?? false,
    };
  }
  body ??= { message: `${options.status}: ${http.STATUS_CODES[options.status] ?? 'Error'}`, code: 0 };
  return { status: options.status, body, headers };
}
