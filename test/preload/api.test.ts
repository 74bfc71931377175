import { describe, expect, it } from 'vitest';
import { createApi, type ApiTransport } from '../../src-preload/api';
import { EVENT_CHANNELS, REQUEST_CHANNELS, type EventChannel } from '../../src-shared/ipc-contract';

function recordingTransport(): ApiTransport & {
  calls: [string, unknown][];
  listeners: Map<EventChannel, (payload: unknown) => void>;
} {
  const calls: [string, unknown][] = [];
  const listeners = new Map<EventChannel, (payload: unknown) => void>();
  return {
    calls,
    listeners,
    invoke: async (channel, payload) => {
      calls.push([channel, payload]);
      return { ok: true, value: { echoed: channel } };
    },
    subscribe: (channel, listener) => {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
  };
}

describe('createApi', () => {
  it('exposes one named function per request channel, which invokes exactly that channel', async () => {
    const transport = recordingTransport();
    const api = createApi(transport) as unknown as Record<
      string,
      Record<string, (p?: unknown) => Promise<unknown>>
    >;
    for (const channel of REQUEST_CHANNELS) {
      const [domain = '', verb = ''] = channel.split(':');
      const method = verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      const result = await api[domain]?.[method]?.({ probe: channel });
      expect(result).toEqual({ ok: true, value: { echoed: channel } });
    }
    expect(transport.calls.map(([channel]) => channel)).toEqual(REQUEST_CHANNELS);
  });

  it('names kebab-case verbs in camelCase (sessions:invalidate-all -> invalidateAll)', async () => {
    const transport = recordingTransport();
    const api = createApi(transport);
    await api.sessions.invalidateAll({ serverId: 's1', typedName: 'Box A' });
    expect(transport.calls).toEqual([
      ['sessions:invalidate-all', { serverId: 's1', typedName: 'Box A' }],
    ]);
  });

  it('exposes an on<Verb> subscription per event channel that returns its unsubscribe', () => {
    const transport = recordingTransport();
    const api = createApi(transport);
    const seen: unknown[] = [];
    const unsubscribe = api.events.onMassLogout((payload) => seen.push(payload));
    transport.listeners.get('events:mass-logout')?.({ serverId: 's1' });
    expect(seen).toEqual([{ serverId: 's1' }]);
    unsubscribe();
    expect(transport.listeners.has('events:mass-logout')).toBe(false);
    expect(typeof api.servers.onChanged).toBe('function');
    expect(typeof api.ui.onNavigate).toBe('function');
    expect(typeof api.events.onFleetProgress).toBe('function');
    expect(typeof api.events.onDrift).toBe('function');
    expect(typeof api.profiles.onChanged).toBe('function');
    expect(typeof api.drift.onChanged).toBe('function');
    expect(EVENT_CHANNELS.length).toBe(10);
    expect(typeof api.events.onLanguage).toBe('function');
  });

  it('has no generic invoke or on, and cannot be modified', () => {
    const api = createApi(recordingTransport()) as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([
      'activity',
      'drift',
      'events',
      'fleet',
      'language',
      'profiles',
      'servers',
      'sessions',
      'settings',
      'ui',
    ]);
    expect('invoke' in api).toBe(false);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api['servers'])).toBe(true);
  });

  it('turns a failing transport into an internal error value instead of a rejection', async () => {
    const api = createApi({
      invoke: () => Promise.reject(new Error('No handler registered')),
      subscribe: () => () => undefined,
    });
    await expect(api.servers.list()).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('No handler registered') },
    });
  });
});
