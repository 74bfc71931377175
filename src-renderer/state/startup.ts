/**
 * The window's start, arranged around its first panel: what the first panel does not need
 * (drift, the lazy parts' chunks) waits until that panel is filled.
 */

import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from './app-state';

/** Whether the first screen is drawn: the list read, and the first panel filled or failed. */
export function firstScreenSettled(state: AppState): boolean {
  if (!state.serversLoaded) return false;
  if (state.selectedServerId === null) return true;
  return (
    state.editor.serverId === state.selectedServerId &&
    (state.editor.status === 'ready' || state.editor.status === 'error')
  );
}

/**
 * Runs `then` once, when the first screen is settled (or after `latestMs`, should the first
 * server not answer by then), so that it does not compete with the first panel.
 */
export function afterFirstScreen(
  store: StoreApi<AppState>,
  then: () => void,
  latestMs = 2000,
): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    unsubscribe();
    clearTimeout(timer);
    then();
  };
  const unsubscribe = store.subscribe((state) => {
    if (firstScreenSettled(state)) run();
  });
  const timer = setTimeout(run, latestMs);
  if (firstScreenSettled(store.getState())) run();
}
