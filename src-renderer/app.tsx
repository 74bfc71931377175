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
import { useT } from './i18n/translator-context';
import { localTime } from './labels';
import { selectSelectedServer, useApp } from './store-context';

function RegistryProblemBanner() {
  const t = useT();
  const problem = useApp((state) => state.registryProblem);
  if (!problem) return null;
  return (
    <div className="banner banner-warn" role="alert" data-testid="registry-problem">
      <p className="inline-gap">
        <strong>{t.t('app.registry.unreadable')}</strong>
        <span>{problem.message}</span>
      </p>
      <p className="inline-gap">
        <span>
          {problem.restoredFromBackup ? t.t('app.registry.restored') : t.t('app.registry.addAgain')}
        </span>
        {problem.movedTo && !problem.message.includes(problem.movedTo) ? (
          <span>{t.t('app.registry.movedTo', { path: problem.movedTo })}</span>
        ) : null}
      </p>
    </div>
  );
}

function MassLogoutBanners() {
  const t = useT();
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
            {t.rich('app.massLogout.text', {
              server: serverName,
              actor: event.actor,
              counted: event.type === 'sessions.invalidated_all' ? 'yes' : 'no',
              count: event.type === 'sessions.invalidated_all' ? event.data.invalidated : 0,
              time: localTime(t, event.at),
              b: (parts) => <strong key="b">{parts}</strong>,
              srv: (parts) => (
                <bdi key="srv" data-i18n="data">
                  {parts}
                </bdi>
              ),
              who: (parts) => (
                <bdi key="who" data-i18n="data">
                  {parts}
                </bdi>
              ),
            })}
          </p>
          <div className="button-row">
            <button
              type="button"
              className="small"
              onClick={() => navigate({ serverId, panel: 'operations' })}
            >
              {t.t('app.massLogout.show')}
            </button>
            <button type="button" className="small" onClick={() => dismiss(event.id, serverId)}>
              {t.t('app.dismiss')}
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
  const t = useT();
  const loaded = useApp((state) => state.serversLoaded);
  const error = useApp((state) => state.serversError);
  const openDialog = useApp((state) => state.openDialog);
  if (!loaded) {
    return (
      <main className="empty" aria-label={t.t('app.loading')}>
        <p role="status">{t.t('app.empty.loadingServers')}</p>
      </main>
    );
  }
  return (
    <main className="empty" aria-label={t.t('app.empty.label')}>
      {error ? <ErrorMessage error={error} /> : null}
      <h2>{t.t('app.empty.title')}</h2>
      <p>{t.t('app.empty.text')}</p>
      <button type="button" className="primary" onClick={() => openDialog({ kind: 'add-server' })}>
        {t.t('app.empty.add')}
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
