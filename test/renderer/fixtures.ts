/**
 * What the store tests share: a scripted stand-in for main behind the real preload factory
 * (`createApi`), sample servers and settings, and a fresh store per test. A new store for
 * every test is the reset zustand's testing guide asks for
 * (https://zustand.docs.pmnd.rs/guides/testing): no state leaks from one test to the next.
 */

import type { StoreApi } from 'zustand/vanilla';
import { createApi, type ApiTransport } from '../../src-preload/api';
import { connectStore, createAppStore, type AppState } from '../../src-renderer/state/store';
import type { ServerView } from '../../src-shared/domain';
import { serverView } from '../fixtures/server-view';
import type { EventChannel, RequestChannel, Result } from '../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS, type SessionSettingsDocument } from '../../src-shared/settings';

/** A connected production server with an account. */
export function server(id: string, name: string): ServerView {
  return serverView({ id, name, baseUrl: `https://${id}.example`, environment: 'production' });
}

/** The default settings at a version, with another idle timeout and author if given. */
export function settings(
  version: number,
  idleMinutes = 30,
  updatedBy = 'system',
): SessionSettingsDocument {
  return {
    ...DEFAULT_SETTINGS,
    timeouts: { ...DEFAULT_SETTINGS.timeouts, idleMinutes },
    version,
    updatedAt: '2026-11-28T12:00:00Z',
    updatedBy,
  };
}

/** Answers each channel from a queue of results, and records every request and listener. */
export function scriptedTransport() {
  const calls: { channel: RequestChannel; payload: unknown }[] = [];
  const answers = new Map<RequestChannel, Result<unknown>[]>();
  const listeners = new Map<EventChannel, ((payload: unknown) => void)[]>();
  const transport: ApiTransport = {
    invoke: async (channel, payload) => {
      calls.push({ channel, payload });
      const queue = answers.get(channel) ?? [];
      const answer = queue.length > 1 ? queue.shift() : queue[0];
      return answer ?? { ok: false, error: { code: 'unreachable', message: 'no answer scripted' } };
    },
    subscribe: (channel, listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return () =>
        listeners.set(
          channel,
          (listeners.get(channel) ?? []).filter((l) => l !== listener),
        );
    },
  };
  return {
    transport,
    calls,
    /** The channels called so far, in order. */
    channels: () => calls.map((call) => call.channel),
    answer(channel: RequestChannel, ...results: Result<unknown>[]) {
      answers.set(channel, results);
    },
    emit(channel: EventChannel, payload: unknown) {
      for (const listener of listeners.get(channel) ?? []) listener(payload);
    },
  };
}

/** Lets the store's pending promises run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A fresh store connected to a scripted main that lists `servers` and answers settings:get;
 * the list is loaded and the first server's settings are in (calls recorded so far cleared
 * unless `keepCalls`).
 */
export async function startStore(
  servers: ServerView[] = [server('a', 'Box A'), server('b', 'Box B')],
  keepCalls = false,
): Promise<{ main: ReturnType<typeof scriptedTransport>; store: StoreApi<AppState> }> {
  const main = scriptedTransport();
  main.answer('servers:list', { ok: true, value: { servers, registryProblem: null } });
  main.answer('settings:get', { ok: true, value: { settings: settings(1), canUpdate: true } });
  const api = createApi(main.transport);
  const store = createAppStore(api);
  connectStore(store, api);
  await store.getState().loadServers();
  await settle();
  if (!keepCalls) main.calls.length = 0;
  return { main, store };
}
