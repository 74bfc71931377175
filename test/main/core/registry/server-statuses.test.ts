import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../../src-main/core/support/event-bus';
import { ServerRegistry, type NewServer } from '../../../../src-main/core/registry/server-registry';
import {
  PUBLISH_WINDOW_MS,
  ServerStatuses,
} from '../../../../src-main/core/registry/server-statuses';
import type { ConnectionReport, ServerView } from '../../../../src-shared/domain';
import { capturingLogger, removeAll, tempDir } from '../fixtures';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const clock = (): number => NOW;

const fields: NewServer = {
  name: 'Box A',
  baseUrl: 'https://box-a.example',
  environment: 'production',
  authKind: 'api_key',
  username: null,
  pinnedFingerprint: null,
  expectedFingerprint: null,
};

const folders: string[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await removeAll(folders.splice(0));
});

/** Statuses over a registry with `count` servers; every push of the list is recorded. */
async function arrange(count = 1): Promise<{
  statuses: ServerStatuses;
  id: string;
  ids: string[];
  pushes: ServerView[][];
  registry: ServerRegistry;
}> {
  const dir = await tempDir('qb-statuses-');
  folders.push(dir);
  const { logger } = capturingLogger();
  const registry = await ServerRegistry.open(dir, logger, clock);
  const ids: string[] = [];
  const added = await registry.addMany(
    Array.from({ length: count }, (_, index) => ({
      ...fields,
      name: `Box ${index}`,
      baseUrl: `https://box-${index}.example`,
    })),
  );
  ids.push(...added.map((server) => server.id));
  const bus = new EventBus(logger);
  const pushes: ServerView[][] = [];
  bus.subscribe('servers:changed', ({ servers }) => pushes.push(servers));
  return {
    statuses: new ServerStatuses({ registry, bus, clock }),
    id: ids[0] as string,
    ids,
    pushes,
    registry,
  };
}

function report(canUpdate: boolean): ConnectionReport {
  return {
    server: { name: 'Box A', version: '1' },
    identity: { username: 'k', via: 'api_key', permissions: [], scopes: null },
    canRead: true,
    canUpdate,
    missingPermissions: canUpdate ? [] : ['admin.settings.update'],
    summary: canUpdate ? 'Connected' : 'Connected, read-only (missing admin.settings.update)',
  };
}

