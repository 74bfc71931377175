/**
 * The QuickBox session API client: EVERY path, header and JSON shape of the contract
 * (shared/session-api.md) lives in this one module, so it can be pointed at the real
 * endpoints the day they are known. Each answer is checked against its expected shape, and
 * every failure becomes one typed AppError.
 *
 * Transport rules: a per-server undici Agent with connect, headers and body timeouts; a
 * 1 MiB cap on response bodies; retries with backoff (honouring Retry-After) for GET only.
 * DELETE is idempotent in HTTP terms but is NOT retried: when a first revoke lands and its
 * answer is lost, the retry answers 404 and the app would report a failure that did not
 * happen. The bearer token lives only in this object's memory.
 */

import { setTimeout as delay } from 'node:timers/promises';
import { Agent, type Dispatcher } from 'undici';
import { z } from 'zod';
import type { AppError } from '../../src-shared/errors';
import {
  INVALIDATE_ALL_PHRASE,
  EVENT_TYPES,
  type EventPage,
  type HealthResponse,
  type InvalidateAllResponse,
  type LoginResponse,
  type MeResponse,
  type QuickBoxEvent,
  type SessionListResponse,
  type SessionSummary,
} from '../../src-shared/quickbox';
import type { SessionSettings, SessionSettingsDocument } from '../../src-shared/settings';
import { pickSettings } from '../../src-shared/settings';
import { settingsDocumentSchema, settingsIssueSchema } from '../../src-shared/settings-schema';
import { CoreError } from './core-error';
import type { Logger } from './logger';
import {
  fetchCertificate,
  isUntrustedCertificateCode,
  normalizeFingerprint,
  PinMismatchError,
  pinnedConnector,
} from './tls-trust';

/** Timeouts, size cap and retry policy of the client. */
export interface ClientTimeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
  maxResponseBytes: number;
  /** Extra attempts for an idempotent request (GET). */
  retries: number;
  retryBaseMs: number;
  /** The longest wait between attempts; a longer Retry-After is reported, not waited. */
  retryMaxDelayMs: number;
}

/** The defaults: generous for slow links, bounded so nothing hangs. */
export const DEFAULT_CLIENT_TIMEOUTS: ClientTimeouts = {
  connectMs: 10_000,
  headersMs: 15_000,
  bodyMs: 15_000,
  maxResponseBytes: 1024 * 1024,
  retries: 2,
  retryBaseMs: 300,
  retryMaxDelayMs: 5_000,
};

/** Credentials the client authenticates with (they never leave main). */
export type ClientCredentials =
  | { kind: 'account'; username: string; password: string; otp?: string }
  | { kind: 'api_key'; apiKey: string };

/** Where the client connects, and the certificate it trusts there. */
export interface ClientTarget {
  baseUrl: string;
  pinnedFingerprint: string | null;
}

// Response shapes of the contract -----------------------------------------------------------

/** How long `close()` lets requests in flight finish before it tears their connections down. */
const CLOSE_GRACE_MS = 500;

const healthSchema = z.object({
  status: z.literal('ok'),
  name: z.string(),
  version: z.string(),
}) satisfies z.ZodType<HealthResponse>;

const loginSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  user: z.object({ username: z.string(), permissions: z.array(z.string()) }),
}) satisfies z.ZodType<LoginResponse>;

const meSchema = z.object({
  username: z.string(),
  permissions: z.array(z.string()),
  via: z.enum(['session', 'api_key']),
  scopes: z.array(z.string()).optional(),
}) satisfies z.ZodType<MeResponse>;

const sessionSchema = z.object({
  id: z.string(),
  username: z.string(),
  ip: z.string(),
  userAgent: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  rememberMe: z.boolean(),
  current: z.boolean(),
});

const sessionListSchema = z.object({
  sessions: z.array(sessionSchema),
  nextCursor: z.string().optional(),
}) satisfies z.ZodType<SessionListResponse>;

const summarySchema = z.object({
  active: z.number().int().min(0),
  byUser: z.array(z.object({ username: z.string(), count: z.number().int().min(0) })),
}) satisfies z.ZodType<SessionSummary>;

