/**
 * The list of servers: name, environment colour, state and unread mass logouts.
 */

import { ENVIRONMENT_LABELS, STATE_LABELS, isTroubleState, plural } from '../labels';
import { useApp } from '../store-context';

/** The sidebar. */
export function Sidebar() {
  const servers = useApp((state) => state.servers);
  const selected = useApp((state) => state.selectedServerId);
  const panel = useApp((state) => state.panel);
  const navigate = useApp((state) => state.navigate);
  const openDialog = useApp((state) => state.openDialog);
  return (
    <nav className="sidebar" aria-label="Servers">
      <div className="sidebar-head">
        <h1 className="app-title">Servers</h1>
        <button type="button" className="small" onClick={() => openDialog({ kind: 'add-server' })}>
          Add server…
        </button>
      </div>
      <ul className="server-list">
        {servers.map((server) => {
          const state = server.status.state;
          const unread = server.status.unreadMassLogouts;
          return (
            <li key={server.id}>
              <button
                type="button"
                className={`server-item env-stripe-${server.environment ?? 'none'}`}
                aria-current={server.id === selected ? 'page' : undefined}
                onClick={() =>
                  navigate({
                    serverId: server.id,
                    panel: server.id === selected ? panel : 'timeouts',
                  })
                }
              >
                <span className="server-name">{server.name}</span>
                <span className="server-meta">
                  {server.environment ? (
                    <span className={`env-dot env-${server.environment}`}>
                      {ENVIRONMENT_LABELS[server.environment]}
                    </span>
                  ) : null}
                  <span
                    className={`state state-${state} ${isTroubleState(state) ? 'trouble' : ''}`}
                    data-testid="server-state"
                  >
                    {STATE_LABELS[state]}
                  </span>
                </span>
                {unread > 0 ? (
                  <span className="unread">
                    <span aria-hidden="true">{unread}</span>
                    <span className="visually-hidden">{plural(unread, 'unread mass logout')}</span>
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      {servers.length === 0 ? <p className="muted sidebar-empty">No servers yet.</p> : null}
    </nav>
  );
}