describe('ServerStatuses', () => {
  it('starts unknown, and pushes the list only when the state or the message changes', async () => {
    const { statuses, id, pushes } = await arrange();
    const before = statuses.views()[0];

    statuses.set(id, 'unreachable', 'down');
    statuses.flush();
    statuses.set(id, 'unreachable', 'down');
    statuses.flush();
    statuses.set(id, 'unreachable', 'still down');
    statuses.flush();

    expect(before?.status).toEqual({
      state: 'unknown',
      message: null,
      checkedAt: null,
      unreadMassLogouts: 0,
    });
    expect(pushes).toHaveLength(2);
    expect(pushes[1]?.[0]?.status).toEqual({
      state: 'unreachable',
      message: 'still down',
      checkedAt: new Date(NOW).toISOString(),
      unreadMassLogouts: 0,
    });
  });

  it('takes the state an error names, and leaves it for an error that names none', async () => {
    const { statuses, id } = await arrange();

    statuses.fromError(id, {
      code: 'unauthorized',
      message: 'elsewhere',
      reason: 'signed_out_elsewhere',
    });
    const evicted = statuses.status(id).state;
    statuses.fromError(id, { code: 'timeout', message: 'slow', phase: 'connect' });
    const slow = statuses.status(id).state;
    statuses.fromError(id, { code: 'not_found', message: 'gone', what: 'session' });
    statuses.fromError('no-such-server', { code: 'timeout', message: 'slow', phase: 'body' });

    expect(evicted).toBe('signed_out_elsewhere');
    expect(slow).toBe('unreachable');
    expect(statuses.status(id)).toMatchObject({ state: 'unreachable', message: 'slow' });
    expect(statuses.status('no-such-server').state).toBe('unknown');
  });

  it('marks a server in trouble reachable again, read-only without the update permission', async () => {
    const { statuses, id } = await arrange();
    statuses.fromReport(id, report(false));
    const readOnly = statuses.status(id);
    statuses.set(id, 'unreachable', 'down');

    statuses.markReachable(id, { permissions: ['admin.sessions.read'] });
    const back = statuses.status(id);
    statuses.markReachable(id, { permissions: ['admin.settings.update'] });

    expect(readOnly).toMatchObject({
      state: 'read_only',
      message: 'Connected, read-only (missing admin.settings.update)',
    });
    expect(back).toMatchObject({ state: 'read_only', message: null });
    // Already reachable: a later call does not change what the last test found.
    expect(statuses.status(id).state).toBe('read_only');
  });

  it('counts mass logouts until they are marked read, pushing the list each time', async () => {
    const { statuses, id, pushes } = await arrange();

    statuses.noteMassLogout(id);
    statuses.flush();
    statuses.noteMassLogout(id);
    statuses.flush();
    const unread = statuses.status(id).unreadMassLogouts;
    statuses.markRead(id);
    statuses.flush();
    statuses.markRead(id);
    statuses.flush();

    expect(unread).toBe(2);
    expect(statuses.status(id).unreadMassLogouts).toBe(0);
    expect(pushes.map((servers) => servers[0]?.status.unreadMassLogouts)).toEqual([1, 2, 0]);
  });

  it('says an imported server has no credentials, and forgets a removed one', async () => {
    const { statuses, id } = await arrange();

    statuses.markImported(id);
    const imported = statuses.status(id);
    statuses.forget(id);

    expect(imported).toMatchObject({ state: 'no_credentials', checkedAt: null });
    expect(imported.message).toMatch(/edit the server/);
    expect(statuses.status(id).state).toBe('unknown');
  });

  it('pushes a burst of changes as one list after the first (the last list wins, nothing lost)', async () => {
    const { statuses, ids, pushes } = await arrange(50);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    for (const id of ids) statuses.set(id, 'no_credentials', 'No credentials are stored.');
    const rightAway = pushes.length;
    vi.advanceTimersByTime(PUBLISH_WINDOW_MS);
    const afterWindow = pushes.length;
    vi.advanceTimersByTime(10 * PUBLISH_WINDOW_MS);

    // The first change is pushed at once; the other 49 go out together once the window ends.
    expect(rightAway).toBe(1);
    expect(afterWindow).toBe(2);
    expect(pushes).toHaveLength(2);
    expect(pushes[1]?.map((view) => view.status.state)).toEqual(ids.map(() => 'no_credentials'));
  });

  it('pushes a list change at once, and what is still held back on flush, without a timer', async () => {
    const { statuses, ids, pushes } = await arrange(2);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    statuses.set(ids[0] as string, 'connected', null);
    statuses.set(ids[1] as string, 'unreachable', 'down');
    const held = pushes.length;

    statuses.publish();
    const published = pushes.length;
    statuses.flush();
    statuses.set(ids[1] as string, 'connected', null);
    statuses.close();
    vi.advanceTimersByTime(10 * PUBLISH_WINDOW_MS);

    expect(held).toBe(1);
    expect(published).toBe(2);
    // Nothing was held after publish; the change after it is pushed by close, and no later.
    expect(pushes).toHaveLength(3);
    expect(pushes[2]?.map((view) => view.status.state)).toEqual(['connected', 'connected']);
  });

  it('rebuilds only the view of the server whose status or record changed, not all N', async () => {
    const { statuses, ids, pushes, registry } = await arrange(200);
    // Counts the views built (the real method still runs).
    const builds = vi.spyOn(statuses, 'view');
    statuses.publish();
    const first = builds.mock.calls.length;

    statuses.set(ids[7] as string, 'unreachable', 'down');
    statuses.flush();
    const afterStatus = builds.mock.calls.length;
    await registry.update(ids[9] as string, { name: 'Box renamed' });
    statuses.publish();
    const afterRecord = builds.mock.calls.length;
    const muteEnd = new Date(NOW + 60_000).toISOString();
    await registry.setMute(ids[3] as string, muteEnd);
    statuses.publish();
    statuses.publish();

    expect(first).toBe(200);
    expect(afterStatus - first).toBe(1);
    expect(afterRecord - afterStatus).toBe(1);
    // A mute in force is rebuilt for each list (it ends with time); the rest are shared.
    expect(builds.mock.calls.length - afterRecord).toBe(2);
    const last = pushes.at(-1) ?? [];
    expect(last).toHaveLength(200);
    expect(last[7]?.status.state).toBe('unreachable');
    expect(last[9]?.name).toBe('Box renamed');
    expect(last[3]?.mutedUntil).toBe(muteEnd);
    expect(last[8]).toBe(pushes[0]?.[8]);
    expect(last.map((view) => view.id)).toEqual(ids);
  });
});
