/** Shared set-up for the reference server tests: a seeded server on port 0 with a test clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cookie } from 'tough-cookie';
import { Agent, fetch as undiciFetch } from 'undici';
import { expect } from 'vitest';
import type { RequestInit as UndiciRequestInit, Response as UndiciResponse } from 'undici';
import { PERMISSIONS } from '../../src-shared/quickbox';
import type { SessionSettings } from '../../src-shared/settings';
import { DEFAULT_SETTINGS, pickSettings } from '../../src-shared/settings';
import { createTestClock, startReferenceServer } from '../../server/index';
import type {
  ReferenceServerOptions,
  RunningReferenceServer,
  SeedFile,
  TestClock,
} from '../../server/index';

export const ADMIN = {
  username: 'admin',
  password: 'admin-password-1',
  permissions: [...PERMISSIONS],
};
export const READER = {
  username: 'reader',
  password: 'reader-password-1',
  permissions: ['admin.sessions.read'],
};
export const NOBODY = {
  username: 'nobody',
  password: 'nobody-password-1',
  permissions: [] as string[],
};
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const OTP_USER = {
  username: 'otp-admin',
  password: 'otp-password-1',
  permissions: [...PERMISSIONS],
  totpSecret: TOTP_SECRET,
};
export const WRITE_KEY = 'qbk_write_0123456789abcdef';
export const READ_KEY = 'qbk_read_0123456789abcdef';

/** A seed with every kind of caller; `settings` replaces the defaults when given. */
export function testSeed(settings?: SessionSettings): SeedFile {
  return {
    name: 'Test box',
    users: [ADMIN, READER, NOBODY, OTP_USER],
    apiKeys: [
      { key: WRITE_KEY, label: 'automation', scopes: ['read', 'write'] },
      { key: READ_KEY, scopes: ['read'] },
    ],
    ...(settings ? { settings } : {}),
  };
}

/** Default settings with some leaves replaced. */
export function settingsWith(change: (s: SessionSettings) => void): SessionSettings {
  const copy = pickSettings(DEFAULT_SETTINGS);
  change(copy);
  return copy;
}

/** A parsed HTTP answer. */
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  /** The body as a record (for reading fields in assertions). */
  json: Record<string, unknown>;
  cookies: Cookie[];
}

/** How to call: a session token (Bearer), a cookie, an API key, extra headers, a body. */
export interface CallOptions {
  token?: string;
  cookie?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

/** A running test server with helpers. */
export interface TestServer {
  server: RunningReferenceServer;
  clock: TestClock;
  dataDir: string;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /**
   * fetch through a connection pool of the current server instance only: a restart gets a
   * fresh pool, so no request goes out on a keep-alive socket the old instance closed.
   */
  fetch(url: string | URL, init?: UndiciRequestInit): Promise<UndiciResponse>;
  login(
    user: { username: string; password: string },
    extra?: Record<string, unknown>,
  ): Promise<Answer>;
  /** Logs in and returns the token (asserting success). */
  token(
    user: { username: string; password: string },
    extra?: Record<string, unknown>,
  ): Promise<string>;
  /** Stops the server and starts it again on the same data folder and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The connection pool of the current server instance. */
  agent(): Agent;
}

const started: TestServer[] = [];

/** Stops every server started by `startTestServer` and removes its data folder. */
export async function stopAllTestServers(): Promise<void> {
  for (const test of started.splice(0)) {
    await test.server.close();
    await test.agent().destroy();
    rmSync(test.dataDir, { recursive: true, force: true });
  }
}

/** Starts a seeded server on port 0 with a test clock. */
export async function startTestServer(
  options: { settings?: SessionSettings; extra?: Partial<ReferenceServerOptions> } = {},
): Promise<TestServer> {
  const clock = createTestClock();
  const dataDir = mkdtempSync(join(tmpdir(), 'qb-server-test-'));
  const base: ReferenceServerOptions = {
    dataDir,
    clock,
    seed: testSeed(options.settings),
    heartbeatMs: 60_000,
    sseRetryMs: 100,
    ...options.extra,
  };
  let agent = new Agent();
  const test: TestServer = {
    server: await startReferenceServer(base),
    fetch: (url, init) => undiciFetch(url, { ...init, dispatcher: agent }),
    clock,
    dataDir,
    async call(method, path, call = {}) {
      const headers: Record<string, string> = { ...call.headers };
      if (call.token) headers.authorization = `Bearer ${call.token}`;
      if (call.cookie) headers.cookie = `qb_session=${call.cookie}`;
      if (call.apiKey) headers['x-api-key'] = call.apiKey;
      let body: string | undefined = call.rawBody;
      if (call.body !== undefined) body = JSON.stringify(call.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await test.fetch(`${test.server.url}${path}`, { method, headers, body });
      const text = await response.text();
      const parsed: unknown = text === '' ? undefined : JSON.parse(text);
      return {
        status: response.status,
        headers: response.headers,
        body: parsed,
        json: (parsed ?? {}) as Record<string, unknown>,
        cookies: response.headers.getSetCookie().map((line) => {
          const cookie = Cookie.parse(line);
          if (!cookie) throw new Error(`unparsable cookie: ${line}`);
          return cookie;
        }),
      };
    },
    login(user, extra = {}) {
      return test.call('POST', '/api/auth/login', {
        body: { username: user.username, password: user.password, ...extra },
      });
    },
    async token(user, extra) {
      const answer = await test.login(user, extra);
      if (answer.status !== 200)
        throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.json.token as string;
    },
    async restart() {
      const port = test.server.port;
      await test.server.close();
      await agent.destroy();
      agent = new Agent();
      test.server = await startReferenceServer({ ...base, port });
    },
    async stop() {
      await test.server.close();
    },
    agent: () => agent,
  };
  started.push(test);
  return test;
}

/**
 * Saves settings with the write key over the version the server has now (the ETag read just
 * before), asserting that it took them; `next` may be made from the current settings.
 */
export async function putSettings(
  t: TestServer,
  next: SessionSettings | ((current: Record<string, unknown>) => SessionSettings),
): Promise<void> {
  const current = await t.call('GET', '/api/settings/sessions', { apiKey: READ_KEY });
  const answer = await t.call('PUT', '/api/settings/sessions', {
    apiKey: WRITE_KEY,
    headers: { 'if-match': current.headers.get('etag') ?? '' },
    body: typeof next === 'function' ? next(current.json) : next,
  });
  expect(answer.status).toBe(200);
}

/** One minute, in milliseconds. */
export const MINUTE = 60_000;
