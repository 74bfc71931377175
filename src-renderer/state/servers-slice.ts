/**
 * The servers slice: the list of servers as main last pushed it (`servers:changed`), and
 * every action on the list: add, edit, remove, test, pin a certificate, reorder, mark read,
 * mute, export and import. The list follows main's push; an action never pulls the list again.
 */

import type { ConnectionReport, RegistryProblem, ServerView } from '../../src-shared/domain';
import type { AppError } from '../../src-shared/errors';
import { isHealthyState } from '../../src-shared/server-health';
import type { RequestOf, Result, ResponseOf, ServerDraft } from '../../src-shared/ipc-contract';
import type { MuteChoice } from '../../src-shared/mute';
import { DONE, type SliceCreator } from './app-state';
import { pickSelection } from './navigation';
import { moveTo, orderLike, sameOrder } from './server-order';

/** The servers slice. */
export interface ServersSlice {
  servers: ServerView[];
  registryProblem: RegistryProblem | null;
  serversLoaded: boolean;
  serversError: AppError | null;
  /** The first read of the list, at start; afterwards the list follows `servers:changed`. */
  loadServers(): Promise<Result<ResponseOf<'servers:list'>>>;
  /** Takes the list main pushed, keeping the selection when the server is still there. */
  setServers(servers: ServerView[]): Result<void>;
  testDraft(draft: ServerDraft): Promise<Result<ConnectionReport>>;
  /** Adds a server and shows it. */
  addServer(draft: ServerDraft): Promise<Result<ResponseOf<'servers:add'>>>;
  /** Edits a server; its settings are read again (address or credentials may be new). */
  updateServer(request: RequestOf<'servers:update'>): Promise<Result<ResponseOf<'servers:update'>>>;
  removeServer(id: string): Promise<Result<ResponseOf<'servers:remove'>>>;
  testServer(id: string): Promise<Result<ResponseOf<'servers:test'>>>;
  /** Pins the certificate the admin checked, then reads the server's settings again. */
  pinCertificate(
    id: string,
    fingerprint: string,
  ): Promise<Result<ResponseOf<'servers:pin-certificate'>>>;
  /** Moves a server to a place in the list: shown at once, undone if main refuses. */
  moveServer(id: string, toIndex: number): Promise<Result<ResponseOf<'servers:reorder'>>>;
  /** The admin has seen the server's mass logouts (its Operations panel is open). */
  markRead(id: string): Promise<Result<ResponseOf<'servers:mark-read'>>>;
  /**
   * Mutes a server's notifications (its unread count still counts), or ends the mute (null);
   * the server shows its mute at once, main's push confirms it.
   */
  muteServer(id: string, until: MuteChoice | null): Promise<Result<ResponseOf<'servers:mute'>>>;
  exportServers(): Promise<Result<ResponseOf<'servers:export'>>>;
  importServers(json: string): Promise<Result<ResponseOf<'servers:import'>>>;
}

/** Creates the servers slice. */
export const createServersSlice: SliceCreator<ServersSlice> = (api) => (set, get) => {
  const reloadIfSelected = (id: string): void => {
    if (get().selectedServerId === id) void get().loadSettings(id);
  };
  return {
    servers: [],
    registryProblem: null,
    serversLoaded: false,
    serversError: null,
    async loadServers() {
      const result = await api.servers.list();
      if (!result.ok) {
        set({ serversLoaded: true, serversError: result.error });
        return result;
      }
      set({ registryProblem: result.value.registryProblem, serversError: null });
      get().setServers(result.value.servers);
      set({ serversLoaded: true });
      return result;
    },
    setServers(servers) {
      const previous = get();
      set({ servers });
      const selection = pickSelection(servers, previous.selectedServerId);
      if (selection !== previous.selectedServerId) return get().selectServer(selection);
      const selected = servers.find((server) => server.id === selection);
      // A server that comes back (re-pinned, reachable again) refills the panel that failed.
      if (selected && isHealthyState(selected.status.state) && previous.editor.status === 'error')
        void get().loadSettings(selected.id);
      return DONE;
    },
    testDraft(draft) {
      return api.servers.testDraft(draft);
    },
    async addServer(draft) {
      const result = await api.servers.add(draft);
      if (!result.ok) return result;
      const added = result.value.server;
      // Main's push may still be on its way: show the new server now, the push confirms it.
      if (!get().servers.some((server) => server.id === added.id))
        set((state) => ({ servers: [...state.servers, added] }));
      get().navigate({ serverId: added.id, panel: 'timeouts' });
      return result;
    },
    async updateServer(request) {
      const result = await api.servers.update(request);
      if (result.ok) reloadIfSelected(request.id);
      return result;
    },
    removeServer(id) {
      return api.servers.remove({ id });
    },
    testServer(id) {
      return api.servers.test({ id });
    },
    async pinCertificate(id, fingerprint) {
      const result = await api.servers.pinCertificate({ id, fingerprint });
      if (result.ok) reloadIfSelected(id);
      return result;
    },
    async moveServer(id, toIndex) {
      const before = get().servers;
      const after = moveTo(before, id, toIndex);
      if (sameOrder(before, after)) return { ok: true, value: { servers: before } };
      set({ servers: after });
      const result = await api.servers.reorder({ ids: after.map((server) => server.id) });
      if (!result.ok) {
        const previousOrder = before.map((server) => server.id);
        set((state) => ({ servers: orderLike(state.servers, previousOrder) }));
      }
      return result;
    },
    markRead(id) {
      return api.servers.markRead({ id });
    },
    async muteServer(id, until) {
      const result = await api.servers.mute({ id, until });
      if (result.ok) {
        const { server } = result.value;
        set((state) => ({
          servers: state.servers.map((entry) =>
            entry.id === server.id ? { ...entry, mutedUntil: server.mutedUntil } : entry,
          ),
        }));
      }
      return result;
    },
    exportServers() {
      return api.servers.export();
    },
    importServers(json) {
      return api.servers.import({ json });
    },
  };
};
