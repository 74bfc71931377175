import { randomUUID } from 'node:crypto';
import Fastify, { errorCodes } from 'fastify';
import type { Server as HttpsServer } from 'node:https';
import type {
  FastifyError,
  FastifyHttpsOptions,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import type { SessionSettings } from '../src-shared/settings';
import { validateSettings } from '../src-shared/settings';
import type {
  ActiveSession,
  ApiKeyScope,
  ApiErrorBody,
  EventPage,
  HealthResponse,
  InvalidateAllResponse,
  LoginResponse,
  MeResponse,
  SessionListResponse,
  SessionSummary,
} from '../src-shared/quickbox';
import { INVALIDATE_ALL_PHRASE } from '../src-shared/quickbox';
import type { Clock } from './clock';
import { EventHub } from './event-hub';
import type { EventStream } from './event-hub';
import { LoginRateLimiter } from './rate-limiter';
import { decoyHash, newToken, sha256Hex, verifyPassword } from './secrets';
import type { CookieAttributes } from './session-cookie';
import { COOKIE_NAME, sessionCookie } from './session-cookie';
import type { SessionPosition, SessionRow, Store } from './store';
import { verifyTotp } from './totp';

/** The contract's request body limit: 64 KiB. */
export const BODY_LIMIT_BYTES = 64 * 1024;
const READ = 'admin.sessions.read';
const UPDATE = 'admin.settings.update';
const USER_AGENT_MAX = 512;
/** The contract's body for any unexpected failure (no stack trace, no detail). */
const INTERNAL_ERROR = {
  error: 'internal_error',
  message: 'The server failed to handle the request.',
} as const;

/** What buildApp needs: the store, the clock and the knobs of the CLI. */
export interface AppOptions {
  store: Store;
  clock: Clock;
  name: string;
  version: string;
  latencyMs: number;
  logger: boolean;
  /** Where the log goes when `logger` is on (default stdout). */
  logStream?: NodeJS.WritableStream;
  heartbeatMs: number;
  sseRetryMs: number;
  /** How long an event stream may wait for its reader before it is closed. */
  sseStallMs: number;
  https: { key: string; cert: string } | null;
}

/** Who is calling, and with what rights. */
type Caller =
  | {
      via: 'session';
      actor: string;
      permissions: string[];
      session: SessionRow;
      token: string;
      tokenHash: string;
    }
  | { via: 'api_key'; actor: string; permissions: string[]; scopes: ApiKeyScope[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function clampInteger(raw: unknown, min: number, max: number, fallback: number): number {
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim())) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}

// Rounded up, so the cookie never dies before the session it carries.
function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/** When a session ends if it is seen active at `now` (see the contract's session semantics). */
export function expiryAfterActivity(session: SessionRow, now: number): number {
  const absoluteEnd = session.createdAt + session.absoluteMs;
  if (session.remember) {
    return session.resetExpiry
      ? Math.min(now + session.rememberMs, absoluteEnd)
      : session.expiresAt;
  }
  return Math.min(now + session.idleMs, session.createdAt + session.sessionMs, absoluteEnd);
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

function clientAddress(request: FastifyRequest): string {
  const ip = request.ip ?? '';
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
}

function encodeCursor(row: SessionPosition): string {
  return Buffer.from(`${row.createdAt}:${row.seq}`).toString('base64url');
}

function decodeCursor(cursor: string): SessionPosition | null {
  const match = /^(\d{1,16}):(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || encodeCursor({ createdAt: Number(match[1]), seq: Number(match[2]) }) !== cursor) {
    return null;
  }
  return { createdAt: Number(match[1]), seq: Number(match[2]) };
}

function matchesIfMatch(header: string, version: number): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === `"${version}"`);
}

