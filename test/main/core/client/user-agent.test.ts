import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { platform, release } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { clientUserAgent } from '../../../../src-main/core/client/quickbox-client';
import { startCore, useSeededServer } from '../fixtures';

const shared = useSeededServer({ name: 'Box UA' });

/** Every request undici sends while `body` runs: its path and User-Agent header. */
async function recordRequests(
  body: (sent: { path: string; userAgent: string | null }[]) => Promise<void>,
): Promise<{ path: string; userAgent: string | null }[]> {
  const sent: { path: string; userAgent: string | null }[] = [];
  const onHeaders = (message: unknown): void => {
    const { request, headers } = message as { request: { path: string }; headers: string };
    const userAgent = /^user-agent: (.*)$/im.exec(headers)?.[1]?.trim() ?? null;
    sent.push({ path: request.path, userAgent });
  };
  subscribe('undici:client:sendHeaders', onHeaders);
  try {
    await body(sent);
  } finally {
    unsubscribe('undici:client:sendHeaders', onHeaders);
  }
  return sent;
}

describe('the app names itself', () => {
  it('is QuickBoxSessionCompanion/<version> (<os> <release>)', () => {
    expect(clientUserAgent('1.2.3')).toBe(
      `QuickBoxSessionCompanion/1.2.3 (${platform()} ${release()})`,
    );
    expect(clientUserAgent(null)).toBe(`QuickBoxSessionCompanion (${platform()} ${release()})`);
  });

  it("shows in the server's record of the app's own session, and on every request and stream", async () => {
    const expected = clientUserAgent('9.8.7');
    const { core } = await startCore({ dataDir: await shared.tempDir(), appVersion: '9.8.7' });
    let sessions: { userAgent: string; current: boolean }[] = [];
    const sent = await recordRequests(async (requests) => {
      const added = await core.handlers['servers:add']({
        name: 'Box UA',
        baseUrl: shared.server.url,
        environment: null,
        credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
      });
      if (!added.ok) throw new Error(added.error.message);
      const listed = await core.handlers['sessions:list']({ serverId: added.value.server.id });
      if (!listed.ok) throw new Error(listed.error.message);
      sessions = listed.value.sessions;
      core.startWatching();
      await vi.waitFor(() =>
        expect(requests.some(({ path }) => path === '/api/sessions/events')).toBe(true),
      );
    });
    await core.dispose();

    // The Operations panel's Client column shows what GET /api/sessions lists.
    expect(sessions.find((session) => session.current)?.userAgent).toBe(expected);
    expect(sent.length).toBeGreaterThan(3);
    for (const request of sent)
      expect(request, request.path).toEqual({ ...request, userAgent: expected });
  });
});
