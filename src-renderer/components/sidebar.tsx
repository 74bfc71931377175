/**
 * The list of servers: name, environment colour, state, unread mass logouts and a muted
 * icon while its notifications are muted. The order
 * is the admin's: drag a server, or press Alt+Up / Alt+Down on it (the menu does the same),
 * and a live region says where it landed. From a dozen servers on, a filter box narrows
 * the list (by name, address or environment); moves then go next to the neighbour shown.
 */

import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { isTroubleState } from '../../src-shared/server-health';
import { useT } from '../i18n/translator-context';
import { environmentLabel, stateLabel } from '../labels';
import { filterServers, offersFilter } from '../state/server-filter';
import { useApp } from '../store-context';
import { ServerListMenu } from './server-list-menu';
import { useMoveServer } from './use-move-server';
import { LanguagePicker } from './language-picker';

/** The drag's data type: only a server of this list can be dropped on it. */
const DRAG_TYPE = 'application/x-quickbox-server';

/** The sidebar. */
export function Sidebar() {
  const t = useT();
  const servers = useApp((state) => state.servers);
  const selected = useApp((state) => state.selectedServerId);
  const panel = useApp((state) => state.panel);
  const fleetOpen = useApp((state) => state.view === 'fleet');
  const openFleet = useApp((state) => state.openFleet);
  const navigate = useApp((state) => state.navigate);
  const openDialog = useApp((state) => state.openDialog);
  const announcement = useApp((state) => state.announcement);
  const move = useMoveServer();
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const filtering = offersFilter(servers.length);
  const shown = filtering ? filterServers(servers, query) : servers;
  // A place in the shown list is the place of the server shown there in the whole list.
  const placeOf = (index: number): number =>
    servers.findIndex((server) => server.id === shown[index]?.id);

  const onKey = (event: KeyboardEvent<HTMLButtonElement>, id: string, index: number): void => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const to = placeOf(index + (event.key === 'ArrowUp' ? -1 : 1));
    if (to !== -1) void move(id, to);
  };
  const onDrop = (event: DragEvent<HTMLLIElement>, index: number): void => {
    const id = event.dataTransfer.getData(DRAG_TYPE);
    event.preventDefault();
    setDragging(null);
    setDropIndex(null);
    if (id) void move(id, placeOf(index));
  };

  return (
    <nav className="sidebar" aria-label={t.t('app.sidebar.servers')}>
      <div className="sidebar-head">
        <h1 className="app-title">{t.t('app.sidebar.servers')}</h1>
        <div className="button-row">
          <button
            type="button"
            className="small"
            onClick={() => openDialog({ kind: 'add-server' })}
          >
            {t.t('app.sidebar.add')}
          </button>
          <ServerListMenu />
        </div>
      </div>
      <div className="sidebar-fleet">
        <button
          type="button"
          className="fleet-entry"
          aria-current={fleetOpen ? 'page' : undefined}
          disabled={servers.length === 0}
          onClick={() => openFleet()}
        >
          <span className="server-name">{t.t('app.sidebar.fleet')}</span>
          <span className="muted">{t.t('app.sidebar.fleetHint')}</span>
        </button>
      </div>
      {filtering ? (
        <div className="sidebar-filter">
          <label htmlFor="server-filter" className="visually-hidden">
            {t.t('app.sidebar.filter')}
          </label>
          <input
            id="server-filter"
            type="search"
            placeholder={t.t('app.sidebar.filterPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            value={query}
            aria-describedby="server-filter-count"
            onChange={(event) => setQuery(event.target.value)}
          />
          <p id="server-filter-count" className="muted sidebar-filter-count" aria-live="polite">
            {query.trim() === ''
              ? t.t('app.sidebar.count', { count: servers.length })
              : t.t('app.sidebar.countShown', { shown: shown.length, count: servers.length })}
          </p>
        </div>
      ) : null}
      <ul className="server-list">
        {shown.map((server, index) => {
          const state = server.status.state;
          const unread = server.status.unreadMassLogouts;
          return (
            <li
              key={server.id}
              className={[
                dragging === server.id ? 'dragging' : '',
                dropIndex === index && dragging !== server.id ? 'drop-target' : '',
              ].join(' ')}
              onDragOver={(event) => {
                if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
                setDropIndex(index);
              }}
              onDragLeave={() => setDropIndex((current) => (current === index ? null : current))}
              onDrop={(event) => onDrop(event, index)}
            >
              <button
                type="button"
                draggable
                className={`server-item env-stripe-${server.environment ?? 'none'}`}
                aria-current={server.id === selected && !fleetOpen ? 'page' : undefined}
                aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                onClick={() =>
                  navigate({
                    serverId: server.id,
                    panel: server.id === selected ? panel : 'timeouts',
                  })
                }
                onKeyDown={(event) => onKey(event, server.id, index)}
                onDragStart={(event) => {
                  event.dataTransfer.setData(DRAG_TYPE, server.id);
                  event.dataTransfer.effectAllowed = 'move';
                  setDragging(server.id);
                }}
                onDragEnd={() => {
                  setDragging(null);
                  setDropIndex(null);
                }}
              >
                <span className="server-name">
                  <bdi data-i18n="data">{server.name}</bdi>
                  {server.mutedUntil ? (
                    <span
                      className="muted-icon"
                      title={t.t('app.sidebar.muted')}
                      data-testid="server-muted"
                    >
                      <span aria-hidden="true">{t.t('app.sidebar.mutedGlyph')}</span>
                      <span className="visually-hidden">{t.t('app.sidebar.mutedNote')}</span>
                    </span>
                  ) : null}
                </span>
                <span className="server-meta">
                  {server.environment ? (
                    <span className={`env-dot env-${server.environment}`}>
                      {environmentLabel(t, server.environment)}
                    </span>
                  ) : null}
                  <span
                    className={`state state-${state} ${isTroubleState(state) ? 'trouble' : ''}`}
                    data-testid="server-state"
                  >
                    {stateLabel(t, state)}
                  </span>
                </span>
                {unread > 0 ? (
                  <span className="unread">
                    <span aria-hidden="true">{t.number(unread)}</span>
                    <span className="visually-hidden">
                      {t.t('app.sidebar.unread', { count: unread })}
                    </span>
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      {servers.length === 0 ? (
        <p className="muted sidebar-empty">{t.t('app.sidebar.empty')}</p>
      ) : null}
      {servers.length > 0 && shown.length === 0 ? (
        <p className="muted sidebar-empty">{t.t('app.sidebar.noMatch', { query: query.trim() })}</p>
      ) : null}
      {servers.length > 1 ? <p className="muted sidebar-hint">{t.t('app.sidebar.hint')}</p> : null}
      <p className="visually-hidden" role="status" data-testid="announcement">
        {announcement}
      </p>
      <LanguagePicker />
    </nav>
  );
}
