/**
 * The live status of each server (connected, unreachable, signed out elsewhere, ... and its
 * unread mass logouts), kept in memory only, and the views the renderer gets: a stored
 * server with its status. It pushes `servers:changed` when a status changes, and when the
 * other services say the list did (`publish`). Status changes are coalesced: the first is
 * pushed at once, and the ones that follow within `PUBLISH_WINDOW_MS` go out together as one
 * list at the window's end (the last list wins; each push carries every status, so nothing is
 * lost). Without it, start-up pushed one whole list per server (500 lists of 500 at 500
 * servers), and the renderer rebuilt its list for each. A pushed list rebuilds only the views
 * of the servers whose status or stored record changed since the last list (or whose mute
 * is in force, as it ends with time); the others are the views of the last list, shared.
 */

import type { AppError } from '../../../src-shared/errors';
import type {
  ConnectionReport,
  ServerState,
  ServerStatus,
  ServerView,
} from '../../../src-shared/domain';
import { activeMute } from '../../../src-shared/mute';
import { isHealthyState } from '../../../src-shared/server-health';
import type { EventBus } from '../support/event-bus';
import type { ServerRegistry, StoredServer } from './server-registry';

/** What describes a stored server and holds no secret: what a view and an export show. */
export type ServerDescription = Pick<
  StoredServer,
  'name' | 'baseUrl' | 'environment' | 'authKind' | 'username' | 'pinnedFingerprint'
>;

/** The description of a stored server (see ServerDescription). */
export function describeServer(server: StoredServer): ServerDescription {
  return {
    name: server.name,
    baseUrl: server.baseUrl,
    environment: server.environment,
    authKind: server.authKind,
    username: server.username,
    pinnedFingerprint: server.pinnedFingerprint,
  };
}

/** The server state an error puts a server in; null when it says nothing about the server. */
export function stateForError(error: AppError): ServerState | null {
  switch (error.code) {
    case 'unreachable':
    case 'timeout':
    case 'protocol_error':
      return 'unreachable';
    case 'unauthorized':
      return error.reason === 'signed_out_elsewhere' ? 'signed_out_elsewhere' : 'auth_failed';
    case 'otp_required':
      return 'auth_failed';
    case 'tls_untrusted':
      return 'certificate_untrusted';
    case 'tls_pin_mismatch':
      return 'certificate_changed';
    case 'keychain_unavailable':
      return 'keychain_unavailable';
    case 'no_credentials':
      return 'no_credentials';
    default:
      return null;
  }
}

/** How long status changes after a push are held back to go out as one list (ms). */
export const PUBLISH_WINDOW_MS = 100;

/** A view built for a list, the record it shows, and whether it changes with time (a mute). */
interface BuiltView {
  server: Readonly<StoredServer>;
  view: ServerView;
  timed: boolean;
}

/** The collaborators of the statuses. */
export interface StatusDependencies {
  registry: ServerRegistry;
  bus: EventBus;
  clock: () => number;
}

/** The live statuses of the servers, and their views. */
export class ServerStatuses {
  private readonly statuses = new Map<string, ServerStatus>();
  /** The window after a push; changes in it wait for its end. */
  private window: ReturnType<typeof setTimeout> | null = null;
  /** A change is waiting for the window's end. */
  private held = false;
  /** The views of the last list, with the record each was built from. */
  private readonly built = new Map<string, BuiltView>();
  /** The servers whose status changed since their view was built. */
  private readonly stale = new Set<string>();

  constructor(private readonly deps: StatusDependencies) {}

  /** The server as the renderer sees it. */
  view(server: StoredServer): ServerView {
    return {
      id: server.id,
      ...describeServer(server),
      expectedFingerprint: server.expectedFingerprint,
      lastEventId: server.lastEventId,
      status: { ...this.status(server.id) },
      mutedUntil: activeMute(server.mutedUntil, this.deps.clock()),
    };
  }

  /**
   * Every server, in order, as views: the views of servers unchanged since the last list are
   * the same objects (read them, never change them).
   */
  views(): ServerView[] {
    return this.deps.registry.snapshot().map((server) => {
      const built = this.built.get(server.id);
      if (built && built.server === server && !built.timed && !this.stale.has(server.id)) {
        return built.view;
      }
      const view = this.view(server);
      this.stale.delete(server.id);
      this.built.set(server.id, { server, view, timed: view.mutedUntil !== null });
      return view;
    });
  }

