/**
 * The servers slice: the list follows main's `servers:changed` push (no action reads the
 * list again), adding shows the new server, edits and pins refill the settings, moves are
 * shown at once and undone when main refuses, and mark-read, mute, export and import reach main.
 */

import { describe, expect, it } from 'vitest';
import { server, settle, startStore } from './fixtures';

const connection = {
  server: { name: 'QuickBox', version: '1' },
  identity: { username: 'admin', via: 'session', permissions: [], scopes: null },
  canRead: true,
  canUpdate: true,
  missingPermissions: [],
  summary: 'Connected',
};

describe('the servers slice', () => {
  it('follows the pushed list: keeps the selection while the server is there, else takes the first', async () => {
    const { main, store } = await startStore();

    main.emit('servers:changed', { servers: [server('b', 'Box B'), server('a', 'Box A 2')] });
    const kept = store.getState();
    main.emit('servers:changed', { servers: [server('b', 'Box B')] });
    await settle();

    expect(kept.selectedServerId).toBe('a');
    expect(kept.servers.map((s) => s.name)).toEqual(['Box B', 'Box A 2']);
    expect(store.getState().selectedServerId).toBe('b');
    expect(store.getState().editor.serverId).toBe('b');
    expect(main.channels()).toEqual(['settings:get']);
  });

  it('adds a server and shows it, without reading the list again', async () => {
    const { main, store } = await startStore();
    const added = server('c', 'Box C');
    main.answer('servers:add', { ok: true, value: { server: added, connection } });

    const result = await store.getState().addServer({
      name: 'Box C',
      baseUrl: 'https://c.example',
      environment: null,
      credentials: { kind: 'api_key', apiKey: 'k' },
    });
    await settle();

    expect(result.ok).toBe(true);
    expect(store.getState().servers.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(store.getState().selectedServerId).toBe('c');
    expect(main.channels()).toEqual(['servers:add', 'settings:get']);
  });

  it('refills the settings after an edit of the selected server, and reports a refusal as it came', async () => {
    const { main, store } = await startStore();
    main.answer(
      'servers:update',
      { ok: true, value: { server: server('a', 'Box A'), connection: null } },
      {
        ok: false,
        error: {
          code: 'invalid_request',
          message: 'not valid',
          issues: [{ path: 'changes.baseUrl', message: 'must be an https:// address' }],
        },
      },
    );

    const edited = await store.getState().updateServer({ id: 'a', changes: { name: 'Box A' } });
    await settle();
    const refused = await store.getState().updateServer({ id: 'a', changes: { baseUrl: 'x' } });
    await settle();

    expect(edited.ok).toBe(true);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(main.channels()).toEqual(['servers:update', 'settings:get', 'servers:update']);
  });

  it('moves a server at once, and puts it back when main refuses the order', async () => {
    const { main, store } = await startStore([
      server('a', 'Box A'),
      server('b', 'Box B'),
      server('c', 'Box C'),
    ]);
    main.answer(
      'servers:reorder',
      { ok: true, value: { servers: [server('b', 'B'), server('a', 'A'), server('c', 'C')] } },
      { ok: false, error: { code: 'registry_error', message: 'disk full' } },
    );

    const moving = store.getState().moveServer('a', 1);
    const shownAtOnce = store.getState().servers.map((s) => s.id);
    const moved = await moving;
    const refused = await store.getState().moveServer('c', 0);
    const unchanged = await store.getState().moveServer('c', 2);

    expect(shownAtOnce).toEqual(['b', 'a', 'c']);
    expect(moved.ok).toBe(true);
    expect(main.calls[0]?.payload).toEqual({ ids: ['b', 'a', 'c'] });
    expect(main.calls[1]?.payload).toEqual({ ids: ['c', 'b', 'a'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'registry_error' } });
    expect(store.getState().servers.map((s) => s.id)).toEqual(['b', 'a', 'c']);
    expect(unchanged.ok).toBe(true);
    expect(main.calls).toHaveLength(2);
  });

  it('marks read, exports and imports through their channels', async () => {
    const { main, store } = await startStore();
    main.answer('servers:mark-read', { ok: true, value: { read: true } });
    main.answer('servers:export', { ok: true, value: { json: '{}', count: 2 } });
    main.answer('servers:import', {
      ok: true,
      value: { added: [], skipped: [{ name: 'Box A', reason: 'already in the list' }] },
    });

    const read = await store.getState().markRead('b');
    const exported = await store.getState().exportServers();
    const imported = await store.getState().importServers('{"servers":[]}');

    expect(read.ok && exported.ok && imported.ok).toBe(true);
    expect(main.calls).toEqual([
      { channel: 'servers:mark-read', payload: { id: 'b' } },
      { channel: 'servers:export', payload: undefined },
      { channel: 'servers:import', payload: { json: '{"servers":[]}' } },
    ]);
  });

  it('mutes a server through its channel, shows the mute at once, and leaves the unread count alone', async () => {
    const { main, store } = await startStore();
    main.emit('servers:changed', {
      servers: [
        server('a', 'Box A'),
        {
          ...server('b', 'Box B'),
          status: { ...server('b', 'Box B').status, unreadMassLogouts: 2 },
        },
      ],
    });
    const mutedUntil = '2026-12-03T11:00:00.000Z';
    main.answer(
      'servers:mute',
      { ok: true, value: { server: { ...server('b', 'Box B'), mutedUntil } } },
      { ok: true, value: { server: server('b', 'Box B') } },
      {
        ok: false,
        error: { code: 'not_found', message: 'That server is not in the list.', what: 'server' },
      },
    );

    const muted = await store.getState().muteServer('b', 'hour');
    const mutedView = store.getState().servers.find((s) => s.id === 'b');
    const unmuted = await store.getState().muteServer('b', null);
    const refused = await store.getState().muteServer('gone', 'tomorrow');

    expect(muted.ok && unmuted.ok).toBe(true);
    expect(mutedView).toMatchObject({ mutedUntil, status: { unreadMassLogouts: 2 } });
    expect(store.getState().servers.find((s) => s.id === 'b')).toMatchObject({
      mutedUntil: null,
      status: { unreadMassLogouts: 2 },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(main.calls.map((call) => [call.channel, call.payload])).toEqual([
      ['servers:mute', { id: 'b', until: 'hour' }],
      ['servers:mute', { id: 'b', until: null }],
      ['servers:mute', { id: 'gone', until: 'tomorrow' }],
    ]);
  });
});
