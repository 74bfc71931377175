import { renderToStaticMarkup } from 'react-dom/server';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { ConcurrencyPanel } from '../../src-renderer/panels/concurrency-panel';
import { OperationsPanel } from '../../src-renderer/panels/operations-panel';
import type { AppState } from '../../src-renderer/state/store';
import { StoreContext } from '../../src-renderer/store-context';
import type { ActiveSession } from '../../src-shared/quickbox';
import { TranslatorProvider } from '../../src-renderer/i18n/translator-context';
import { server, startStore } from './fixtures';
import { windowTranslator } from './translator';

// Text that any user of a QuickBox server sets (a user name, a client string) may carry a
// right-to-left override: left alone, it reverses the rest of its line, the columns after it
// included. Each such text is isolated in its own <bdi> element.
const OVERRIDE = '\u202egnp.exe';

/** The markup of `element` over the store as it is now. */
function markupOf(store: StoreApi<AppState>, element: ReactElement): string {
  // A server render reads the store's initial state; this one is to read the current one.
  const now: StoreApi<AppState> = { ...store, getInitialState: store.getState };
  return renderToStaticMarkup(
    <TranslatorProvider translator={windowTranslator('en')}>
      <StoreContext.Provider value={now}>{element}</StoreContext.Provider>
    </TranslatorProvider>,
  );
}

/** How often `text` shows as text outside a <bdi> of its own (attributes aside). */
function unisolated(markup: string, text: string): number {
  const textOnly = markup.replace(/<(?!\/?bdi>)[^>]*>/g, '<>');
  return textOnly.split(text).length - 1 - (textOnly.split(`<bdi>${text}</bdi>`).length - 1);
}

function hostileSession(): ActiveSession {
  return {
    id: 's1',
    username: `eve${OVERRIDE}`,
    ip: '192.0.2.7',
    userAgent: `Agent ${OVERRIDE}`,
    createdAt: '2026-12-01T10:00:00Z',
    lastSeenAt: '2026-12-01T10:00:00Z',
    expiresAt: '2026-12-01T11:00:00Z',
    rememberMe: false,
    current: false,
  };
}

describe('server-supplied text in the window', () => {
  it('isolates user names and client strings of the sessions table', async () => {
    const { store } = await startStore([server('a', 'Box A')]);
    const session = hostileSession();
    store.setState((state) => ({
      sessions: { ...state.sessions, serverId: 'a', list: [session] },
    }));

    const markup = markupOf(store, <OperationsPanel />);

    expect(markup).toContain(session.username);
    expect(markup).toContain(session.userAgent);
    expect(unisolated(markup, session.username)).toBe(0);
    expect(unisolated(markup, session.userAgent)).toBe(0);
  });

  it('isolates the user names of the session summary', async () => {
    const { store } = await startStore([server('a', 'Box A')]);
    const username = `eve${OVERRIDE}`;
    store.setState((state) => ({
      sessions: {
        ...state.sessions,
        serverId: 'a',
        summary: { active: 500, byUser: [{ username, count: 500 }] },
      },
    }));

    const markup = markupOf(store, <ConcurrencyPanel />);

    expect(markup).toContain(username);
    expect(unisolated(markup, username)).toBe(0);
  });
});
