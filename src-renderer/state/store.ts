/**
 * The one store of the renderer, built from typed slices (servers, editor, sessions,
 * events, ui). The slices hold data and call the API; every state change worth testing is
 * a pure function in editor.ts, navigation.ts or sessions.ts.
 */

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { QuickBoxApi } from '../../src-preload/api';
import type { AppError } from '../../src-shared/errors';
import type {
  CertificateInfo,
  EventMap,
  PanelId,
  RegistryProblem,
  ResponseMap,
  ServerView,
} from '../../src-shared/ipc-contract';
import type { ActiveSession, SessionSummary } from '../../src-shared/quickbox';
import type { SettingsField } from '../../src-shared/settings';
import {
  EMPTY_EDITOR,
  applyNumberInput,
  canSave,
  discardDraft,
  discardFields,
  editField,
  failedEditor,
  keepMine,
  loadedEditor,
  loadingEditor,
  saveFailedEditor,
  savedEditor,
  savingEditor,
  takeTheirs,
  type EditorState,
} from './editor';
import { leaveDecision, pickSelection, type NavigationTarget } from './navigation';
import type { SessionSort } from './sessions';

/** The dialogs of the app; one is open at a time. */
export type DialogState =
  | { kind: 'add-server' }
  | { kind: 'edit-server'; serverId: string }
  | { kind: 'remove-server'; serverId: string }
  | { kind: 'certificate'; serverId: string; certificate: CertificateInfo; expected: string | null }
  | { kind: 'revoke-session'; session: ActiveSession }
  | { kind: 'invalidate-all' }
  | { kind: 'unsaved'; target: NavigationTarget; fields: SettingsField[]; wholeServer: boolean };

/** The servers slice. */
export interface ServersSlice {
  servers: ServerView[];
  registryProblem: RegistryProblem | null;
  serversLoaded: boolean;
  serversError: AppError | null;
  selectedServerId: string | null;
  loadServers(): Promise<void>;
  setServers(servers: ServerView[]): void;
}

/** The editor slice: the selected server's settings and the draft. */
export interface EditorSlice {
  editor: EditorState;
  loadSettings(serverId: string): Promise<void>;
  editField(field: SettingsField, value: number | boolean | string): void;
  typeNumber(field: SettingsField, text: string, minutesPerUnit: number): void;
  discard(): void;
  save(): Promise<void>;
  takeTheirs(): void;
  keepMineAndSave(): Promise<void>;
}

/** The sessions slice: the selected server's active sessions and summary. */
export interface SessionsSlice {
  sessions: {
    serverId: string | null;
    list: ActiveSession[];
    nextCursor: string | null;
    summary: SessionSummary | null;
    loading: boolean;
    error: AppError | null;
    filter: string;
    sort: SessionSort;
  };
  loadSessions(): Promise<void>;
  loadMoreSessions(): Promise<void>;
  setSessionFilter(text: string): void;
  setSessionSort(sort: SessionSort): void;
  revokeSession(sessionId: string): Promise<AppError | null>;
  invalidateAll(
    typedName: string,
  ): Promise<
    { ok: true; value: ResponseMap['sessions:invalidate-all'] } | { ok: false; error: AppError }
  >;
}

/** The events slice: mass logouts seen while the window is open. */
export interface EventsSlice {
  massLogouts: EventMap['events:mass-logout'][];
  receiveMassLogout(payload: EventMap['events:mass-logout']): void;
  dismissMassLogout(eventId: number, serverId: string): void;
}

/** The ui slice: the panel, the dialog and a passing notice. */
export interface UiSlice {
  panel: PanelId;
  dialog: DialogState | null;
  notice: string | null;
  navigate(target: NavigationTarget): void;
  confirmLeave(): void;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  setNotice(notice: string | null): void;
}

/** The whole store. */
export type AppState = ServersSlice & EditorSlice & SessionsSlice & EventsSlice & UiSlice;

type SliceCreator<T> = (
  set: StoreApi<AppState>['setState'],
  get: StoreApi<AppState>['getState'],
  api: QuickBoxApi,
) => T;

const MAX_MASS_LOGOUTS = 20;

const initialSessions: SessionsSlice['sessions'] = {
  serverId: null,
  list: [],
  nextCursor: null,
  summary: null,
  loading: false,
  error: null,
  filter: '',
  sort: { key: 'createdAt', direction: 'descending' },
};

