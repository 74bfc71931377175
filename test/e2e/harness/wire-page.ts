/**
 * A page wired to a core as the preload wires the window to main: `window.quickbox` is
 * built by the real `createApi` (bundle.ts) over a binding that invokes the core's handler
 * of any channel of the contract, and every event channel of the contract is pushed in.
 * Used by the e2e fixtures and the benchmarks that drive the window in Chromium.
 */

import type { Page } from '@playwright/test';
import type { Core } from '../../../src-main/core/composition-root';
import {
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  type RequestChannel,
} from '../../../src-shared/ipc-contract';
import { pageApiScript } from './bundle';

/**
 * Wires `page` to `core` (before its first navigation; a core in this process, or one in a
 * process of its own behind the same two members); returns what stops the pushes.
 */
export async function wirePageToCore(
  page: Page,
  core: Pick<Core, 'handlers' | 'subscribe'>,
): Promise<() => void> {
  await page.exposeFunction('__quickboxInvoke', (channel: RequestChannel, payload: unknown) => {
    if (!REQUEST_CHANNELS.includes(channel)) throw new Error(`no channel ${channel}`);
    return core.handlers[channel](payload);
  });
  await page.addInitScript({ content: await pageApiScript() });
  const unsubscribe = EVENT_CHANNELS.map((channel) =>
    core.subscribe(channel, (payload) => {
      page
        .evaluate(
          ([name, data]) =>
            (
              globalThis as unknown as { __quickboxEmit(c: string, p: unknown): void }
            ).__quickboxEmit(name, data),
          [channel, payload] as const,
        )
        .catch(() => undefined);
    }),
  );
  return () => {
    for (const stop of unsubscribe) stop();
  };
}
