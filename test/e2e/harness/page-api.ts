/**
 * The in-page half of the e2e harness, bundled and injected before the app loads: builds
 * `window.quickbox` with the SAME factory as the preload (`createApi`), over a transport
 * whose invoke is a Playwright binding into the real core in the test process, and whose
 * events are pushed in by the test process through `__quickboxEmit`.
 */

import { createApi, type ApiTransport } from '../../../src-preload/api';
import type { EventChannel, RequestChannel } from '../../../src-shared/ipc-contract';

interface HarnessGlobal {
  __quickboxInvoke(channel: RequestChannel, payload: unknown): Promise<unknown>;
  __quickboxEmit(channel: EventChannel, payload: unknown): void;
  /** How many event subscriptions the window holds (the soak benchmark counts them). */
  __quickboxListenerCount(): number;
  quickbox: unknown;
}

const page = globalThis as unknown as HarnessGlobal;
const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();

const transport: ApiTransport = {
  invoke: (channel, payload) => page.__quickboxInvoke(channel, payload),
  subscribe: (channel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
};

page.__quickboxEmit = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};
page.__quickboxListenerCount = () => {
  let count = 0;
  for (const set of listeners.values()) count += set.size;
  return count;
};
page.quickbox = createApi(transport);