const createServersSlice: SliceCreator<ServersSlice> = (set, get, api) => ({
  servers: [],
  registryProblem: null,
  serversLoaded: false,
  serversError: null,
  selectedServerId: null,
  async loadServers() {
    const result = await api.servers.list();
    if (!result.ok) {
      set({ serversLoaded: true, serversError: result.error });
      return;
    }
    set({ registryProblem: result.value.registryProblem, serversError: null });
    get().setServers(result.value.servers);
    set({ serversLoaded: true });
  },
  setServers(servers) {
    const previous = get();
    set({ servers });
    const selection = pickSelection(servers, previous.selectedServerId);
    if (selection !== previous.selectedServerId) {
      set({ selectedServerId: selection, editor: EMPTY_EDITOR, sessions: initialSessions });
      if (selection !== null) {
        void get().loadSettings(selection);
        if (get().panel === 'operations' || get().panel === 'concurrency')
          void get().loadSessions();
      }
      return;
    }
    const selected = servers.find((server) => server.id === selection);
    const healthy =
      selected?.status.state === 'connected' || selected?.status.state === 'read_only';
    // A server that comes back (re-pinned, reachable again) refills the panel that failed.
    if (selected && healthy && previous.editor.status === 'error')
      void get().loadSettings(selected.id);
  },
});

const createEditorSlice: SliceCreator<EditorSlice> = (set, get, api) => {
  const update = (change: (state: EditorState) => EditorState): void =>
    set((state) => ({ editor: change(state.editor) }));
  const stillSelected = (serverId: string): boolean => get().selectedServerId === serverId;
  return {
    editor: EMPTY_EDITOR,
    async loadSettings(serverId) {
      set({ editor: loadingEditor(serverId) });
      const result = await api.settings.get({ serverId });
      if (!stillSelected(serverId)) return;
      set({
        editor: result.ok
          ? loadedEditor(serverId, result.value.settings, result.value.canUpdate)
          : failedEditor(serverId, result.error),
      });
    },
    editField(field, value) {
      update((editor) => editField(editor, field, value));
    },
    typeNumber(field, text, minutesPerUnit) {
      update((editor) => applyNumberInput(editor, field, text, minutesPerUnit));
    },
    discard() {
      update(discardDraft);
    },
    async save() {
      const editor = get().editor;
      if (!canSave(editor) || !editor.serverId || !editor.base || !editor.draft) return;
      const serverId = editor.serverId;
      update(savingEditor);
      const result = await api.settings.save({
        serverId,
        settings: editor.draft,
        baseVersion: editor.base.version,
      });
      if (!stillSelected(serverId)) return;
      update((state) =>
        result.ok ? savedEditor(state, result.value) : saveFailedEditor(state, result.error),
      );
    },
    takeTheirs() {
      update(takeTheirs);
    },
    async keepMineAndSave() {
      update(keepMine);
      await get().save();
    },
  };
};

const createSessionsSlice: SliceCreator<SessionsSlice> = (set, get, api) => {
  const patch = (change: Partial<SessionsSlice['sessions']>): void =>
    set((state) => ({ sessions: { ...state.sessions, ...change } }));
  return {
    sessions: initialSessions,
    async loadSessions() {
      const serverId = get().selectedServerId;
      if (!serverId) return;
      const keep = get().sessions.serverId === serverId;
      patch({
        serverId,
        loading: true,
        error: null,
        ...(keep ? {} : { list: [], summary: null, nextCursor: null, filter: '' }),
      });
      const [list, summary] = await Promise.all([
        api.sessions.list({ serverId, limit: 500 }),
        api.sessions.summary({ serverId }),
      ]);
      if (get().selectedServerId !== serverId) return;
      patch({
        loading: false,
        list: list.ok ? list.value.sessions : [],
        nextCursor: list.ok ? list.value.nextCursor : null,
        summary: summary.ok ? summary.value : null,
        error: !list.ok ? list.error : !summary.ok ? summary.error : null,
      });
    },
    async loadMoreSessions() {
      const { serverId, nextCursor } = get().sessions;
      if (!serverId || !nextCursor) return;
      patch({ loading: true });
      const page = await api.sessions.list({ serverId, cursor: nextCursor, limit: 500 });
      if (get().sessions.serverId !== serverId) return;
      if (page.ok) {
        patch({
          loading: false,
          list: [...get().sessions.list, ...page.value.sessions],
          nextCursor: page.value.nextCursor,
        });
      } else {
        patch({ loading: false, error: page.error });
      }
    },
    setSessionFilter(text) {
      patch({ filter: text });
    },
    setSessionSort(sort) {
      patch({ sort });
    },
    async revokeSession(sessionId) {
      const serverId = get().selectedServerId;
      if (!serverId) return null;
      const result = await api.sessions.revoke({ serverId, sessionId });
      if (!result.ok) return result.error;
      await get().loadSessions();
      return null;
    },
    async invalidateAll(typedName) {
      const serverId = get().selectedServerId;
      if (!serverId) {
        return {
          ok: false,
          error: { code: 'not_found', message: 'No server is selected.', what: 'server' },
        };
      }
      const result = await api.sessions.invalidateAll({ serverId, typedName });
      if (result.ok) await get().loadSessions();
      return result;
    },
  };
};

