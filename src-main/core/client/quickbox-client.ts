/**
 * The endpoints of the QuickBox session API: every path, header and request body of the
 * contract (docs/session-api.md) lives in this one module, so it can be pointed at the
 * real endpoints the day they are known. The connections are the transport's
 * (client-transport.ts), the answers' shapes the wire's (client-wire.ts), the AppErrors the
 * error mapping's (client-errors.ts), and the token, the re-login-once rule and the refusal
 * to sign in again the sign-in state's (client-sign-in.ts). The rest of core imports the
 * client from here.
 */

import type { Dispatcher } from 'undici';
import {
  EVENT_TYPES,
  INVALIDATE_ALL_PHRASE,
  type EventPage,
  type HealthResponse,
  type InvalidateAllResponse,
  type LoginResponse,
  type MeResponse,
  type QuickBoxEvent,
  type SessionListResponse,
  type SessionSummary,
} from '../../../src-shared/quickbox';
import type { Credentials } from '../../../src-shared/domain';
import type { AppError } from '../../../src-shared/errors';
import type { SessionSettings, SessionSettingsDocument } from '../../../src-shared/settings';
import { pickSettings } from '../../../src-shared/settings';
import { settingsDocumentSchema } from '../../../src-shared/settings-schema';
import { parseAnswer, protocolError, statusError, type Reply } from './client-errors';
import { SignIn, type AccountCredentials } from './client-sign-in';
import {
  ClientTransport,
  type ClientLimits,
  type ClientTarget,
  type RequestSpec,
} from './client-transport';
import {
  eventDataSchemas,
  eventPageSchema,
  healthSchema,
  invalidateAllSchema,
  loginSchema,
  meSchema,
  rawEventSchema,
  sessionListSchema,
  summarySchema,
} from './client-wire';
import { checkFeedOrder } from './client-feed';
import type { Logger } from '../support/logger';

export {
  clientUserAgent,
  DEFAULT_CLIENT_LIMITS,
  type ClientLimits,
  type ClientTarget,
} from './client-transport';
export { protocolError } from './client-errors';

/**
 * How a request authenticates: not at all, with the credentials (logging in again once when
 * the session ended), or with the token it has and no second try (logout).
 */
type Authentication = 'none' | 'credentials' | 'current_token';

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

/** A save's answer and the settings read back after it (null when the read-back failed). */
export type PutAndReadBack =
  | { saved: SessionSettingsDocument; readBack: SessionSettingsDocument }
  | { saved: SessionSettingsDocument; readBack: null; readBackError: unknown };

/** A connection to one QuickBox server with one set of credentials. */
export class QuickBoxClient {
  private readonly transport: ClientTransport;
  private readonly signIn: SignIn;
  private knownPermissions: string[] | null = null;
  private saveObserver: ((saving: Promise<SessionSettingsDocument>) => void) | null = null;

  constructor(
    readonly target: ClientTarget,
    credentials: Credentials,
    limits: ClientLimits,
    logger: Logger,
  ) {
    this.transport = new ClientTransport(target, limits, logger);
    this.signIn = new SignIn(credentials, {
      cleartextNetwork: this.transport.cleartextNetwork,
      origin: this.transport.origin,
      logger,
      login: (account) => this.postLogin(account),
    });
  }

  /** The permissions of the credentials as last seen (login or /me), null before either. */
  get permissions(): string[] | null {
    return this.knownPermissions;
  }

  /** Whether this client holds a live bearer token. */
  get hasToken(): boolean {
    return this.signIn.hasToken;
  }

  /** Why this client makes no sign-in attempt any more, or null while it may. */
  get signInRefused(): AppError | null {
    return this.signIn.refused;
  }

  /**
   * Stops every sign-in until `allowSignIn`: later calls fail with `error` and send nothing.
   * Used when the app's own session was evicted by the admin's sign-in elsewhere: logging
   * in again would evict that one in turn. A newer session this client still holds (it
   * signed in again before it knew) is signed out, so it gives the place back.
   */
  async refuseSignIn(error: AppError, evictedSessionId: string): Promise<void> {
    if (this.signIn.hasToken && this.signIn.currentSessionId !== evictedSessionId) {
      await this.logout().catch(() => undefined);
    }
    this.signIn.refuse(error);
  }

