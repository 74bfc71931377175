/**
 * The parts of the window that the first screen does not need (the fleet view and its
 * dialogs, the panels after the first, Activity, the dialogs), each in a chunk of its own,
 * loaded when first shown. The start-up chunk carries only the sidebar, the server page and
 * the Timeouts panel; once the first panel is on screen, `loadPartsWhenIdle` fetches the
 * rest in the background, so a part is usually already there when the admin opens it.
 */

import { lazy, type ComponentType } from 'react';
import { loadCatalogPart } from './i18n/window-language';

/** A lazily loaded component whose chunk can also be fetched ahead of its first use. */
type Part<P> = ComponentType<P> & { load(): Promise<unknown> };

function part<P extends object>(load: () => Promise<ComponentType<P>>): Part<P> {
  let loading: Promise<ComponentType<P>> | undefined;
  // A chunk that failed to load (fetched ahead, say) is tried again at the next call.
  const once = (): Promise<ComponentType<P>> =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  const component = lazy(async () => ({ default: await once() }));
  return Object.assign(component as unknown as ComponentType<P>, { load: once });
}

// The fleet's words come in their own catalog chunk, loaded beside the fleet's code.
export const FleetView = part(
  async () =>
    (await Promise.all([import('./fleet/fleet-view'), loadCatalogPart('fleet')]))[0].FleetView,
);
export const FleetDialogHost = part(
  async () =>
    (await Promise.all([import('./fleet/fleet-dialog-host'), loadCatalogPart('fleet')]))[0]
      .FleetDialogHost,
);
export const PersistencePanel = part(
  async () => (await import('./panels/persistence-panel')).PersistencePanel,
);
export const ConcurrencyPanel = part(
  async () => (await import('./panels/concurrency-panel')).ConcurrencyPanel,
);
export const OperationsPanel = part(
  async () => (await import('./panels/operations-panel')).OperationsPanel,
);
export const ActivityPanel = part(
  async () => (await import('./activity/activity-panel')).ActivityPanel,
);
export const ServerDialog = part(
  async () => (await import('./dialogs/server-dialog')).ServerDialog,
);
export const InvalidateAllDialog = part(
  async () => (await import('./dialogs/invalidate-all-dialog')).InvalidateAllDialog,
);
export const ImportResultDialog = part(
  async () => (await import('./dialogs/import-result-dialog')).ImportResultDialog,
);
export const RemoveServerDialog = part(
  async () => (await import('./dialogs/confirm-dialogs')).RemoveServerDialog,
);
export const CertificateDialog = part(
  async () => (await import('./dialogs/confirm-dialogs')).CertificateDialog,
);
export const RevokeSessionDialog = part(
  async () => (await import('./dialogs/confirm-dialogs')).RevokeSessionDialog,
);
export const UnsavedDialog = part(
  async () => (await import('./dialogs/confirm-dialogs')).UnsavedDialog,
);

const PARTS: readonly { load(): Promise<unknown> }[] = [
  PersistencePanel,
  ConcurrencyPanel,
  OperationsPanel,
  ActivityPanel,
  FleetView,
  FleetDialogHost,
  ServerDialog,
  InvalidateAllDialog,
  ImportResultDialog,
  RemoveServerDialog,
];

let scheduled = false;

/**
 * Fetches every part's chunk once the window is idle (after the first panel is drawn), one
 * after another so that they do not compete with what the admin is doing. A chunk that fails
 * to load is left for its first use, which shows the error where the part would be.
 */
export function loadPartsWhenIdle(): void {
  if (scheduled) return;
  scheduled = true;
  const idle = (next: () => void): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(next, { timeout: 2000 });
    else setTimeout(next, 50);
  };
  const loadFrom = (index: number): void => {
    const next = PARTS[index];
    if (!next) return;
    void next
      .load()
      .catch(() => undefined)
      .finally(() => idle(() => loadFrom(index + 1)));
  };
  idle(() => loadFrom(0));
}
