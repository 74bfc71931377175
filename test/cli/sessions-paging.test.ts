/**
 * `qbsc sessions list` against session lists whose pages never end: the real binary, a
 * hostile server on loopback. A run that has not ended after a generous while is killed,
 * so a loop without a bound fails the test instead of hanging it.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeAll, sendJson, startRawServer, tempDir } from '../main/core/fixtures';
import { qbsc, startQbsc, type QbscRun } from './run-qbsc';

vi.setConfig({ testTimeout: 120_000 });

/** Far longer than a run takes on a loaded machine: only a run that never ends is killed. */
const KILL_AFTER_MS = 45_000;

let dataDir: string;
const cleanup: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dataDir = await tempDir('qb-cli-paging-');
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await removeAll([dataDir]);
});

/** One session as a server lists it. */
function session(id: string) {
  return {
    id,
    username: 'viewer',
    ip: '127.0.0.1',
    userAgent: 'test',
    createdAt: '2026-12-07T10:00:00Z',
    lastSeenAt: '2026-12-07T10:00:00Z',
    expiresAt: '2026-12-08T10:00:00Z',
    rememberMe: false,
    current: false,
  };
}

/** A loopback server answering health and /me as an API key; /api/sessions goes to `list`. */
async function startHostile(list: (url: URL, response: ServerResponse) => void) {
  let pages = 0;
  const raw = await startRawServer((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/health')
      return sendJson(response, 200, { status: 'ok', name: 'Broken', version: '0' });
    if (url.pathname === '/api/auth/me') {
      return sendJson(response, 200, {
        username: 'k',
        permissions: ['admin.sessions.read'],
        via: 'api_key',
        scopes: ['read'],
      });
    }
    if (url.pathname === '/api/sessions') {
      pages += 1;
      return list(url, response);
    }
    sendJson(response, 404, { error: 'not_found' });
  });
  cleanup.push(() => raw.close());
  return { url: raw.url, pages: () => pages };
}

/** Adds the server, then runs `sessions list` on it, killed if it has not ended in time. */
async function listOn(baseUrl: string, extra: string[] = []): Promise<QbscRun> {
  const added = await qbsc(dataDir, ['servers', 'add', 'Broken', baseUrl, '--api-key-stdin'], 'k');
  expect(added.code, added.stderr).toBe(0);
  const run = startQbsc(dataDir, ['sessions', 'list', 'Broken', ...extra]);
  run.child.stdin.end();
  const killer = setTimeout(() => run.child.kill('SIGKILL'), KILL_AFTER_MS);
  try {
    return await run.done;
  } finally {
    clearTimeout(killer);
  }
}

describe('qbsc sessions list against a broken session list', () => {
  it('ends with a protocol error (exit 69) on empty pages that repeat a cursor', async () => {
    const hostile = await startHostile((_url, response) =>
      sendJson(response, 200, { sessions: [], nextCursor: 'again' }),
    );

    const run = await listOn(hostile.url);

    expect(run.code, run.stderr).toBe(69);
    expect(run.stderr).toContain(
      "qbsc: The server's answer is not what the QuickBox session API returns:",
    );
    expect(run.stdout).toBe('');
    expect(hostile.pages()).toBeLessThanOrEqual(2);
  });

  it('ends with a protocol error (exit 69) when the cursors go round in a circle', async () => {
    // Page a names b, b names a: one session each, for ever.
    const hostile = await startHostile((url, response) => {
      const cursor = url.searchParams.get('cursor') ?? '';
      const here = cursor === 'b' ? 'b' : 'a';
      sendJson(response, 200, {
        sessions: [session(`s-${here}`)],
        nextCursor: here === 'a' ? 'b' : 'a',
      });
    });

    const run = await listOn(hostile.url, ['--limit', '100000']);

    expect(run.code, run.stderr).toBe(69);
    expect(run.stderr).toContain('its session list gave a cursor it had given before');
    expect(hostile.pages()).toBeLessThanOrEqual(3);
  });
});
