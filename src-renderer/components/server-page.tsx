/**
 * The selected server: its header (name, environment, address, state, actions), its panels
 * as tabs (the three settings sections, Operations, Activity), and the save bar.
 */

import { useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import { PANELS, type PanelId } from '../../src-shared/domain';
import { isTroubleState } from '../../src-shared/server-health';
import { useT } from '../i18n/translator-context';
import { describeConnection, panelLabel, stateLabel } from '../labels';
import { ActivityPanel, ConcurrencyPanel, OperationsPanel, PersistencePanel } from '../lazy-parts';
import { TimeoutsPanel } from '../panels/timeouts-panel';
import { selectSelectedServer, useApp } from '../store-context';
import type { AppError } from '../../src-shared/errors';
import { EnvironmentTag } from './environment-tag';
import { ErrorMessage } from './error-message';
import { AfterSaveNote, SaveBar } from './save-bar';
import { DriftBanner } from '../fleet/drift-banner';
import { PanelPending, PartFrame } from './part-frame';

const PANEL_COMPONENTS: Record<PanelId, ComponentType> = {
  timeouts: TimeoutsPanel,
  persistence: PersistencePanel,
  concurrency: ConcurrencyPanel,
  operations: OperationsPanel,
  activity: ActivityPanel,
};

function ServerHeader() {
  const t = useT();
  const server = useApp(selectSelectedServer);
  const openDialog = useApp((state) => state.openDialog);
  const testServer = useApp((state) => state.testServer);
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<
    { serverId: string; summary: string } | { serverId: string; error: AppError } | null
  >(null);
  if (!server) return null;
  const test = async (): Promise<void> => {
    setTesting(true);
    setResult(null);
    const outcome = await testServer(server.id);
    setTesting(false);
    setResult(
      outcome.ok
        ? { serverId: server.id, summary: describeConnection(t, outcome.value.connection) }
        : { serverId: server.id, error: outcome.error },
    );
  };
  const shown = result && result.serverId === server.id ? result : null;
  const state = server.status.state;
  return (
    <header className="server-header">
      <div className="server-title">
        <h2 className="inline-gap">
          <bdi data-i18n="data">{server.name}</bdi>
          <EnvironmentTag environment={server.environment} />
        </h2>
        <p className="server-address dot-separated">
          <span className="mono" data-i18n="data">
            {server.baseUrl}
          </span>
          {server.username ? (
            <span>
              {t.rich('app.header.signedInAs', {
                user: server.username,
                who: (parts) => (
                  <bdi key="who" data-i18n="data">
                    {parts}
                  </bdi>
                ),
              })}
            </span>
          ) : server.authKind === 'api_key' ? (
            <span>{t.t('app.header.apiKey')}</span>
          ) : null}
          <span className={`state state-${state} ${isTroubleState(state) ? 'trouble' : ''}`}>
            {stateLabel(t, state)}
          </span>
        </p>
        {/* A connected server's message is news worth one line (its event feed restarted);
            a read-only one's repeats the state. */}
        {server.status.message && (isTroubleState(state) || state === 'connected') ? (
          <p className="server-status-message" data-testid="server-status-message">
            {server.status.message}
          </p>
        ) : null}
      </div>
      <div className="button-row">
        {state === 'signed_out_elsewhere' ? (
          // The app never signs back in by itself here (it would end the admin's other
          // session): only this explicit request does, through the connection test.
          <button type="button" className="primary" onClick={() => void test()} disabled={testing}>
            {testing ? t.t('app.header.signingIn') : t.t('app.header.signInAgain')}
          </button>
        ) : null}
        <button type="button" onClick={() => void test()} disabled={testing}>
          {testing ? t.t('app.header.testing') : t.t('app.header.test')}
        </button>
        <button
          type="button"
          onClick={() => openDialog({ kind: 'edit-server', serverId: server.id })}
        >
          {t.t('app.header.edit')}
        </button>
        <button
          type="button"
          onClick={() => openDialog({ kind: 'remove-server', serverId: server.id })}
        >
          {t.t('app.header.remove')}
        </button>
      </div>
      {shown ? (
        'summary' in shown ? (
          <p className="test-result" role="status" data-testid="header-test-result">
            {shown.summary}
          </p>
        ) : (
          <div className="test-result" data-testid="header-test-result">
            <ErrorMessage error={shown.error} compact />
          </div>
        )
      ) : null}
    </header>
  );
}

function Notice() {
  const t = useT();
  const notice = useApp((state) => state.notice);
  const setNotice = useApp((state) => state.setNotice);
  if (!notice) return null;
  return (
    <div className="banner banner-ok notice" role="status" data-testid="notice">
      <p>{notice}</p>
      <button type="button" className="small" onClick={() => setNotice(null)}>
        {t.t('app.dismiss')}
      </button>
    </div>
  );
}

/**
 * The page of the selected server with its panels (named apart from the `ServerView` data
 * type it shows).
 */
export function ServerPage() {
  const t = useT();
  const server = useApp(selectSelectedServer);
  const panel = useApp((state) => state.panel);
  const navigate = useApp((state) => state.navigate);
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});
  if (!server) return null;
  const onKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = PANELS.indexOf(panel);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    let next: PanelId | undefined;
    if (step !== 0) next = PANELS[(index + step + PANELS.length) % PANELS.length];
    if (event.key === 'Home') next = PANELS[0];
    if (event.key === 'End') next = PANELS[PANELS.length - 1];
    if (!next) return;
    event.preventDefault();
    navigate({ serverId: server.id, panel: next });
    tabs.current[next]?.focus();
  };
  const Panel = PANEL_COMPONENTS[panel];
  return (
    <main className="server-page" aria-label={server.name}>
      <ServerHeader />
      <div role="tablist" aria-label={t.t('app.tabs.label')} className="tabs" onKeyDown={onKey}>
        {PANELS.map((id) => (
          <button
            key={id}
            id={`tab-${id}`}
            ref={(element) => {
              tabs.current[id] = element;
            }}
            type="button"
            role="tab"
            aria-selected={id === panel}
            aria-controls={id === panel ? `panel-${id}` : undefined}
            tabIndex={id === panel ? 0 : -1}
            className="tab"
            onClick={() => navigate({ serverId: server.id, panel: id })}
          >
            {panelLabel(t, id)}
          </button>
        ))}
      </div>
      <div className="panel-scroll">
        <Notice />
        <AfterSaveNote />
        <DriftBanner serverId={server.id} />
        <div
          role="tabpanel"
          id={`panel-${panel}`}
          aria-labelledby={`tab-${panel}`}
          className="panel"
          data-panel={panel}
        >
          <PartFrame pending={<PanelPending />}>
            <Panel />
          </PartFrame>
        </div>
      </div>
      <SaveBar />
    </main>
  );
}