  /** Lets the client sign in again (the admin pressed Test connection). */
  allowSignIn(): void {
    this.signIn.allow();
  }

  /**
   * The server's id of the session this client is signed in with (GET /api/sessions marks
   * it `current`), asked once per token; null for an API key, which is no session.
   */
  async ownSessionId(): Promise<string | null> {
    const account = this.signIn.account;
    if (account === null || !this.signIn.hasToken) return null;
    const known = this.signIn.currentSessionId;
    if (known !== null) return known;
    let cursor: string | undefined;
    // A user has at most maxSessionsPerUser (at most 100) sessions: one page, in practice.
    for (let page = 0; page < 5; page += 1) {
      const listed = await this.listSessions({ username: account.username, limit: 100, cursor });
      const current = listed.sessions.find((session) => session.current);
      if (current && this.signIn.hasToken) {
        this.signIn.noteSession(current.id);
        return current.id;
      }
      if (!listed.nextCursor) break;
      cursor = listed.nextCursor;
    }
    return null;
  }

  /** Whether a session id is one this client was signed in with (see `ownSessionId`). */
  ownsSession(sessionId: string): boolean {
    return this.signIn.ownsSession(sessionId);
  }

  /** `GET /api/health` (no credentials). */
  async health(): Promise<HealthResponse> {
    const reply = await this.call({ method: 'GET', path: '/api/health' }, 'none');
    return parseAnswer(reply, healthSchema);
  }

  /**
   * `POST /api/auth/login` with the account credentials; keeps the token in memory. Once the
   * server has rejected them, no further attempt is made (`signInRefused`).
   */
  login(): Promise<LoginResponse> {
    return this.signIn.login();
  }

  /** `GET /api/auth/me`: who the credentials are and what they may do. */
  async me(): Promise<MeResponse> {
    const me = parseAnswer(await this.call({ method: 'GET', path: '/api/auth/me' }), meSchema);
    this.knownPermissions = me.permissions;
    return me;
  }

  /** `GET /api/settings/sessions`. */
  async getSettings(): Promise<SessionSettingsDocument> {
    const reply = await this.call({ method: 'GET', path: '/api/settings/sessions' });
    return parseAnswer(reply, settingsDocumentSchema);
  }

  /**
   * Hands every settings save this client starts, as it starts, to `observer` (the pool
   * notes the versions the app itself wrote, so drift never announces them).
   */
  observeSaves(observer: (saving: Promise<SessionSettingsDocument>) => void): void {
    this.saveObserver = observer;
  }

  /** `PUT /api/settings/sessions` with `If-Match` on the version the admin edited. */
  saveSettings(settings: SessionSettings, baseVersion: number): Promise<SessionSettingsDocument> {
    const saving = this.putSettings(settings, baseVersion);
    this.saveObserver?.(saving);
    return saving;
  }

  /**
   * A save and its verification in one call: `PUT` with `If-Match` (as `saveSettings`: a
   * failed PUT throws), then `GET` the settings back at once. A failed read-back is returned,
   * not thrown: the save itself was answered. The settings gateway compares the two.
   */
  async putAndReadBack(settings: SessionSettings, baseVersion: number): Promise<PutAndReadBack> {
    const saved = await this.saveSettings(settings, baseVersion);
    try {
      return { saved, readBack: await this.getSettings() };
    } catch (error) {
      return { saved, readBack: null, readBackError: error };
    }
  }

  private async putSettings(
    settings: SessionSettings,
    baseVersion: number,
  ): Promise<SessionSettingsDocument> {
    const reply = await this.call({
      method: 'PUT',
      path: '/api/settings/sessions',
      body: pickSettings(settings),
      headers: { 'if-match': `"${baseVersion}"` },
    });
    return parseAnswer(reply, settingsDocumentSchema);
  }

  /** `GET /api/sessions`: one page of active sessions, oldest first. */
  async listSessions(query: {
    username?: string;
    cursor?: string;
    limit?: number;
  }): Promise<SessionListResponse> {
    const reply = await this.call({ method: 'GET', path: '/api/sessions', query });
    return parseAnswer(reply, sessionListSchema);
  }

