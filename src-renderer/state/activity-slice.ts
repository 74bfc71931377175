/**
 * The activity slice: a window of events per server tab (a few servers' at once) and one
 * for the fleet, read page by page from core and kept current by the watcher's
 * `events:server-event`; the filters of both views; and which tab of the fleet view is
 * open (a grouped notification opens its Activity). The transitions are the pure functions
 * of activity-window.ts.
 */

import type { ServerEvent } from '../../src-shared/activity';
import type { Result } from '../../src-shared/ipc-contract';
import { DONE, type SliceCreator } from './app-state';
import {
  EMPTY_WINDOW,
  loadingOlder,
  NO_ACTIVITY_FILTER,
  NO_SERVER_WINDOWS,
  PAGE_LIMIT,
  pageFailed,
  receiveLive,
  receivePage,
  reopened,
  withServerWindow,
  type ActivityFilter,
  type ActivityWindow,
  type ServerWindows,
} from './activity-window';

/** Which activity: one server's tab, or the fleet's. */
export type ActivityScope = { serverId: string } | 'fleet';

/** The tabs of the fleet view. */
export type FleetTab = 'servers' | 'profiles' | 'activity';

/** The activity of the views. */
export interface ActivityState {
  servers: ServerWindows;
  fleet: ActivityWindow;
  filters: { server: ActivityFilter; fleet: ActivityFilter };
}

/** The activity slice. */
export interface ActivitySlice {
  activity: ActivityState;
  fleetTab: FleetTab;
  /** Reads the window's newest page unless it is held already. */
  openActivity(scope: ActivityScope): Promise<Result<void>>;
  /** Drops the window and reads its newest page (also: back to the newest after reading back). */
  loadNewestActivity(scope: ActivityScope): Promise<Result<void>>;
  /** Reads the page before the oldest event held. */
  loadOlderActivity(scope: ActivityScope): Promise<Result<void>>;
  /** A live event from the watcher, into the windows it belongs to. */
  receiveServerEvent(entry: ServerEvent): Result<void>;
  setActivityFilter(scope: ActivityScope, filter: ActivityFilter): Result<void>;
  setFleetTab(tab: FleetTab): Result<void>;
  /** Shows the fleet view's Activity tab (a grouped notification was clicked). */
  openFleetActivity(): Result<void>;
}

/** The activity before anything was read. */
export const INITIAL_ACTIVITY: ActivityState = {
  servers: NO_SERVER_WINDOWS,
  fleet: EMPTY_WINDOW,
  filters: { server: NO_ACTIVITY_FILTER, fleet: NO_ACTIVITY_FILTER },
};

/** Creates the activity slice. */
export const createActivitySlice: SliceCreator<ActivitySlice> = (api) => (set, get) => {
  let lastRequest = 0;
  const windowOf = (scope: ActivityScope): ActivityWindow | undefined =>
    scope === 'fleet' ? get().activity.fleet : get().activity.servers.windows[scope.serverId];
  /** Sets a window; a server's becomes its most recently opened. */
  const put = (scope: ActivityScope, window: ActivityWindow): void => {
    set(({ activity }) => ({
      activity:
        scope === 'fleet'
          ? { ...activity, fleet: window }
          : { ...activity, servers: withServerWindow(activity.servers, scope.serverId, window) },
    }));
  };
  /** Changes a window that waits for `requestId`; an answer to an older request is dropped. */
  const settle = (
    scope: ActivityScope,
    requestId: number,
    change: (window: ActivityWindow) => ActivityWindow,
  ): void => {
    const window = windowOf(scope);
    if (window && window.requestId === requestId) put(scope, change(window));
  };
  const read = async (scope: ActivityScope, window: ActivityWindow): Promise<Result<void>> => {
    const requestId = window.requestId;
    if (scope === 'fleet') {
      const result = await api.activity.fleet({ cursors: window.cursors, limit: PAGE_LIMIT });
      settle(scope, requestId, (current) =>
        result.ok ? receivePage(current, result.value) : pageFailed(current, result.error),
      );
      return result.ok ? DONE : result;
    }
    const { serverId } = scope;
    const before = window.cursors[serverId];
    const result = await api.activity.list({
      serverId,
      limit: PAGE_LIMIT,
      ...(typeof before === 'number' ? { before } : {}),
    });
    settle(scope, requestId, (current) =>
      result.ok
        ? receivePage(current, {
            entries: result.value.events.map((event) => ({ serverId, event })),
            cursors: { [serverId]: result.value.nextBefore },
          })
        : pageFailed(current, result.error),
    );
    return result.ok ? DONE : result;
  };
  const loadNewest = (scope: ActivityScope): Promise<Result<void>> => {
    lastRequest += 1;
    const window = reopened(lastRequest);
    put(scope, window);
    return read(scope, window);
  };
  return {
    activity: INITIAL_ACTIVITY,
    fleetTab: 'servers',
    async openActivity(scope) {
      const window = windowOf(scope);
      if (window && (window.loaded || window.status === 'loading')) return DONE;
      return loadNewest(scope);
    },
    loadNewestActivity: loadNewest,
    async loadOlderActivity(scope) {
      const current = windowOf(scope);
      if (!current || current.status === 'loading') return DONE;
      lastRequest += 1;
      const window = loadingOlder(current, lastRequest);
      put(scope, window);
      return read(scope, window);
    },
    receiveServerEvent(entry) {
      set(({ activity }) => {
        const held = activity.servers.windows[entry.serverId];
        const fleet = activity.fleet;
        return {
          activity: {
            ...activity,
            fleet: fleet === EMPTY_WINDOW ? fleet : receiveLive(fleet, entry),
            servers: held
              ? {
                  ...activity.servers,
                  windows: {
                    ...activity.servers.windows,
                    [entry.serverId]: receiveLive(held, entry),
                  },
                }
              : activity.servers,
          },
        };
      });
      return DONE;
    },
    setActivityFilter(scope, filter) {
      set(({ activity }) => ({
        activity: {
          ...activity,
          filters: { ...activity.filters, [scope === 'fleet' ? 'fleet' : 'server']: filter },
        },
      }));
      return DONE;
    },
    setFleetTab(tab) {
      set({ fleetTab: tab });
      return DONE;
    },
    openFleetActivity() {
      get().openFleet();
      return get().setFleetTab('activity');
    },
  };
};