const invalidateAllSchema = z.object({
  invalidated: z.number().int().min(0),
  at: z.string(),
}) satisfies z.ZodType<InvalidateAllResponse>;

const sessionRef = z.object({ sessionId: z.string(), username: z.string() });
const eventDataSchemas = {
  'sessions.invalidated_all': z.object({ invalidated: z.number().int().min(0) }),
  'session.revoked': sessionRef,
  'session.evicted': sessionRef,
  'settings.updated': z.object({ version: z.number().int(), changed: z.array(z.string()) }),
} as const;

const rawEventSchema = z.object({
  id: z.number().int().min(1),
  type: z.string(),
  at: z.string(),
  actor: z.string(),
  data: z.unknown(),
});

/**
 * Checks one item of the feed: its id, and the event when this app knows its type (null
 * for another type: skipped, not fatal, but its id still moves the feed forward).
 */
export function parseFeedItem(value: unknown): { id: number; event: QuickBoxEvent | null } {
  const raw = rawEventSchema.safeParse(value);
  if (!raw.success) throw protocolError('an event does not have the expected shape');
  const type = raw.data.type;
  if (!(EVENT_TYPES as readonly string[]).includes(type)) return { id: raw.data.id, event: null };
  const data = eventDataSchemas[type as keyof typeof eventDataSchemas].safeParse(raw.data.data);
  if (!data.success) throw protocolError(`a ${type} event does not have the expected data`);
  return { id: raw.data.id, event: { ...raw.data, type, data: data.data } as QuickBoxEvent };
}

/** Checks one event of the feed; null for a type this app does not know. */
export function parseEvent(value: unknown): QuickBoxEvent | null {
  return parseFeedItem(value).event;
}

const eventPageSchema = z.object({ events: z.array(z.unknown()), lastId: z.number().int() });

const errorBodySchema = z.object({
  error: z.string(),
  message: z.string().optional(),
  permission: z.string().optional(),
  current: z.unknown().optional(),
  errors: z.array(settingsIssueSchema).optional(),
});

// Errors ------------------------------------------------------------------------------------

function protocolError(detail: string): CoreError {
  return new CoreError({
    code: 'protocol_error',
    message: `The server's answer is not what the QuickBox session API returns: ${detail}.`,
  });
}

/** The error of credentials the server rejected; the client refuses to use them again. */
function rejectedCredentials(message: string): CoreError {
  return new CoreError({
    code: 'unauthorized',
    message: `${message} The app will not sign in to this server again until its credentials are changed or the connection is tested.`,
    reason: 'credentials_rejected',
  });
}

function unavailableError(status: number): CoreError {
  return new CoreError({
    code: 'unreachable',
    message: `The server is not available right now (HTTP ${status}).`,
  });
}

function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

/** A gateway status: the server behind a proxy is down or slow, whatever the proxy's body says. */
function isGatewayStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