/** Builds the Fastify app of the contract (not listening yet) and its event hub. */
export function buildApp(options: AppOptions): { app: FastifyInstance; hub: EventHub } {
  const { store, clock } = options;
  const hub = new EventHub({ log: store, stallMs: options.sseStallMs });
  const limiter = new LoginRateLimiter(clock);

  const common: FastifyServerOptions = {
    bodyLimit: BODY_LIMIT_BYTES,
    // Errors Fastify raises before routing (a path that does not decode, say) get the
    // contract's error body too, instead of Fastify's own `{ "error": "Bad Request", ... }`.
    frameworkErrors: (error, _request, generic) => {
      const status = error.statusCode ?? 400;
      // The option's reply type is generic over route schemas this app does not declare.
      const reply = generic as unknown as FastifyReply;
      void reply
        .code(status)
        .type('application/json; charset=utf-8')
        .send(
          status >= 500
            ? INTERNAL_ERROR
            : { error: 'bad_request', message: 'The request could not be understood.' },
        );
    },
    // Requests that are not valid HTTP: answered with the contract's error body, then closed.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const [status, reason, code, message] =
        error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive.']
          : error.code === 'HPE_HEADER_OVERFLOW'
            ? [
                431,
                'Request Header Fields Too Large',
                'headers_too_large',
                'The headers are too large.',
              ]
            : [400, 'Bad Request', 'bad_request', 'The request is not valid HTTP.'];
      const body = JSON.stringify({ error: code, message });
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy(error);
    },
    // Secrets travel in these headers and bodies: never log them (Fastify logs no bodies).
    logger: options.logger
      ? {
          redact: [
            'req.headers.authorization',
            'req.headers.cookie',
            'req.headers["x-api-key"]',
            'res.headers["set-cookie"]',
          ],
          ...(options.logStream ? { stream: options.logStream } : {}),
        }
      : false,
    trustProxy: false,
    // Close drops every connection at once, open event streams and idle keep-alives alike,
    // so a restart on the same port is clean for clients.
    forceCloseConnections: true,
  };
  const app = (options.https
    ? Fastify({ ...common, https: options.https } as FastifyHttpsOptions<HttpsServer>)
    : Fastify(common)) as unknown as FastifyInstance;

  // An empty body is no body (clients send Content-Type on body-less POSTs); anything else
  // must be JSON. `__proto__` and `constructor` keys are well-formed JSON, so they are kept
  // as plain own properties (JSON.parse never touches a prototype) and a settings body that
  // has them is 422 `unknown_field`, not 400; no handler merges a body into another object.
  const defaultJson = app.getDefaultJsonParser('ignore', 'ignore');
  // Fastify also parses text/plain by default; only JSON is accepted here.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    defaultJson(request, text, done);
  });
  // Any other body (or one without a Content-Type) is read up to the limit before it is
  // refused as 415, so an oversized body is 413 whatever its type (the body is checked first).
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, _body, done) => {
    done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type'] ?? ''));
  });

  function sendError(
    reply: FastifyReply,
    status: number,
    error: string,
    message: string,
    extra: Omit<ApiErrorBody, 'error' | 'message'> = {},
  ): FastifyReply {
    return reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send({ error, message, ...extra });
  }

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return sendError(
        reply,
        413,
        'payload_too_large',
        `Request bodies are limited to ${BODY_LIMIT_BYTES} bytes.`,
      );
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return sendError(reply, 400, 'malformed_json', 'The request body is not valid JSON.');
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(
        reply,
        415,
        'unsupported_media_type',
        'Request bodies must be application/json.',
      );
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(
        reply,
        error.statusCode,
        'bad_request',
        'The request could not be understood.',
      );
    }
    // Log the cause for the operator when logging is on; the client gets no stack trace.
    reply.log.error({ err: error }, 'request failed');
    // A header the route set may be the failure itself (Node refuses to write it): the 500
    // goes out with none of them, or Fastify would fall back to its own body.
    for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
    return sendError(reply, 500, INTERNAL_ERROR.error, INTERNAL_ERROR.message);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      404,
      'not_found',
      `There is no ${request.method} ${request.url.split('?')[0]} here.`,
    ),
  );

  if (options.latencyMs > 0) {
    app.addHook('onSend', async () => {
      await sleep(options.latencyMs);
    });
  }

  const clearCookie = (reply: FastifyReply, attributes: CookieAttributes): void => {
    reply.removeHeader('set-cookie');
    reply.header('set-cookie', sessionCookie('', attributes, 0));
  };

  /** Authenticates the request (401) and checks one permission (403); null when answered. */
  function authenticate(
    request: FastifyRequest,
    reply: FastifyReply,
    permission?: string,
  ): Caller | null {
    const now = clock.now();
    let caller: Caller | null = null;
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey !== '') {
      const key = store.useApiKey(apiKey);
      if (key) {
        caller = {
          via: 'api_key',
          actor: key.label,
          scopes: key.scopes,
          permissions: key.scopes.includes('write') ? [READ, UPDATE] : [READ],
        };
      }
    } else {
      const authorization = request.headers.authorization;
      const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      const token = bearer || readCookie(request.headers.cookie, COOKIE_NAME);
      if (token) {
        const tokenHash = sha256Hex(token);
        const found = store.sessionByTokenHash(tokenHash);
        if (found && found.endedAt === null && found.expiresAt > now) {
          const user = store.user(found.username);
          const expiresAt = expiryAfterActivity(found, now);
          store.touchSession(found.seq, now, expiresAt);
          const session = { ...found, lastSeenAt: now, expiresAt };
          if (session.remember && session.resetExpiry) {
            reply.header('set-cookie', sessionCookie(token, session, secondsLeft(expiresAt, now)));
          }
          caller = {
            via: 'session',
            actor: session.username,
            permissions: user?.permissions ?? [],
            session,
            token,
            tokenHash,
          };
        } else if (found && found.endedAt === null) {
          store.endSession(found.seq, 'expired');
        }
      }
    }
    if (!caller) {
      sendError(reply, 401, 'unauthenticated', 'Sign in, or send a valid API key.');
      return null;
    }
    if (permission && !caller.permissions.includes(permission)) {
      sendError(reply, 403, 'forbidden', `This needs the ${permission} permission.`, {
        permission,
      });
      return null;
    }
    return caller;
  }

  /** Ends the SSE streams opened with the given sessions (after they got the ending event). */
  const endStreamsOf = (seqs: readonly number[]): void => {
    const ended = new Set(seqs);
    hub.end((stream) => stream.sessionSeq !== null && ended.has(stream.sessionSeq));
  };

  app.get('/api/health', async (): Promise<HealthResponse> => ({
    status: 'ok',
    name: options.name,
    version: options.version,
  }));

  app.post('/api/auth/login', async (request, reply) => {
    const body: unknown = request.body;
    const address = clientAddress(request);
    const username = isObject(body) && typeof body.username === 'string' ? body.username : null;
    const password = isObject(body) && typeof body.password === 'string' ? body.password : null;
    const retryAfter = limiter.retryAfterSeconds(username, address);
    if (retryAfter > 0) {
      reply.header('retry-after', String(retryAfter));
      return sendError(
        reply,
        429,
        'rate_limited',
        `Too many failed sign-ins; try again in ${retryAfter} seconds.`,
      );
    }
    const attempt = limiter.begin(username, address);
    const user = username === null ? null : store.user(username);
    // A missing user costs a hash check too, so timing does not reveal which usernames exist.
    const passwordOk = await verifyPassword(
      password ?? '',
      user?.passwordHash ?? (await decoyHash()),
    );
    if (!user || password === null || !passwordOk) {
      return sendError(reply, 401, 'invalid_credentials', 'The username or password is wrong.');
    }
    if (user.totpSecret !== null) {
      const rawOtp = isObject(body) ? body.otp : undefined;
      if (rawOtp === undefined || rawOtp === null || rawOtp === '') {
        // The contract: asking for the code is not a failed attempt.
        attempt.forgive();
        return sendError(reply, 401, 'otp_required', 'This account needs a one-time code.');
      }
      const otp = typeof rawOtp === 'number' ? String(rawOtp).padStart(6, '0') : rawOtp;
      if (typeof otp !== 'string' || !verifyTotp(user.totpSecret, otp.trim(), clock.now())) {
        return sendError(reply, 401, 'otp_required', 'The one-time code is wrong or has expired.');
      }
    }
    attempt.forgive();
    const settings = store.settings();
    const now = clock.now();
    const minute = 60_000;
    const remember =
      isObject(body) && body.rememberMe === true && settings.persistence.rememberMeDays > 0;
    const timing = {
      idleMs: settings.timeouts.idleMinutes * minute,
      sessionMs: settings.timeouts.sessionMinutes * minute,
      absoluteMs: settings.timeouts.absoluteMinutes * minute,
      rememberMs: settings.persistence.rememberMeDays * 1440 * minute,
    };
    const expiresAt = remember
      ? Math.min(now + timing.rememberMs, now + timing.absoluteMs)
      : Math.min(now + timing.idleMs, now + timing.sessionMs, now + timing.absoluteMs);
    const token = newToken();
    const userAgent = request.headers['user-agent'] ?? '';
    const session = {
      id: randomUUID(),
      tokenHash: sha256Hex(token),
      username: user.username,
      ip: address,
      userAgent: userAgent.slice(0, USER_AGENT_MAX),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      remember,
      ...timing,
      resetExpiry: settings.persistence.resetExpiryAtLogon,
      cookieSecure: settings.persistence.cookie.secure,
      cookieSameSite: settings.persistence.cookie.sameSite,
      cookiePath: settings.persistence.cookie.path,
    };
    // Built before the session exists: if Node cannot send it, nothing is created or evicted.
    const cookie = sessionCookie(token, session, remember ? secondsLeft(expiresAt, now) : null);
    const { evictedSeqs } = store.createSession(session, settings.concurrency.maxSessionsPerUser);
    if (evictedSeqs.length > 0) hub.deliver();
    endStreamsOf(evictedSeqs);
    reply.header('set-cookie', cookie);
    const response: LoginResponse = {
      token,
      expiresAt: iso(expiresAt),
      user: { username: user.username, permissions: user.permissions },
    };
    return response;
  });

  app.get('/api/auth/me', async (request, reply) => {
    const caller = authenticate(request, reply);
    if (!caller) return reply;
    const me: MeResponse =
      caller.via === 'session'
        ? { username: caller.actor, permissions: caller.permissions, via: 'session' }
        : {
            username: caller.actor,
            permissions: caller.permissions,
            via: 'api_key',
            scopes: caller.scopes,
          };
    return me;
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const caller = authenticate(request, reply);
    if (!caller) return reply;
    if (caller.via === 'session') {
      store.endSession(caller.session.seq, 'logout');
      endStreamsOf([caller.session.seq]);
      clearCookie(reply, caller.session);
    }
    return reply.code(204).send();
  });

  const sendSettings = (reply: FastifyReply, status = 200): FastifyReply => {
    const document = store.settings();
    return reply.code(status).header('etag', `"${document.version}"`).send(document);
  };

  app.get('/api/settings/sessions', async (request, reply) => {
    if (!authenticate(request, reply, READ)) return reply;
    return sendSettings(reply);
  });

  app.put('/api/settings/sessions', async (request, reply) => {
    const caller = authenticate(request, reply, UPDATE);
    if (!caller) return reply;
    const ifMatch = request.headers['if-match'];
    if (typeof ifMatch !== 'string' || ifMatch.trim() === '') {
      return sendError(
        reply,
        428,
        'precondition_required',
        'Send If-Match with the version you edited (the ETag of GET).',
      );
    }
    const current = store.settings();
    if (!matchesIfMatch(ifMatch, current.version)) {
      reply.header('etag', `"${current.version}"`);
      return sendError(
        reply,
        412,
        'version_conflict',
        `The settings changed since you read them (now version ${current.version}).`,
        { current },
      );
    }
    const { errors } = validateSettings(request.body);
    if (errors.length > 0) {
      return sendError(reply, 422, 'invalid_settings', 'The settings are not valid.', { errors });
    }
    const { document, event } = store.updateSettings(request.body as SessionSettings, caller.actor);
    if (event) hub.deliver();
    return reply.header('etag', `"${document.version}"`).send(document);
  });

  app.get('/api/sessions', async (request, reply) => {
    const caller = authenticate(request, reply, READ);
    if (!caller) return reply;
    const query = request.query as Record<string, unknown>;
    const limit = clampInteger(query.limit, 1, 500, 100);
    let after: SessionPosition | undefined;
    if (typeof query.cursor === 'string' && query.cursor !== '') {
      const position = decodeCursor(query.cursor);
      if (!position || !store.sessionPositionExists(position)) {
        return sendError(
          reply,
          400,
          'invalid_cursor',
          'The cursor is not one this server gave out.',
        );
      }
      after = position;
    }
    const username =
      typeof query.username === 'string' && query.username !== '' ? query.username : undefined;
    const rows = store.listSessions({ now: clock.now(), limit: limit + 1, username, after });
    const page = rows.slice(0, limit);
    const ownSeq = caller.via === 'session' ? caller.session.seq : null;
    const sessions: ActiveSession[] = page.map((row) => ({
      id: row.id,
      username: row.username,
      ip: row.ip,
      userAgent: row.userAgent,
      createdAt: iso(row.createdAt),
      lastSeenAt: iso(row.lastSeenAt),
      expiresAt: iso(row.expiresAt),
      rememberMe: row.remember,
      current: row.seq === ownSeq,
    }));
    const last = page[page.length - 1];
    const response: SessionListResponse = { sessions };
    if (rows.length > limit && last) response.nextCursor = encodeCursor(last);
    return response;
  });

  app.get('/api/sessions/summary', async (request, reply) => {
    if (!authenticate(request, reply, READ)) return reply;
    const summary: SessionSummary = store.summary(clock.now());
    return summary;
  });

  app.delete('/api/sessions/:id', async (request, reply) => {
    const caller = authenticate(request, reply, UPDATE);
    if (!caller) return reply;
    const { id } = request.params as { id: string };
    const revoked = store.revokeSession(id, caller.actor);
    if (!revoked) return sendError(reply, 404, 'not_found', 'No active session has this id.');
    hub.deliver();
    endStreamsOf([revoked.seq]);
    if (caller.via === 'session' && caller.session.seq === revoked.seq)
      clearCookie(reply, caller.session);
    return reply.code(204).send();
  });

  app.post('/api/sessions/invalidate-all', async (request, reply) => {
    const caller = authenticate(request, reply, UPDATE);
    if (!caller) return reply;
    const body: unknown = request.body;
    if (!isObject(body) || body.confirm !== INVALIDATE_ALL_PHRASE) {
      return sendError(
        reply,
        400,
        'confirmation_required',
        `Send { "confirm": "${INVALIDATE_ALL_PHRASE}" } to end every session.`,
      );
    }
    const { count, at } = store.invalidateAll(caller.actor);
    hub.deliver();
    hub.end((stream) => stream.sessionSeq !== null);
    if (caller.via === 'session') clearCookie(reply, caller.session);
    const response: InvalidateAllResponse = { invalidated: count, at: iso(at) };
    return response;
  });

  app.get('/api/sessions/events', async (request, reply) => {
    const caller = authenticate(request, reply, READ);
    if (!caller) return reply;
    const accept = request.headers.accept ?? '';
    if (!accept.includes('text/event-stream')) {
      const query = request.query as Record<string, unknown>;
      const after = clampInteger(query.after, 0, Number.MAX_SAFE_INTEGER, 0);
      const limit = clampInteger(query.limit, 1, 1000, 100);
      const events = store.eventsAfter(after, limit);
      const page: EventPage = { events, lastId: events[events.length - 1]?.id ?? after };
      return page;
    }
    openStream(request, reply, caller);
    return reply;
  });

  function openStream(request: FastifyRequest, reply: FastifyReply, caller: Caller): void {
    reply.hijack();
    const raw = reply.raw;
    const cookie = reply.getHeader('set-cookie');
    const start = async (): Promise<void> => {
      if (options.latencyMs > 0) await sleep(options.latencyMs);
      if (raw.destroyed) return;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        ...(cookie === undefined ? {} : { 'set-cookie': cookie as string | string[] }),
      });
      raw.write(`retry: ${options.sseRetryMs}\n\n`);
      const header = request.headers['last-event-id'];
      const lastEventId =
        typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header.trim()) : null;
      const newest = store.lastEventId();
      const stream: EventStream = {
        response: raw,
        // A Last-Event-ID beyond the newest event (one from a database since replaced) replays
        // nothing, and must not hold back the live events, whose ids are smaller than it.
        lastSentId: Math.min(lastEventId ?? newest, newest),
        sessionSeq: caller.via === 'session' ? caller.session.seq : null,
        tokenHash: caller.via === 'session' ? caller.tokenHash : null,
      };
      // The hub writes the replay and then the live events from the store, page by page as
      // the reader takes them: no gap, no duplicate, and no whole log held in memory.
      hub.add(stream);
    };
    start().catch((error: unknown) => {
      request.log.error({ err: error }, 'event stream failed');
      // Fastify's error handler is bypassed once hijacked: the contract's body, while it can be.
      if (raw.headersSent || raw.destroyed) {
        raw.destroy();
        return;
      }
      raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      raw.end(JSON.stringify(INTERNAL_ERROR));
    });
  }

  // Heartbeats keep streams alive; at each one, streams whose session has expired are closed
  // (expiry records no event, so nothing else would tell them).
  const heartbeat = setInterval(() => {
    const now = clock.now();
    hub.end((stream) => {
      if (stream.tokenHash === null) return false;
      const session = store.sessionByTokenHash(stream.tokenHash);
      return !session || session.endedAt !== null || session.expiresAt <= now;
    });
    hub.heartbeat();
  }, options.heartbeatMs);
  heartbeat.unref();
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
  });
  app.addHook('preClose', async () => {
    hub.closeAll();
  });

  return { app, hub };
}
