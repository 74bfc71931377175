/**
 * The auth plugin: `POST /api/auth/login`, `GET /api/auth/me` and `POST /api/auth/logout`.
 * Login is the only route without the authentication hook: it checks the rate limits, the
 * password (a decoy hash for unknown users, so timing reveals nothing) and the one-time code,
 * then creates a session that records the settings in force, evicting the user's oldest
 * sessions past the limit.
 */

import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { LoginResponse, MeResponse } from '../src-shared/quickbox';
import { sessionLifetimes } from '../src-shared/session-lifetimes';
import { callerOf } from './authentication';
import type { ServerContext } from './context';
import { sendError } from './error-replies';
import { LoginRateLimiter } from './rate-limiter';
import { loginSchema, logoutSchema, meSchema } from './route-schemas';
import { decoyHash, newToken, sha256Hex, verifyPassword } from './secrets';
import { clearSessionCookie, secondsLeft, sessionCookie } from './session-cookie';
import { verifyTotp } from './totp';
import { isObject, iso } from './wire-values';

const USER_AGENT_MAX = 512;
const MINUTE = 60_000;

// Proxies are not trusted (trustProxy is off), so this is the TCP peer, IPv4 without `::ffff:`.
function clientAddress(request: FastifyRequest): string {
  const ip = request.ip ?? '';
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
}

/** The auth routes; the rate limiter's counters live as long as the app. */
export const authRoutes: FastifyPluginAsync<ServerContext> = async (app, { store, clock, hub }) => {
  const limiter = new LoginRateLimiter(clock);

  // attachValidation: a body that fails the schema is refused by the handler, after the rate
  // limit and counted, as the contract orders a login's checks.
  const login = { schema: loginSchema, attachValidation: true };
  app.post('/api/auth/login', login, async (request, reply) => {
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
    if (request.validationError) {
      return sendError(
        reply,
        401,
        'invalid_credentials',
        `The sign-in request is not valid: ${request.validationError.message}.`,
      );
    }
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
    const lifetimes = sessionLifetimes(settings);
    // A login asking to be remembered while remember-me is off gets a normal session.
    const remembered = isObject(body) && body.rememberMe === true ? lifetimes.remembered : null;
    const remember = remembered !== null;
    const timing = {
      idleMs: settings.timeouts.idleMinutes * MINUTE,
      sessionMs: settings.timeouts.sessionMinutes * MINUTE,
      absoluteMs: settings.timeouts.absoluteMinutes * MINUTE,
      rememberMs: (lifetimes.remembered?.periodMinutes ?? 0) * MINUTE,
    };
    const expiresAt =
      now + (remembered ? remembered.minutes : lifetimes.normalIdleMinutes) * MINUTE;
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
    hub.endSessionStreams(evictedSeqs);
    reply.header('set-cookie', cookie);
    const response: LoginResponse = {
      token,
      expiresAt: iso(expiresAt),
      user: { username: user.username, permissions: user.permissions },
    };
    return response;
  });

  app.get(
    '/api/auth/me',
    { schema: meSchema, preValidation: app.authenticate() },
    async (request) => {
      const caller = callerOf(request);
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
    },
  );

  const logout = { schema: logoutSchema, preValidation: app.authenticate() };
  app.post('/api/auth/logout', logout, async (request, reply) => {
    const caller = callerOf(request);
    if (caller.via === 'session') {
      store.endSession(caller.session.seq, 'logout');
      hub.endSessionStreams([caller.session.seq]);
      clearSessionCookie(reply, caller.session);
    }
    return reply.code(204).send();
  });
};
