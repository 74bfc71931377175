/**
 * The notices slice: the passing notice under the server header, the mass logouts seen
 * while the window is open (the banners), and the last announcement for screen readers.
 */

import type { EventMap, Result } from '../../src-shared/ipc-contract';
import { DONE, type SliceCreator } from './app-state';

const MAX_MASS_LOGOUTS = 20;

/** The notices slice. */
export interface NoticesSlice {
  notice: string | null;
  massLogouts: EventMap['events:mass-logout'][];
  /** Read out by a polite live region (a server moved in the list, ...). */
  announcement: string;
  setNotice(notice: string | null): Result<void>;
  /** Keeps a mass logout once, newest first (the same event may be pushed again). */
  receiveMassLogout(payload: EventMap['events:mass-logout']): Result<void>;
  dismissMassLogout(eventId: number, serverId: string): Result<void>;
  announce(text: string): Result<void>;
}

/** Creates the notices slice. */
export const createNoticesSlice: SliceCreator<NoticesSlice> = () => (set) => ({
  notice: null,
  massLogouts: [],
  announcement: '',
  setNotice(notice) {
    set({ notice });
    return DONE;
  },
  receiveMassLogout(payload) {
    set((state) => {
      const seen = state.massLogouts.some(
        (known) => known.serverId === payload.serverId && known.event.id === payload.event.id,
      );
      if (seen) return {};
      return { massLogouts: [payload, ...state.massLogouts].slice(0, MAX_MASS_LOGOUTS) };
    });
    return DONE;
  },
  dismissMassLogout(eventId, serverId) {
    set((state) => ({
      massLogouts: state.massLogouts.filter(
        (known) => !(known.event.id === eventId && known.serverId === serverId),
      ),
    }));
    return DONE;
  },
  announce(text) {
    set({ announcement: text });
    return DONE;
  },
});
