/**
 * The sessions slice: the selected server's active sessions and their summary, the
 * table's filter and sort, revoking one and invalidating all. Sorting and filtering are the
 * pure functions of sessions.ts.
 */

import type { AppError } from '../../src-shared/errors';
import type { Result, ResponseOf } from '../../src-shared/ipc-contract';
import type { ActiveSession, SessionSummary } from '../../src-shared/quickbox';
import { DONE, NO_SERVER_SELECTED, type SliceCreator } from './app-state';
import type { SessionSort } from './sessions';

/** The sessions of the selected server. */
export interface SessionsState {
  serverId: string | null;
  list: ActiveSession[];
  nextCursor: string | null;
  summary: SessionSummary | null;
  loading: boolean;
  error: AppError | null;
  filter: string;
  sort: SessionSort;
}

/** The sessions slice. */
export interface SessionsSlice {
  sessions: SessionsState;
  /** Loads the first page and the summary; the first failure is the result's error. */
  loadSessions(): Promise<Result<void>>;
  loadMoreSessions(): Promise<Result<void>>;
  setSessionFilter(text: string): Result<void>;
  setSessionSort(sort: SessionSort): Result<void>;
  revokeSession(sessionId: string): Promise<Result<ResponseOf<'sessions:revoke'>>>;
  invalidateAll(typedName: string): Promise<Result<ResponseOf<'sessions:invalidate-all'>>>;
}

/** The sessions before a server is chosen (and after another one is). */
export const INITIAL_SESSIONS: SessionsState = {
  serverId: null,
  list: [],
  nextCursor: null,
  summary: null,
  loading: false,
  error: null,
  filter: '',
  sort: { key: 'createdAt', direction: 'descending' },
};

/** How many sessions one page asks for (the contract's maximum). */
const PAGE_SIZE = 500;

/** Creates the sessions slice. */
export const createSessionsSlice: SliceCreator<SessionsSlice> = (api) => (set, get) => {
  const patch = (change: Partial<SessionsState>): Result<void> => {
    set((state) => ({ sessions: { ...state.sessions, ...change } }));
    return DONE;
  };
  /** Runs a change on the selected server's sessions, then shows the list as it is now. */
  const changeThenReload = async <T>(
    change: (serverId: string) => Promise<Result<T>>,
  ): Promise<Result<T>> => {
    const serverId = get().selectedServerId;
    if (!serverId) return NO_SERVER_SELECTED;
    const result = await change(serverId);
    if (result.ok) await get().loadSessions();
    return result;
  };
  return {
    sessions: INITIAL_SESSIONS,
    async loadSessions() {
      const serverId = get().selectedServerId;
      if (!serverId) return NO_SERVER_SELECTED;
      const keep = get().sessions.serverId === serverId;
      patch({
        serverId,
        loading: true,
        error: null,
        ...(keep ? {} : { list: [], summary: null, nextCursor: null, filter: '' }),
      });
      const [list, summary] = await Promise.all([
        api.sessions.list({ serverId, limit: PAGE_SIZE }),
        api.sessions.summary({ serverId }),
      ]);
      const error = !list.ok ? list.error : !summary.ok ? summary.error : null;
      if (get().selectedServerId !== serverId) return error ? { ok: false, error } : DONE;
      patch({
        loading: false,
        list: list.ok ? list.value.sessions : [],
        nextCursor: list.ok ? list.value.nextCursor : null,
        summary: summary.ok ? summary.value : null,
        error,
      });
      return error ? { ok: false, error } : DONE;
    },
    async loadMoreSessions() {
      const { serverId, nextCursor } = get().sessions;
      if (!serverId || !nextCursor) return DONE;
      patch({ loading: true });
      const page = await api.sessions.list({ serverId, cursor: nextCursor, limit: PAGE_SIZE });
      if (get().sessions.serverId !== serverId) return page.ok ? DONE : page;
      if (!page.ok) {
        patch({ loading: false, error: page.error });
        return page;
      }
      return patch({
        loading: false,
        list: [...get().sessions.list, ...page.value.sessions],
        nextCursor: page.value.nextCursor,
      });
    },
    setSessionFilter(text) {
      return patch({ filter: text });
    },
    setSessionSort(sort) {
      return patch({ sort });
    },
    revokeSession(sessionId) {
      return changeThenReload((serverId) => api.sessions.revoke({ serverId, sessionId }));
    },
    invalidateAll(typedName) {
      return changeThenReload((serverId) => api.sessions.invalidateAll({ serverId, typedName }));
    },
  };
};
