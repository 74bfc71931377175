import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/core/event-bus';
import { ServerRegistry, type NewServer } from '../../../src-main/core/server-registry';
import { ServerStatuses } from '../../../src-main/core/server-statuses';
import type { ConnectionReport, ServerView } from '../../../src-shared/domain';
import { capturingLogger, removeAll, tempDir } from './fixtures';

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
  await removeAll(folders.splice(0));
});

/** Statuses over a registry with one server; every push of the list is recorded. */
async function arrange(): Promise<{
  statuses: ServerStatuses;
  id: string;
  pushes: ServerView[][];
}> {
  const dir = await tempDir('qb-statuses-');
  folders.push(dir);
  const { logger } = capturingLogger();
  const registry = await ServerRegistry.open(dir, logger, clock);
  const { id } = await registry.add(fields);
  const bus = new EventBus(logger);
  const pushes: ServerView[][] = [];
  bus.subscribe('servers:changed', ({ servers }) => pushes.push(servers));
  return { statuses: new ServerStatuses({ registry, bus, clock }), id, pushes };
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
    statuses.set(id, 'unreachable', 'down');
    statuses.set(id, 'unreachable', 'still down');

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
    statuses.noteMassLogout(id);
    const unread = statuses.status(id).unreadMassLogouts;
    statuses.markRead(id);
    statuses.markRead(id);

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
});
