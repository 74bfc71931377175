/**
 * The app's core as the Electron project's scenarios reach it: through the window's own
 * `window.quickbox`, the API the preload exposes. A handler call runs the API function of
 * its channel in the page, so it crosses the same IPC, the same request parsing and the
 * same trusted-sender check as a click would; events come back through a binding.
 *
 * Nothing here is Electron-specific: the Chromium page's `window.quickbox` is built by the
 * same factory (page-api.ts), which is how test/e2e/window-core.test.ts checks this file
 * without an Electron binary.
 */

import type { Page } from '@playwright/test';
import type { HandlerTable } from '../../../src-main/core/composition-root';
import {
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  type EventChannel,
  type EventMap,
} from '../../../src-shared/ipc-contract';
import type { HarnessCore } from './fixtures';

/** Where `createApi` (src-preload/api.ts) puts a channel: its domain and function name. */
export function apiPath(channel: string): { domain: string; name: string } {
  const [domain = '', verb = ''] = channel.split(':');
  const camel = verb.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const isEvent = (EVENT_CHANNELS as readonly string[]).includes(channel);
  return { domain, name: isEvent ? `on${camel.replace(/^./, (c) => c.toUpperCase())}` : camel };
}

type Listener = (payload: unknown) => void;

/** The binding through which the page hands the test process each event. */
const EVENT_BINDING = '__quickboxHarnessEvent';

/**
 * A HarnessCore over `page`'s `window.quickbox`. Event listeners are attached in the page
 * again after every load (a reload starts a new page); an event main sends while the page
 * is loading, before that, is not seen by `subscribe`.
 */
export async function windowCore(page: Page): Promise<HarnessCore> {
  const listeners = new Map<EventChannel, Set<Listener>>();
  await page.exposeBinding(EVENT_BINDING, (_source, channel: EventChannel, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  });
  const forwardEvents = () =>
    page.evaluate(
      ({ binding, channels }) => {
        const page = globalThis as unknown as Record<string, unknown> & {
          quickbox: Record<string, Record<string, (listener: Listener) => unknown>>;
        };
        const deliver = page[binding] as (channel: string, payload: unknown) => void;
        for (const { channel, domain, name } of channels) {
          page.quickbox[domain]?.[name]?.((payload) => deliver(channel, payload));
        }
      },
      {
        binding: EVENT_BINDING,
        channels: EVENT_CHANNELS.map((channel) => ({ channel, ...apiPath(channel) })),
      },
    );
  await forwardEvents();
  page.on('load', () => {
    forwardEvents().catch(() => undefined);
  });

  const handlers = Object.fromEntries(
    REQUEST_CHANNELS.map((channel) => [
      channel,
      (payload: unknown) =>
        page.evaluate(
          ({ domain, name, request }) => {
            const api = (
              globalThis as unknown as {
                quickbox: Record<string, Record<string, (payload: unknown) => Promise<unknown>>>;
              }
            ).quickbox;
            const call = api[domain]?.[name];
            if (!call) throw new Error(`window.quickbox has no ${domain}.${name}`);
            return call(request);
          },
          { ...apiPath(channel), request: payload },
        ),
    ]),
  ) as unknown as HandlerTable;

  return {
    handlers,
    subscribe<E extends EventChannel>(channel: E, listener: (payload: EventMap[E]) => void) {
      const set = listeners.get(channel) ?? new Set<Listener>();
      listeners.set(channel, set);
      const added: Listener = (payload) => listener(payload as EventMap[E]);
      set.add(added);
      return () => {
        set.delete(added);
      };
    },
  };
}
