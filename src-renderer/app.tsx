/**
 * The window: banners (registry problem, mass logouts), the server sidebar, the selected
 * server with its panels or the fleet view, and the one open dialog.
 */

import { ErrorMessage } from './components/error-message';
import { ServerPage } from './components/server-page';
import { Sidebar } from './components/sidebar';
import { PartFrame } from './components/part-frame';
import {
  CertificateDialog,
  FleetDialogHost,
  FleetView,
  ImportResultDialog,
  InvalidateAllDialog,
  RemoveServerDialog,
  RevokeSessionDialog,
  ServerDialog,
  UnsavedDialog,
} from './lazy-parts';
import { plural } from '../src-shared/plural';
import { formatTime } from './labels';
import { selectSelectedServer, useApp } from './store-context';

function RegistryProblemBanner() {
  const problem = useApp((state) => state.registryProblem);
  if (!problem) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="registry-problem">
      <p>
        <strong>The saved list of servers could not be read as it was.</strong> {problem.message}
      </p>
      <p>
        {problem.restoredFromBackup
          ? 'The servers come from the last good backup: check that none is missing.'
          : 'Add your servers again, or import a list you exported.'}
        {problem.movedTo && !problem.message.includes(problem.movedTo)
          ? ` The unreadable file was kept at ${problem.movedTo}.`
          : ''}
      </p>
    </div>
  );
}

function MassLogoutBanners() {
  const events = useApp((state) => state.massLogouts);
  const dismiss = useApp((state) => state.dismissMassLogout);
  const navigate = useApp((state) => state.navigate);
  if (events.length === 0) return null;
  return (
    <div className="mass-logouts" role="status">
      {events.slice(0, 3).map(({ serverId, serverName, event }) => (
        <div
          key={`${serverId}-${event.id}`}
          className="banner banner-warn"
          data-testid="mass-logout"
        >
          <p>
            <strong>
              Mass logout on <bdi>{serverName}</bdi>:
            </strong>{' '}
            <bdi>{event.actor}</bdi> ended{' '}
            {event.type === 'sessions.invalidated_all'
              ? plural(event.data.invalidated, 'session')
              : 'sessions'}{' '}
            at {formatTime(event.at)}.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="small"
              onClick={() => navigate({ serverId, panel: 'operations' })}
            >
              Show Operations
            </button>
            <button type="button" className="small" onClick={() => dismiss(event.id, serverId)}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}

function DialogHost() {
  return (
    <PartFrame>
      <OpenDialog />
    </PartFrame>
  );
}

function OpenDialog() {
  const dialog = useApp((state) => state.dialog);
  const servers = useApp((state) => state.servers);
  const selected = useApp(selectSelectedServer);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'add-server':
      return <ServerDialog />;
    case 'edit-server': {
      const server = servers.find((candidate) => candidate.id === dialog.serverId);
      return server ? <ServerDialog key={server.id} server={server} /> : null;
    }
    case 'remove-server': {
      const server = servers.find((candidate) => candidate.id === dialog.serverId);
      return server ? <RemoveServerDialog server={server} /> : null;
    }
    case 'certificate': {
      const server = servers.find((candidate) => candidate.id === dialog.serverId);
      return server ? (
        <CertificateDialog
          server={server}
          certificate={dialog.certificate}
          expected={dialog.expected}
        />
      ) : null;
    }
    case 'revoke-session':
      return selected ? (
        <RevokeSessionDialog session={dialog.session} serverName={selected.name} />
      ) : null;
    case 'invalidate-all':
      return selected ? <InvalidateAllDialog server={selected} /> : null;
    case 'import-result':
      return <ImportResultDialog fileName={dialog.fileName} outcome={dialog.outcome} />;
    case 'unsaved':
      return (
        <UnsavedDialog
          fields={dialog.fields}
          wholeServer={dialog.wholeServer}
          serverName={selected?.name ?? ''}
        />
      );
    default:
      return <FleetDialogHost dialog={dialog} />;
  }
}

function EmptyState() {
  const loaded = useApp((state) => state.serversLoaded);
  const error = useApp((state) => state.serversError);
  const openDialog = useApp((state) => state.openDialog);
  if (!loaded) {
    return (
      <main className="empty" aria-label="Loading">
        <p role="status">Loading servers…</p>
      </main>
    );
  }
  return (
    <main className="empty" aria-label="No server">
      {error ? <ErrorMessage error={error} /> : null}
      <h2>No server yet</h2>
      <p>Add a QuickBox Pro server to see and change its session settings.</p>
      <button type="button" className="primary" onClick={() => openDialog({ kind: 'add-server' })}>
        Add a server…
      </button>
    </main>
  );
}

/** The whole window. */
export function App() {
  const hasServer = useApp((state) => selectSelectedServer(state) !== undefined);
  const fleet = useApp((state) => state.view === 'fleet');
  return (
    <div className="app">
      <Sidebar />
      <div className="content">
        <RegistryProblemBanner />
        <MassLogoutBanners />
        {fleet ? (
          <PartFrame>
            <FleetView />
          </PartFrame>
        ) : hasServer ? (
          <ServerPage />
        ) : (
          <EmptyState />
        )}
      </div>
      <DialogHost />
    </div>
  );
}
