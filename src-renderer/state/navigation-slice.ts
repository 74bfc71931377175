/**
 * The navigation slice: which server and panel the window shows, and the one open dialog.
 * Whether leaving needs a confirmation is the pure `leaveDecision` of navigation.ts;
 * switching server is one action, `selectServer`, whoever asks (the admin, a notification,
 * or a server list without the selected one).
 */

import type { CertificateInfo, PanelId } from '../../src-shared/domain';
import type { Result, ResponseOf } from '../../src-shared/ipc-contract';
import type { ActiveSession } from '../../src-shared/quickbox';
import type { SettingsField } from '../../src-shared/settings';
import { DONE, type SliceCreator } from './app-state';
import { discardDraft, discardFields } from './editor';
import { leaveDecision, type NavigationTarget } from './navigation';
import type { FleetDialogState } from './fleet-dialogs';
import { INITIAL_SESSIONS } from './sessions-slice';

/** The dialogs of the app; one is open at a time. */
export type DialogState =
  | { kind: 'add-server' }
  | { kind: 'edit-server'; serverId: string }
  | { kind: 'remove-server'; serverId: string }
  | { kind: 'certificate'; serverId: string; certificate: CertificateInfo; expected: string | null }
  | { kind: 'revoke-session'; session: ActiveSession }
  | { kind: 'invalidate-all' }
  | { kind: 'unsaved'; target: NavigationTarget; fields: SettingsField[]; wholeServer: boolean }
  | { kind: 'import-result'; fileName: string; outcome: Result<ResponseOf<'servers:import'>> }
  | FleetDialogState;

/** The navigation slice. */
export interface NavigationSlice {
  selectedServerId: string | null;
  panel: PanelId;
  /** The selected server's page, or the fleet table (which keeps the server's draft). */
  view: 'server' | 'fleet';
  dialog: DialogState | null;
  /** Goes to a server's panel, or asks first when that would drop unsaved changes. */
  navigate(target: NavigationTarget): Result<'went' | 'asked'>;
  /** The admin confirmed the unsaved-changes dialog: drop them and go. */
  confirmLeave(): Result<void>;
  /** Shows another server (or none) on the current panel, with fresh settings and sessions. */
  selectServer(serverId: string | null): Result<void>;
  openDialog(dialog: DialogState): Result<void>;
  closeDialog(): Result<void>;
}

/** The panels that show the server's active sessions. */
function showsSessions(panel: PanelId): boolean {
  return panel === 'operations' || panel === 'concurrency';
}

/** Creates the navigation slice. */
export const createNavigationSlice: SliceCreator<NavigationSlice> = () => (set, get) => {
  const go = (target: NavigationTarget): void => {
    const serverChanged = target.serverId !== get().selectedServerId;
    set({ panel: target.panel, dialog: null, view: 'server' });
    get().setNotice(null);
    if (serverChanged) {
      get().selectServer(target.serverId);
      return;
    }
    get().dismissSaveNote();
    if (showsSessions(target.panel)) void get().loadSessions();
  };
  return {
    selectedServerId: null,
    panel: 'timeouts',
    view: 'server',
    dialog: null,
    navigate(target) {
      const state = get();
      const decision = leaveDecision(state.editor, state.selectedServerId, state.panel, target);
      if (decision.kind === 'go') {
        go(target);
        return { ok: true, value: 'went' };
      }
      set({
        dialog: {
          kind: 'unsaved',
          target,
          fields: decision.fields,
          wholeServer: decision.kind === 'confirm-server',
        },
      });
      return { ok: true, value: 'asked' };
    },
    confirmLeave() {
      const dialog = get().dialog;
      if (dialog?.kind !== 'unsaved') return DONE;
      get().changeEditor((editor) =>
        dialog.wholeServer ? discardDraft(editor) : discardFields(editor, dialog.fields),
      );
      go(dialog.target);
      return DONE;
    },
    selectServer(serverId) {
      set({ selectedServerId: serverId, sessions: INITIAL_SESSIONS });
      get().resetEditor();
      if (serverId === null) return DONE;
      void get().loadSettings(serverId);
      if (showsSessions(get().panel)) void get().loadSessions();
      return DONE;
    },
    openDialog(dialog) {
      set({ dialog });
      return DONE;
    },
    closeDialog() {
      set({ dialog: null });
      return DONE;
    },
  };
};
