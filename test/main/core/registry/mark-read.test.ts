/**
 * Unread mass logouts through the handlers: counted when the watcher sees one, untouched by
 * listing sessions, and reset only by `servers:mark-read` (what the Operations panel calls).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../../../src-main/core/composition-root';
import type { EventMap } from '../../../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import { isolatedKeychain, startCore, useSeededServer } from '../fixtures';

const shared = useSeededServer({ name: 'Box Unread' });

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await sleep(10);
}

async function lastEventIdOf(core: Core): Promise<number> {
  const listed = await core.handlers['servers:list'](undefined);
  return listed.ok ? (listed.value.servers[0]?.lastEventId ?? 0) : 0;
}

async function unreadOf(core: Core): Promise<number | undefined> {
  const listed = await core.handlers['servers:list'](undefined);
  return listed.ok ? listed.value.servers[0]?.status.unreadMassLogouts : undefined;
}

describe('servers:mark-read', () => {
  it('is the only way a mass logout becomes read; listing sessions leaves it unread', async () => {
    const { core } = await startCore({
      dataDir: await shared.tempDir(),
      credentialStore: isolatedKeychain().store,
      watcher: { mode: 'sse', reconnectBaseMs: 20, reconnectMaxMs: 200, pollIntervalMs: 20 },
    });
    const pushed: EventMap['servers:changed'][] = [];
    core.subscribe('servers:changed', (payload) => pushed.push(payload));
    const added = await core.handlers['servers:add']({
      name: 'Box Unread',
      baseUrl: shared.server.url,
      environment: null,
      credentials: { kind: 'account', username: 'admin', password: shared.secrets.adminPassword },
    });
    const id = added.ok ? added.value.server.id : '';
    const current = await core.handlers['settings:get']({ serverId: id });
    const document = current.ok ? current.value.settings : null;
    core.startWatching();
    // The first watch starts after the newest event: wait until it has seen a fresh one.
    await core.handlers['settings:save']({
      serverId: id,
      settings: { ...DEFAULT_SETTINGS, concurrency: { maxSessionsPerUser: 4 } },
      baseVersion: document?.version ?? 0,
    });
    await until(async () => (await lastEventIdOf(core)) > 0);
    await core.handlers['sessions:invalidate-all']({ serverId: id, typedName: 'Box Unread' });
    await until(async () => (await unreadOf(core)) === 1);

    const listedSessions = await core.handlers['sessions:list']({ serverId: id });
    const afterListing = await unreadOf(core);
    const pushesBefore = pushed.length;
    const marked = await core.handlers['servers:mark-read']({ id });
    const afterMarking = await unreadOf(core);
    const unknown = await core.handlers['servers:mark-read']({ id: 'no-such-server' });
    await core.dispose();

    expect(listedSessions.ok).toBe(true);
    expect(afterListing).toBe(1);
    expect(marked).toEqual({ ok: true, value: { read: true } });
    expect(afterMarking).toBe(0);
    expect(pushed.slice(pushesBefore).at(-1)?.servers[0]?.status.unreadMassLogouts).toBe(0);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found', what: 'server' } });
  });
});