const createEventsSlice: SliceCreator<EventsSlice> = (set) => ({
  massLogouts: [],
  receiveMassLogout(payload) {
    set((state) => {
      if (
        state.massLogouts.some(
          (seen) => seen.serverId === payload.serverId && seen.event.id === payload.event.id,
        )
      ) {
        return {};
      }
      return { massLogouts: [payload, ...state.massLogouts].slice(0, MAX_MASS_LOGOUTS) };
    });
  },
  dismissMassLogout(eventId, serverId) {
    set((state) => ({
      massLogouts: state.massLogouts.filter(
        (seen) => !(seen.event.id === eventId && seen.serverId === serverId),
      ),
    }));
  },
});

const createUiSlice: SliceCreator<UiSlice> = (set, get) => {
  const go = (target: NavigationTarget): void => {
    const state = get();
    const serverChanged = target.serverId !== state.selectedServerId;
    set({ panel: target.panel, selectedServerId: target.serverId, dialog: null, notice: null });
    if (serverChanged) {
      set({ sessions: initialSessions });
      void get().loadSettings(target.serverId);
    } else if (state.editor.lastSave) {
      set((current) => ({ editor: { ...current.editor, lastSave: null } }));
    }
    if (target.panel === 'operations' || target.panel === 'concurrency') void get().loadSessions();
  };
  return {
    panel: 'timeouts',
    dialog: null,
    notice: null,
    navigate(target) {
      const state = get();
      const decision = leaveDecision(state.editor, state.selectedServerId, state.panel, target);
      if (decision.kind === 'go') go(target);
      else {
        set({
          dialog: {
            kind: 'unsaved',
            target,
            fields: decision.fields,
            wholeServer: decision.kind === 'confirm-server',
          },
        });
      }
    },
    confirmLeave() {
      const dialog = get().dialog;
      if (dialog?.kind !== 'unsaved') return;
      set((state) => ({
        editor: dialog.wholeServer
          ? discardDraft(state.editor)
          : discardFields(state.editor, dialog.fields),
      }));
      go(dialog.target);
    },
    openDialog(dialog) {
      set({ dialog });
    },
    closeDialog() {
      set({ dialog: null });
    },
    setNotice(notice) {
      set({ notice });
    },
  };
};

/** Builds the store over an API object (window.quickbox in the app). */
export function createAppStore(api: QuickBoxApi): StoreApi<AppState> {
  return createStore<AppState>()((set, get) => ({
    ...createServersSlice(set, get, api),
    ...createEditorSlice(set, get, api),
    ...createSessionsSlice(set, get, api),
    ...createEventsSlice(set, get, api),
    ...createUiSlice(set, get, api),
  }));
}

/**
 * Subscribes the store to the main-process events: server list changes, mass logouts and
 * navigation requests (a notification was clicked). Returns the unsubscribe function.
 */
export function connectStore(store: StoreApi<AppState>, api: QuickBoxApi): () => void {
  const unsubscribers = [
    api.servers.onChanged(({ servers }) => store.getState().setServers(servers)),
    api.events.onMassLogout((payload) => {
      store.getState().receiveMassLogout(payload);
      const state = store.getState();
      if (
        payload.serverId === state.selectedServerId &&
        state.sessions.serverId === payload.serverId
      ) {
        void state.loadSessions();
      }
    }),
    api.ui.onNavigate((target) => store.getState().navigate(target)),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