function parseRetryAfter(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Whether a URL's host is this computer, where plain http:// crosses no network. */
function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/**
 * Credentials are never sent in clear text over a network: over http:// they may only go to
 * this computer (a local server, or an SSH tunnel to one).
 */
function cleartextError(): CoreError {
  return new CoreError({
    code: 'invalid_request',
    message:
      'The password or API key would cross the network unencrypted over http://; nothing was sent.',
    issues: [
      {
        path: 'baseUrl',
        message: 'must start with https:// (http:// is only for a server on this computer)',
      },
    ],
  });
}

// The client ---------------------------------------------------------------------------------

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface RequestSpec {
  method: Method;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether the request carries the credentials. */
  auth: boolean;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

/** A connection to one QuickBox server with one set of credentials. */
export class QuickBoxClient {
  private readonly agent: Agent;
  private readonly origin: string;
  private readonly basePath: string;
  private token: string | null = null;
  private loginInFlight: Promise<LoginResponse> | null = null;
  private knownPermissions: string[] | null = null;
  private readonly cleartextNetwork: boolean;
  /** Set once no sign-in may be attempted (see `refuseSignIn`); every call then fails with it. */
  private signInRefusal: CoreError | null = null;
  /** The server's id of the session a token is, once asked (`ownSessionId`). */
  private sessionOfToken: { token: string; id: string } | null = null;
  /** Every session this client has been signed in with, as far as it asked. */
  private readonly ownSessionIds = new Set<string>();

  constructor(
    readonly target: ClientTarget,
    private credentials: ClientCredentials,
    private readonly timeouts: ClientTimeouts,
    private readonly logger: Logger,
  ) {
    const url = new URL(target.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.cleartextNetwork = url.protocol === 'http:' && !isLoopbackHost(url.hostname);
    const pin =
      url.protocol === 'https:' && target.pinnedFingerprint
        ? normalizeFingerprint(target.pinnedFingerprint)
        : null;
    this.agent = new Agent({
      connect: pin
        ? pinnedConnector(pin, { timeout: timeouts.connectMs })
        : { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      connections: 8,
    });
  }

  /** The permissions of the credentials as last seen (login or /me), null before either. */
  get permissions(): string[] | null {
    return this.knownPermissions;
  }

  /** Whether this client holds a live bearer token. */
  get hasToken(): boolean {
    return this.token !== null;
  }

  /** Why this client makes no sign-in attempt any more, or null while it may. */
  get signInRefused(): AppError | null {
    return this.signInRefusal?.appError ?? null;
  }

  /**
   * Stops every sign-in until `allowSignIn`: later calls fail with `error` and send nothing.
   * Used when the app's own session was evicted by the admin's sign-in elsewhere: logging
   * in again would evict that one in turn. A newer session this client still holds (it
   * signed in again before it knew) is signed out, so it gives the place back.
   */
  async refuseSignIn(error: AppError, evictedSessionId: string): Promise<void> {
    if (this.token !== null && this.sessionOfToken?.id !== evictedSessionId) {
      await this.logout().catch(() => undefined);
    }
    this.token = null;
    this.signInRefusal = new CoreError(error);
  }

  /** Lets the client sign in again (the admin pressed Test connection). */
  allowSignIn(): void {
    this.signInRefusal = null;
  }

  /**
   * The server's id of the session this client is signed in with (GET /api/sessions marks
   * it `current`), asked once per token; null for an API key, which is no session.
   */
  async ownSessionId(): Promise<string | null> {
    const credentials = this.credentials;
    if (credentials.kind !== 'account' || this.token === null) return null;
    if (this.sessionOfToken?.token === this.token) return this.sessionOfToken.id;
    let cursor: string | undefined;
    // A user has at most maxSessionsPerUser (at most 100) sessions: one page, in practice.
    for (let page = 0; page < 5; page += 1) {
      const listed = await this.listSessions({
        username: credentials.username,
        limit: 100,
        cursor,
      });
      const current = listed.sessions.find((session) => session.current);
      if (current && this.token !== null) {
        this.sessionOfToken = { token: this.token, id: current.id };
        this.ownSessionIds.add(current.id);
        return current.id;
      }
      if (!listed.nextCursor) break;
      cursor = listed.nextCursor;
    }
    return null;
  }

  /** Whether a session id is one this client was signed in with (see `ownSessionId`). */
  ownsSession(sessionId: string): boolean {
    return this.ownSessionIds.has(sessionId);
  }

  /** `GET /api/health` (no credentials). */
  async health(): Promise<HealthResponse> {
    return this.parse(
      await this.call({ method: 'GET', path: '/api/health', auth: false }),
      healthSchema,
    );
  }

  /**
   * `POST /api/auth/login` with the account credentials; keeps the token in memory. Once the
   * server has rejected them, no further attempt is made (`signInRefused`): each failed
   * attempt counts towards the server's login limit, which would lock the admin out too.
   */
  async login(): Promise<LoginResponse> {
    if (this.signInRefusal) throw this.signInRefusal;
    this.loginInFlight ??= this.doLogin().finally(() => {
      this.loginInFlight = null;
    });
    return this.loginInFlight;
  }

  /** `GET /api/auth/me`: who the credentials are and what they may do. */
  async me(): Promise<MeResponse> {
    const me = this.parse(
      await this.call({ method: 'GET', path: '/api/auth/me', auth: true }),
      meSchema,
    );
    this.knownPermissions = me.permissions;
    return me;
  }

  /** `GET /api/settings/sessions`. */
  async getSettings(): Promise<SessionSettingsDocument> {
    return this.parse(
      await this.call({ method: 'GET', path: '/api/settings/sessions', auth: true }),
      settingsDocumentSchema,
    );
  }

  /** `PUT /api/settings/sessions` with `If-Match` on the version the admin edited. */
  async saveSettings(
    settings: SessionSettings,
    baseVersion: number,
  ): Promise<SessionSettingsDocument> {
    return this.parse(
      await this.call({
        method: 'PUT',
        path: '/api/settings/sessions',
        body: pickSettings(settings),
        headers: { 'if-match': `"${baseVersion}"` },
        auth: true,
      }),
      settingsDocumentSchema,
    );
  }

  /** `GET /api/sessions`: one page of active sessions, oldest first. */
  async listSessions(query: {
    username?: string;
    cursor?: string;
    limit?: number;
  }): Promise<SessionListResponse> {
    return this.parse(
      await this.call({ method: 'GET', path: '/api/sessions', query, auth: true }),
      sessionListSchema,
    );
  }

  /** `GET /api/sessions/summary`. */
  async summary(): Promise<SessionSummary> {
    return this.parse(
      await this.call({ method: 'GET', path: '/api/sessions/summary', auth: true }),
      summarySchema,
    );
  }

  /** `DELETE /api/sessions/{id}`. */
  async revokeSession(sessionId: string): Promise<void> {
    await this.call({
      method: 'DELETE',
      path: `/api/sessions/${encodeURIComponent(sessionId)}`,
      auth: true,
    });
  }

  /**
   * `POST /api/sessions/invalidate-all` with the contract's phrase. Call it only through
   * the handler that has checked the admin's typed confirmation. Ends this client's own
   * session too, so the token is dropped.
   */
  async invalidateAllSessions(): Promise<InvalidateAllResponse> {
    const reply = await this.call({
      method: 'POST',
      path: '/api/sessions/invalidate-all',
      body: { confirm: INVALIDATE_ALL_PHRASE },
      auth: true,
    });
    this.token = null;
    return this.parse(reply, invalidateAllSchema);
  }

  /** `GET /api/sessions/events` as JSON (the polling feed). */
  async events(after: number, limit = 100): Promise<EventPage> {
    const page = this.parse(
      await this.call({
        method: 'GET',
        path: '/api/sessions/events',
        query: { after, limit },
        auth: true,
      }),
      eventPageSchema,
    );
    const events = page.events.map(parseEvent).filter((event) => event !== null);
    return { events, lastId: page.lastId };
  }

  /**
   * Opens the SSE stream of events (resumed after `lastEventId`), returning the response
   * body for the watcher to read. Authenticates like any request.
   */
  async openEventStream(
    lastEventId: number,
    signal: AbortSignal,
  ): Promise<Dispatcher.ResponseData['body']> {
    const open = async (): Promise<Dispatcher.ResponseData> => {
      const headers: Record<string, string> = {
        accept: 'text/event-stream',
        'last-event-id': String(lastEventId),
        ...(await this.authHeaders()),
      };
      try {
        return await this.agent.request({
          origin: this.origin,
          path: `${this.basePath}/api/sessions/events`,
          method: 'GET',
          headers,
          signal,
          // A stream is quiet between events; the server's 15 s comments keep it alive.
          bodyTimeout: Math.max(this.timeouts.bodyMs, 45_000),
        });
      } catch (error) {
        throw await this.networkError(error);
      }
    };
    let response = await open();
    if (response.statusCode === 401 && this.credentials.kind === 'account') {
      await response.body.dump();
      this.token = null;
      await this.login();
      response = await open();
    }
    if (response.statusCode === 401 && this.credentials.kind === 'api_key') {
      throw this.keyRejected(await this.readReply(response));
    }
    const type = String(response.headers['content-type'] ?? '');
    if (response.statusCode !== 200 || !type.includes('text/event-stream')) {
      const reply = await this.readReply(response);
      throw this.statusError(reply) ?? protocolError('the event stream did not open');
    }
    return response.body;
  }

  /** `POST /api/auth/logout`, best effort (used when a server is removed). */
  async logout(): Promise<void> {
    if (this.credentials.kind !== 'account' || this.token === null) return;
    try {
      await this.call({ method: 'POST', path: '/api/auth/logout', auth: true }, false);
    } finally {
      this.token = null;
    }
  }

  /** Drops the token (the next call logs in again). */
  forgetToken(): void {
    this.token = null;
  }

  /**
   * Closes the connections of this client. Requests in flight get a short grace period to
   * finish; then whatever is still open is torn down. Without that, an open event stream
   * (which never finishes by itself) would keep `close()`, and every edit or removal of the
   * server that waits for it, pending forever.
   */
  async close(): Promise<void> {
    this.token = null;
    const closed = this.agent.close().catch(() => undefined);
    const grace = new AbortController();
    const graceOver = delay(CLOSE_GRACE_MS, 'grace over', { signal: grace.signal }).catch(
      () => undefined,
    );
    const outcome = await Promise.race([closed.then(() => 'closed'), graceOver]);
    grace.abort();
    if (outcome !== 'closed') await this.agent.destroy().catch(() => undefined);
  }

  private async doLogin(): Promise<LoginResponse> {
    const credentials = this.credentials;
    if (credentials.kind !== 'account') throw new Error('login needs account credentials');
    if (this.cleartextNetwork) throw cleartextError();
    let reply: Reply;
    try {
      reply = await this.call({
        method: 'POST',
        path: '/api/auth/login',
        body: {
          username: credentials.username,
          password: credentials.password,
          ...(credentials.otp ? { otp: credentials.otp } : {}),
        },
        auth: false,
      });
    } catch (error) {
      // A wrong password, or a one-time code the app cannot know: trying again could only
      // fail again, and every failure counts towards locking the account out.
      if (error instanceof CoreError && error.appError.code === 'unauthorized') {
        this.signInRefusal = rejectedCredentials(error.appError.message);
        throw this.signInRefusal;
      }
      if (error instanceof CoreError && error.appError.code === 'otp_required') {
        this.signInRefusal = error;
      }
      throw error;
    }
    const login = this.parse(reply, loginSchema);
    this.token = login.token;
    this.knownPermissions = login.user.permissions;
    // A one-time code is good for one login; a later re-login asks the admin again.
    if (credentials.otp) this.credentials = { ...credentials, otp: undefined };
    return login;
  }

  private async authHeaders(): Promise<Record<string, string>> {
    if (this.cleartextNetwork) throw cleartextError();
    if (this.signInRefusal) throw this.signInRefusal;
    if (this.credentials.kind === 'api_key') return { 'x-api-key': this.credentials.apiKey };
    if (this.token === null) await this.login();
    return this.token === null ? {} : { authorization: `Bearer ${this.token}` };
  }

  /**
   * Sends a request and checks its status. With account credentials, a 401 to a token that
   * was accepted before means the session ended: log in again once, then resend.
   */
  private async call(spec: RequestSpec, relogin = true): Promise<Reply> {
    let reply: Reply;
    if (!spec.auth) {
      reply = await this.send(spec);
    } else {
      const hadToken = this.token !== null;
      reply = await this.send(spec, await this.authHeaders());
      if (reply.status === 401 && relogin && hadToken && this.credentials.kind === 'account') {
        this.logger.info('client: session ended, logging in again', { origin: this.origin });
        this.token = null;
        reply = await this.send(spec, await this.authHeaders());
      }
      if (reply.status === 401 && this.credentials.kind === 'api_key')
        throw this.keyRejected(reply);
    }
    const error = this.statusError(reply);
    if (error) throw error;
    return reply;
  }

  /** Sends one request with retries (GET only); returns its reply whatever its status. */
  private async send(spec: RequestSpec, authHeaders: Record<string, string> = {}): Promise<Reply> {
    const attempts = spec.method === 'GET' ? 1 + this.timeouts.retries : 1;
    for (let attempt = 1; ; attempt += 1) {
      let reply: Reply;
      try {
        reply = await this.sendOnce(spec, authHeaders);
      } catch (error) {
        const appError =
          error instanceof CoreError
            ? error.appError
            : await this.networkError(error).then((e) => e.appError);
        const retryable = appError.code === 'unreachable' || appError.code === 'timeout';
        if (retryable && attempt < attempts) {
          await delay(this.backoff(attempt, null));
          continue;
        }
        throw new CoreError(appError);
      }
      const retryAfter = parseRetryAfter(reply.headers['retry-after']);
      const transient = reply.status === 429 || isGatewayStatus(reply.status);
      const wait = this.backoff(attempt, retryAfter);
      if (
        transient &&
        attempt < attempts &&
        (retryAfter === null || retryAfter * 1000 <= this.timeouts.retryMaxDelayMs)
      ) {
        await delay(wait);
        continue;
      }
      return reply;
    }
  }

  private backoff(attempt: number, retryAfterSeconds: number | null): number {
    if (retryAfterSeconds !== null)
      return Math.min(retryAfterSeconds * 1000, this.timeouts.retryMaxDelayMs);
    const exponential = this.timeouts.retryBaseMs * 2 ** (attempt - 1);
    const jitter = Math.random() * this.timeouts.retryBaseMs;
    return Math.min(exponential + jitter, this.timeouts.retryMaxDelayMs);
  }

  private async sendOnce(spec: RequestSpec, authHeaders: Record<string, string>): Promise<Reply> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) search.set(key, String(value));
    }
    const query = search.size > 0 ? `?${search.toString()}` : '';
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...spec.headers,
      ...authHeaders,
    };
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await this.agent.request({
        origin: this.origin,
        path: `${this.basePath}${spec.path}${query}`,
        method: spec.method,
        headers,
        body,
      });
    } catch (error) {
      throw await this.networkError(error);
    }
    return this.readReply(response);
  }

  /** Reads a response body within the size cap and parses it as JSON (204: null). */
  private async readReply(response: Dispatcher.ResponseData): Promise<Reply> {
    const cap = this.timeouts.maxResponseBytes;
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > cap) {
      response.body.destroy();
      throw protocolError(`the body is larger than ${cap} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        if (size > cap) {
          response.body.destroy();
          throw protocolError(`the body is larger than ${cap} bytes`);
        }
        chunks.push(buffer);
      }
    } catch (error) {
      if (error instanceof CoreError) throw error;
      throw await this.networkError(error);
    }
    const headers = response.headers as Reply['headers'];
    if (response.statusCode === 204 || size === 0) {
      return { status: response.statusCode, headers, json: null };
    }
    const type = String(headers['content-type'] ?? '');
    const text = Buffer.concat(chunks).toString('utf8');
    if (!/\bjson\b/i.test(type)) {
      // A proxy's own page for a server that is down (nginx's "502 Bad Gateway") is no answer
      // of the API: the status alone says what happened.
      if (isGatewayStatus(response.statusCode)) {
        return { status: response.statusCode, headers, json: null };
      }
      throw protocolError(
        `HTTP ${response.statusCode} with ${type || 'no content type'} instead of JSON`,
      );
    }
    try {
      return { status: response.statusCode, headers, json: JSON.parse(text) };
    } catch {
      throw protocolError(`HTTP ${response.statusCode} with a body that is not valid JSON`);
    }
  }

  private parse<T>(reply: Reply, schema: z.ZodType<T>): T {
    const parsed = schema.safeParse(reply.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
      throw protocolError(`the body does not have the expected shape${where}`);
    }
    return parsed.data;
  }

  /** A 401 to an API key: the key is unknown or revoked, so the client stops using it. */
  private keyRejected(reply: Reply): CoreError {
    const error = this.statusError(reply) ?? protocolError('HTTP 401 without an error body');
    if (error.appError.code !== 'unauthorized') return error;
    this.signInRefusal = rejectedCredentials(error.appError.message);
    return this.signInRefusal;
  }

  /** The AppError of a non-2xx reply, or null for a success. */
  private statusError(reply: Reply): CoreError | null {
    if (reply.status >= 200 && reply.status < 300) return null;
    const parsed = errorBodySchema.safeParse(reply.json);
    if (!parsed.success) {
      if (isGatewayStatus(reply.status)) return unavailableError(reply.status);
      return protocolError(`HTTP ${reply.status} without an error body`);
    }
    const body = parsed.data;
    const error = (appError: AppError): CoreError => new CoreError(appError);
    switch (body.error) {
      case 'invalid_credentials':
      case 'unauthenticated':
        return error({
          code: 'unauthorized',
          message:
            body.error === 'invalid_credentials'
              ? 'The server did not accept the username or password.'
              : 'The server did not accept the credentials (unknown, revoked or expired).',
        });
      case 'otp_required':
        return error({
          code: 'otp_required',
          message:
            'This account uses two-factor authentication: enter the current code from the authenticator app.',
        });
      case 'forbidden':
        return error({
          code: 'forbidden',
          message: `These credentials lack the permission ${body.permission ?? 'needed'} for this.`,
          permission: body.permission ?? 'unknown',
        });
      case 'rate_limited': {
        const retryAfterSeconds = parseRetryAfter(reply.headers['retry-after']);
        return error({
          code: 'rate_limited',
          message:
            retryAfterSeconds === null
              ? 'The server is refusing attempts for a while (too many).'
              : `The server is refusing attempts for ${retryAfterSeconds} seconds (too many).`,
          retryAfterSeconds,
        });
      }
      case 'version_conflict': {
        const current = settingsDocumentSchema.safeParse(body.current);
        if (!current.success)
          return protocolError('a version conflict without the current settings');
        return error({
          code: 'version_conflict',
          message: `Someone else changed these settings (now version ${current.data.version}, by ${current.data.updatedBy}) since you opened them.`,
          current: current.data,
        });
      }
      case 'invalid_settings':
        return error({
          code: 'invalid_settings',
          message: 'The server refused the settings.',
          errors: body.errors ?? [],
        });
      case 'not_found':
        return error({
          code: 'not_found',
          message: 'That session is not active any more.',
          what: 'session',
        });
      case 'invalid_cursor':
        return error({
          code: 'invalid_request',
          message: 'The page cursor is not valid any more; start from the first page.',
          issues: [{ path: 'cursor', message: 'unknown cursor' }],
        });
      default:
        if (isGatewayStatus(reply.status)) return unavailableError(reply.status);
        return protocolError(`HTTP ${reply.status} ${body.error}`);
    }
  }

  /** The AppError of a transport failure (no HTTP answer). */
  private async networkError(error: unknown): Promise<CoreError> {
    if (error instanceof CoreError) return error;
    if (error instanceof PinMismatchError) {
      return new CoreError({
        code: 'tls_pin_mismatch',
        message:
          'The server presented a different certificate from the one you pinned. This can mean someone is intercepting the connection, or the certificate was replaced. Nothing was sent.',
        expectedFingerprint: error.expected,
        certificate: error.certificate,
      });
    }
    const code = errorCode(error);
    if (isUntrustedCertificateCode(code)) {
      const certificate = await fetchCertificate(this.target.baseUrl, this.timeouts.connectMs);
      return new CoreError({
        code: 'tls_untrusted',
        message:
          "The server's certificate is not trusted by this computer. Check its fingerprint with the server's administrator before you pin it.",
        reason: code ?? 'untrusted',
        certificate,
      });
    }
    switch (code) {
      case 'UND_ERR_CONNECT_TIMEOUT':
        return new CoreError({
          code: 'timeout',
          message: 'The server did not accept a connection in time.',
          phase: 'connect',
        });
      case 'UND_ERR_HEADERS_TIMEOUT':
        return new CoreError({
          code: 'timeout',
          message: 'The server did not answer in time.',
          phase: 'headers',
        });
      case 'UND_ERR_BODY_TIMEOUT':
        return new CoreError({
          code: 'timeout',
          message: 'The server stopped sending its answer.',
          phase: 'body',
        });
      default:
        this.logger.warn('client: request failed', { origin: this.origin, code: code ?? null });
        return new CoreError({
          code: 'unreachable',
          message: `The server cannot be reached at ${this.origin}${code ? ` (${code})` : ''}.`,
        });
    }
  }
}