  /** `GET /api/sessions/summary`. */
  async summary(): Promise<SessionSummary> {
    const reply = await this.call({ method: 'GET', path: '/api/sessions/summary' });
    return parseAnswer(reply, summarySchema);
  }

  /** `DELETE /api/sessions/{id}`. */
  async revokeSession(sessionId: string): Promise<void> {
    await this.call({ method: 'DELETE', path: `/api/sessions/${encodeURIComponent(sessionId)}` });
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
    });
    this.signIn.forgetToken();
    return parseAnswer(reply, invalidateAllSchema);
  }

  /** `GET /api/sessions/events` as JSON (the polling feed). */
  async events(after: number, limit = 100): Promise<EventPage> {
    const { events, lastId } = await this.feedPage(after, limit);
    return { events, lastId };
  }

  /**
   * One page of the feed as it came: the events this app knows, and how many items the
   * server sent (other types included), which tells a full page from the end of the feed.
   */
  async feedPage(after: number, limit: number): Promise<EventPage & { received: number }> {
    const reply = await this.call({
      method: 'GET',
      path: '/api/sessions/events',
      query: { after, limit },
    });
    const page = parseAnswer(reply, eventPageSchema);
    const items = page.events.map(parseFeedItem);
    checkFeedOrder(
      after,
      items.map((item) => item.id),
      page.lastId,
    );
    const events = items.flatMap((item) => (item.event ? [item.event] : []));
    return { events, lastId: page.lastId, received: items.length };
  }

  /**
   * Opens the SSE stream of events (resumed after `lastEventId`), returning the response
   * body for the watcher to read. Authenticates like any request.
   */
  async openEventStream(
    lastEventId: number,
    signal: AbortSignal,
  ): Promise<Dispatcher.ResponseData['body']> {
    const answer = await this.signIn.authenticated(
      async (authHeaders) =>
        this.transport.open(
          '/api/sessions/events',
          { accept: 'text/event-stream', 'last-event-id': String(lastEventId), ...authHeaders },
          signal,
        ),
      (refused) => refused.body.dump(),
    );
    const type = String(answer.headers['content-type'] ?? '');
    if (answer.status !== 200 || !type.includes('text/event-stream')) {
      const reply = await this.transport.readJson(answer);
      throw this.signIn.failure(reply) ?? protocolError('the event stream did not open');
    }
    return answer.body;
  }

  /** `POST /api/auth/logout`, best effort (used when a server is removed). */
  async logout(): Promise<void> {
    if (this.signIn.account === null || !this.signIn.hasToken) return;
    try {
      await this.call({ method: 'POST', path: '/api/auth/logout' }, 'current_token');
    } finally {
      this.signIn.forgetToken();
    }
  }

  /** Drops the token (the next call logs in again). */
  forgetToken(): void {
    this.signIn.forgetToken();
  }

  /** New connections for the next requests (see ClientTransport.resetConnections). */
  resetConnections(): void {
    this.transport.resetConnections();
  }

  /** Drops the token and closes the connections (see ClientTransport.close). */
  async close(): Promise<void> {
    this.signIn.forgetToken();
    await this.transport.close();
  }

  /** `POST /api/auth/login` itself; when to send it is the sign-in state's call. */
  private async postLogin(credentials: AccountCredentials): Promise<LoginResponse> {
    const reply = await this.call(
      {
        method: 'POST',
        path: '/api/auth/login',
        body: {
          username: credentials.username,
          password: credentials.password,
          ...(credentials.otp ? { otp: credentials.otp } : {}),
        },
      },
      'none',
    );
    const login = parseAnswer(reply, loginSchema);
    this.knownPermissions = login.user.permissions;
    return login;
  }

  /** Sends a request, authenticated as asked, and throws the AppError of a failure status. */
  private async call(
    spec: RequestSpec,
    authentication: Authentication = 'credentials',
  ): Promise<Reply> {
    const send = (authHeaders: Record<string, string>): Promise<Reply> =>
      this.transport.request(spec, authHeaders);
    if (authentication === 'none') {
      const reply = await send({});
      const error = statusError(reply);
      if (error) throw error;
      return reply;
    }
    const reply =
      authentication === 'current_token'
        ? await send(await this.signIn.headers())
        : await this.signIn.authenticated(send);
    const error = this.signIn.failure(reply);
    if (error) throw error;
    return reply;
  }
}
