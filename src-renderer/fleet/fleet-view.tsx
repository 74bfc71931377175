/**
 * The fleet view, opened from the top of the sidebar: the fleet table (refresh, reference,
 * filters, selection), the profiles and the fleet-wide activity, as tabs, and the fleet file
 * (export, import with a preview first).
 */

import { useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { FleetActivity } from '../activity/fleet-activity';
import type { AppError } from '../../src-shared/errors';
import { ErrorMessage } from '../components/error-message';
import { offerDownload, takePickedFile } from '../file-transfer';
import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import { useT } from '../i18n/translator-context';
import type { FleetTab } from '../state/activity-slice';
import { useApp } from '../store-context';
import { FleetGrid, useFleetRows } from './fleet-grid';
import { FleetSelectionBar } from './fleet-selection-bar';
import { FleetToolbar } from './fleet-toolbar';
import { ProfilesPane } from './profiles-pane';

const TABS = [
  { id: 'servers', label: 'fleet.tab.servers' },
  { id: 'profiles', label: 'fleet.tab.profiles' },
  { id: 'activity', label: 'fleet.tab.activity' },
] as const satisfies readonly { id: FleetTab; label: WindowMessageId }[];

function RefreshStatus() {
  const t = useT();
  const progress = useApp((state) => state.fleet.progress);
  const refreshedAt = useApp((state) => state.fleet.refreshedAt);
  if (progress) {
    return (
      <div className="fleet-progress" data-testid="fleet-progress">
        <progress
          max={Math.max(1, progress.total)}
          value={progress.done}
          aria-label={t.t('fleet.refresh.serversRead')}
        />
        <span role="status">{t.t('fleet.refresh.progress', progress)}</span>
      </div>
    );
  }
  return (
    <p className="muted" role="status">
      {refreshedAt
        ? t.t('fleet.refresh.readAt', { time: t.dateTime(refreshedAt) })
        : t.t('fleet.rowState.reading')}
    </p>
  );
}

function FleetFile({ onError }: { onError(error: AppError | null): void }) {
  const t = useT();
  const exportFleet = useApp((state) => state.exportFleet);
  const openDialog = useApp((state) => state.openDialog);
  const announce = useApp((state) => state.announce);
  const picker = useRef<HTMLInputElement>(null);
  const exportFile = async (): Promise<void> => {
    onError(null);
    const result = await exportFleet();
    if (!result.ok) return onError(result.error);
    const { json, servers, profiles } = result.value;
    offerDownload(`quickbox-fleet-${new Date().toISOString().slice(0, 10)}.json`, json);
    announce(t.t('fleet.file.exported', { servers, profiles }));
  };
  const importFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const picked = await takePickedFile(event.target, 'a fleet file');
    if (!picked) return;
    onError(null);
    if (!picked.text.ok) return onError(picked.text.error);
    openDialog({ kind: 'fleet-import', fileName: picked.name, json: picked.text.value });
  };
  return (
    <>
      <button type="button" onClick={() => void exportFile()}>
        {t.t('fleet.file.export')}
      </button>
      <button type="button" onClick={() => picker.current?.click()}>
        {t.t('fleet.file.import')}
      </button>
      <input
        ref={picker}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="fleet-import-file"
        onChange={(event) => void importFile(event)}
      />
    </>
  );
}

function ServersTab() {
  const t = useT();
  const rows = useFleetRows();
  const error = useApp((state) => state.fleet.error);
  return (
    <>
      {error ? <ErrorMessage error={error} compact /> : null}
      <FleetToolbar shown={rows.shown.length} total={rows.all.length} />
      {rows.resolved?.problem ? (
        <p className="banner banner-info" data-testid="reference-problem">
          {t.t('fleet.reference.problem', { problem: t.message(rows.resolved.problem) })}
        </p>
      ) : null}
      <FleetGrid rows={rows} />
      <FleetSelectionBar shownIds={rows.shown.map((row) => row.serverId)} />
    </>
  );
}

/** The fleet view. */
export function FleetView() {
  const t = useT();
  const refreshFleet = useApp((state) => state.refreshFleet);
  const refreshing = useApp((state) => state.fleet.runId !== null);
  const count = useApp((state) => state.servers.length);
  const tab = useApp((state) => state.fleetTab);
  const setTab = useApp((state) => state.setFleetTab);
  const [fileError, setFileError] = useState<AppError | null>(null);
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const index = TABS.findIndex(({ id }) => id === tab);
    const step = event.key === 'ArrowRight' ? 1 : TABS.length - 1;
    const next = TABS[(index + step) % TABS.length]?.id ?? 'servers';
    setTab(next);
    tabs.current[next]?.focus();
  };
  return (
    <main className="fleet-page" aria-label={t.t('fleet.title')}>
      <header className="server-header">
        <div>
          <h2>{t.t('fleet.title')}</h2>
          <p className="muted">{t.t('fleet.intro', { count })}</p>
        </div>
        <div className="button-row">
          <RefreshStatus />
          <button
            type="button"
            className="primary"
            disabled={refreshing}
            onClick={() => void refreshFleet()}
          >
            {refreshing ? t.t('fleet.refresh.running') : t.t('fleet.refresh.button')}
          </button>
          <FleetFile onError={setFileError} />
        </div>
      </header>
      {fileError ? <ErrorMessage error={fileError} compact /> : null}
      <div role="tablist" aria-label={t.t('fleet.title')} className="tabs" onKeyDown={onKey}>
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            id={`fleet-tab-${id}`}
            ref={(element) => {
              tabs.current[id] = element;
            }}
            type="button"
            role="tab"
            aria-selected={id === tab}
            aria-controls={id === tab ? `fleet-panel-${id}` : undefined}
            tabIndex={id === tab ? 0 : -1}
            className="tab"
            onClick={() => setTab(id)}
          >
            {t.t(label)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`fleet-panel-${tab}`}
        aria-labelledby={`fleet-tab-${tab}`}
        className="fleet-panel"
      >
        {tab === 'servers' ? (
          <ServersTab />
        ) : tab === 'profiles' ? (
          <ProfilesPane />
        ) : (
          <FleetActivity />
        )}
      </div>
    </main>
  );
}