  /** A server's status (`unknown` until something was learnt). */
  status(id: string): ServerStatus {
    return (
      this.statuses.get(id) ?? {
        state: 'unknown',
        message: null,
        checkedAt: null,
        unreadMassLogouts: 0,
      }
    );
  }

  /** Pushes the list, with every status, to the renderer now (the list itself changed). */
  publish(): void {
    this.held = false;
    this.deps.bus.emit('servers:changed', { servers: this.views() });
  }

  /** Pushes a held-back change now, if there is one. */
  flush(): void {
    if (this.held) this.publish();
  }

  /** Pushes what is held back and stops the window (core is closing). */
  close(): void {
    if (this.window) clearTimeout(this.window);
    this.window = null;
    this.flush();
  }

  /** A status changed: pushed now, or at the end of the window after the last push. */
  private changed(id: string): void {
    this.stale.add(id);
    if (this.window) {
      this.held = true;
      return;
    }
    this.publish();
    this.openWindow();
  }

  private openWindow(): void {
    this.window = setTimeout(() => {
      this.window = null;
      if (!this.held) return;
      this.publish();
      this.openWindow();
    }, PUBLISH_WINDOW_MS);
    // A pending push never keeps the process alive (close() sends it).
    this.window.unref?.();
  }

  /** Sets a server's state, checked now; pushes the list if the state or message changed. */
  set(id: string, state: ServerState, message: string | null): void {
    const previous = this.status(id);
    this.statuses.set(id, {
      state,
      message,
      checkedAt: new Date(this.deps.clock()).toISOString(),
      unreadMassLogouts: previous.unreadMassLogouts,
    });
    if (previous.state !== state || previous.message !== message) this.changed(id);
    else this.stale.add(id);
  }

  /** The state a connection test found. */
  fromReport(id: string, report: ConnectionReport): void {
    this.set(
      id,
      report.canUpdate ? 'connected' : 'read_only',
      report.canUpdate ? null : report.summary,
    );
  }

  /** The state an error says the server is in, if it says anything (and the server is saved). */
  fromError(id: string, error: AppError): void {
    const state = stateForError(error);
    if (!state || !this.deps.registry.get(id)) return;
    // A saved server whose credentials were refused is not signed in to again until they change.
    const rejected = error.code === 'unauthorized' && error.reason === 'credentials_rejected';
    this.set(
      id,
      state,
      rejected
        ? `${error.message} No sign-in is tried again until its credentials are changed or the connection is tested.`
        : error.message,
    );
  }

  /**
   * After a call that worked: a server that was in trouble is connected again (read-only
   * when the permissions the client learnt lack the settings update).
   */
  markReachable(id: string, client: { readonly permissions: readonly string[] | null }): void {
    const state = this.status(id).state;
    if (isHealthyState(state) || !this.deps.registry.get(id)) return;
    const canUpdate = client.permissions?.includes('admin.settings.update') ?? true;
    this.set(id, canUpdate ? 'connected' : 'read_only', null);
  }

  /** A server imported without credentials: it says so until they are set. */
  markImported(id: string): void {
    this.statuses.set(id, {
      state: 'no_credentials',
      message: 'Imported without credentials: edit the server to set its password or API key.',
      checkedAt: null,
      unreadMassLogouts: 0,
    });
    this.stale.add(id);
  }

  /** Counts a mass logout the admin has not looked at yet (the tray shows it). */
  noteMassLogout(id: string): void {
    const previous = this.status(id);
    this.statuses.set(id, { ...previous, unreadMassLogouts: previous.unreadMassLogouts + 1 });
    this.changed(id);
  }

  /** The admin has seen the server's mass logouts. */
  markRead(id: string): void {
    const previous = this.status(id);
    if (previous.unreadMassLogouts === 0) return;
    this.statuses.set(id, { ...previous, unreadMassLogouts: 0 });
    this.changed(id);
  }

  /** Forgets a removed server's status. */
  forget(id: string): void {
    this.statuses.delete(id);
    this.built.delete(id);
    this.stale.delete(id);
  }
}
