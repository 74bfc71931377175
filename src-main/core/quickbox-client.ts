/**
 * The endpoints of the QuickBox session API: every path, header and request body of the
 * contract (shared/session-api.md) lives in this one module, so it can be pointed at the
 * real endpoints the day they are known. It holds one server's credentials and bearer
 * token (only in memory), and the one re-login-once rule that requests and the event stream
 * share. The connections are the transport's (client-transport.ts), the answers' shapes the
 * wire's (client-wire.ts), and the AppErrors the error mapping's (client-errors.ts); the
 * rest of core imports the client from here.
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
} from '../../src-shared/quickbox';
import type { SessionSettings, SessionSettingsDocument } from '../../src-shared/settings';
import { pickSettings } from '../../src-shared/settings';
import {
  cleartextError,
  parseAnswer,
  protocolError,
  statusError,
  type Reply,
} from './client-errors';
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
  settingsDocumentSchema,
  summarySchema,
} from './client-wire';
import type { Logger } from './logger';

export { DEFAULT_CLIENT_LIMITS, type ClientLimits, type ClientTarget } from './client-transport';

/** Credentials the client authenticates with (they never leave main). */
export type ClientCredentials =
  | { kind: 'account'; username: string; password: string; otp?: string }
  | { kind: 'api_key'; apiKey: string };

/**
 * How a request authenticates: not at all, with the credentials (logging in again once when
 * the session ended), or with the token it has and no second try (logout).
 */
type Authentication = 'none' | 'credentials' | 'current_token';

/** Checks one event of the feed; null for a type this app does not know (skipped, not fatal). */
export function parseEvent(value: unknown): QuickBoxEvent | null {
  const raw = rawEventSchema.safeParse(value);
  if (!raw.success) throw protocolError('an event does not have the expected shape');
  const type = raw.data.type;
  if (!(EVENT_TYPES as readonly string[]).includes(type)) return null;
  const data = eventDataSchemas[type as keyof typeof eventDataSchemas].safeParse(raw.data.data);
  if (!data.success) throw protocolError(`a ${type} event does not have the expected data`);
  return { ...raw.data, type, data: data.data } as QuickBoxEvent;
}

/** A connection to one QuickBox server with one set of credentials. */
export class QuickBoxClient {
  private readonly transport: ClientTransport;
  private token: string | null = null;
  private loginInFlight: Promise<LoginResponse> | null = null;
  private knownPermissions: string[] | null = null;

  constructor(
    readonly target: ClientTarget,
    private credentials: ClientCredentials,
    limits: ClientLimits,
    private readonly logger: Logger,
  ) {
    this.transport = new ClientTransport(target, limits, logger);
  }

  /** The permissions of the credentials as last seen (login or /me), null before either. */
  get permissions(): string[] | null {
    return this.knownPermissions;
  }

  /** Whether this client holds a live bearer token. */
  get hasToken(): boolean {
    return this.token !== null;
  }

  /** `GET /api/health` (no credentials). */
  async health(): Promise<HealthResponse> {
    const reply = await this.call({ method: 'GET', path: '/api/health' }, 'none');
    return parseAnswer(reply, healthSchema);
  }

  /** `POST /api/auth/login` with the account credentials; keeps the token in memory. */
  async login(): Promise<LoginResponse> {
    this.loginInFlight ??= this.doLogin().finally(() => {
      this.loginInFlight = null;
    });
    return this.loginInFlight;
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

  /** `PUT /api/settings/sessions` with `If-Match` on the version the admin edited. */
  async saveSettings(
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
    this.token = null;
    return parseAnswer(reply, invalidateAllSchema);
  }

  /** `GET /api/sessions/events` as JSON (the polling feed). */
  async events(after: number, limit = 100): Promise<EventPage> {
    const reply = await this.call({
      method: 'GET',
      path: '/api/sessions/events',
      query: { after, limit },
    });
    const page = parseAnswer(reply, eventPageSchema);
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
    const answer = await this.authenticated(
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
      throw statusError(reply) ?? protocolError('the event stream did not open');
    }
    return answer.body;
  }

  /** `POST /api/auth/logout`, best effort (used when a server is removed). */
  async logout(): Promise<void> {
    if (this.credentials.kind !== 'account' || this.token === null) return;
    try {
      await this.call({ method: 'POST', path: '/api/auth/logout' }, 'current_token');
    } finally {
      this.token = null;
    }
  }

  /** Drops the token (the next call logs in again). */
  forgetToken(): void {
    this.token = null;
  }

  /** Drops the token and closes the connections (see ClientTransport.close). */
  async close(): Promise<void> {
    this.token = null;
    await this.transport.close();
  }

  private async doLogin(): Promise<LoginResponse> {
    const credentials = this.credentials;
    if (credentials.kind !== 'account') throw new Error('login needs account credentials');
    if (this.transport.cleartextNetwork) throw cleartextError();
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
    this.token = login.token;
    this.knownPermissions = login.user.permissions;
    // A one-time code is good for one login; a later re-login asks the admin again.
    if (credentials.otp) this.credentials = { ...credentials, otp: undefined };
    return login;
  }

  private async authHeaders(): Promise<Record<string, string>> {
    if (this.transport.cleartextNetwork) throw cleartextError();
    if (this.credentials.kind === 'api_key') return { 'x-api-key': this.credentials.apiKey };
    if (this.token === null) await this.login();
    return this.token === null ? {} : { authorization: `Bearer ${this.token}` };
  }

  /**
   * The one re-login rule of requests and the event stream: with account credentials, a 401
   * to a token that was accepted before means the session ended (expiry, revocation,
   * invalidate-all), so the client logs in again once and tries once more. A 401 on a
   * token's first use is the answer (docs/decisions.md, "Re-login").
   */
  private async authenticated<A extends { status: number }>(
    exchange: (authHeaders: Record<string, string>) => Promise<A>,
    discard: (refused: A) => Promise<void> = async () => undefined,
  ): Promise<A> {
    const hadToken = this.token !== null;
    const answer = await exchange(await this.authHeaders());
    if (answer.status !== 401 || !hadToken || this.credentials.kind !== 'account') return answer;
    await discard(answer);
    this.logger.info('client: session ended, logging in again', { origin: this.transport.origin });
    this.token = null;
    return exchange(await this.authHeaders());
  }

  /** Sends a request, authenticated as asked, and throws the AppError of a failure status. */
  private async call(
    spec: RequestSpec,
    authentication: Authentication = 'credentials',
  ): Promise<Reply> {
    const send = (authHeaders: Record<string, string>): Promise<Reply> =>
      this.transport.request(spec, authHeaders);
    let reply: Reply;
    if (authentication === 'none') reply = await send({});
    else if (authentication === 'current_token') reply = await send(await this.authHeaders());
    else reply = await this.authenticated(send);
    const error = statusError(reply);
    if (error) throw error;
    return reply;
  }
}
