/**
 * Operations: the active sessions (sortable, filterable by user), revoking one, and the
 * way to the invalidate-all dialog.
 */

import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ActiveSession } from '../../src-shared/quickbox';
import { ErrorMessage } from '../components/error-message';
import { plural } from '../../src-shared/plural';
import { formatTime } from '../labels';
import { filterSessions, nextSort, sortSessions, type SessionSortKey } from '../state/sessions';
import { selectSelectedServer, useApp } from '../store-context';

const COLUMNS: { key: SessionSortKey; label: string }[] = [
  { key: 'username', label: 'User' },
  { key: 'ip', label: 'Address' },
  { key: 'userAgent', label: 'Client' },
  { key: 'createdAt', label: 'Started' },
  { key: 'lastSeenAt', label: 'Last seen' },
  { key: 'expiresAt', label: 'Expires' },
  { key: 'rememberMe', label: 'Remembered' },
];

function SessionRow({ session, canUpdate }: { session: ActiveSession; canUpdate: boolean }) {
  const openDialog = useApp((state) => state.openDialog);
  return (
    <tr data-session-id={session.id}>
      <td>
        <bdi>{session.username}</bdi>
        {session.current ? <span className="tag tag-you">this app</span> : null}
      </td>
      <td className="mono">{session.ip}</td>
      <td className="client" title={session.userAgent}>
        <bdi>{session.userAgent}</bdi>
      </td>
      <td>{formatTime(session.createdAt)}</td>
      <td>{formatTime(session.lastSeenAt)}</td>
      <td>{formatTime(session.expiresAt)}</td>
      <td>{session.rememberMe ? 'Yes' : 'No'}</td>
      <td className="actions">
        <button
          type="button"
          className="small"
          disabled={!canUpdate}
          aria-label={`Revoke ${session.username}’s session from ${session.ip}`}
          onClick={() => openDialog({ kind: 'revoke-session', session })}
        >
          Revoke…
        </button>
      </td>
    </tr>
  );
}

/** The Operations panel. */
export function OperationsPanel() {
  const server = useApp(selectSelectedServer);
  const sessions = useApp(useShallow((state) => state.sessions));
  const markRead = useApp((state) => state.markRead);
  const loadSessions = useApp((state) => state.loadSessions);
  const loadMore = useApp((state) => state.loadMoreSessions);
  const setFilter = useApp((state) => state.setSessionFilter);
  const setSort = useApp((state) => state.setSessionSort);
  const openDialog = useApp((state) => state.openDialog);
  const serverId = server?.id;
  const unread = server?.status.unreadMassLogouts ?? 0;
  // Showing this panel is reading the server's mass logouts; nothing else marks them read.
  useEffect(() => {
    if (serverId && unread > 0) void markRead(serverId);
  }, [serverId, unread, markRead]);
  if (!server) return null;
  // The server's state says what its credentials may do, from its last connection test
  // or call: this panel does not depend on the settings editor having loaded.
  const canUpdate = server.status.state === 'connected';
  const readOnly = server.status.state === 'read_only';
  const shown = sortSessions(filterSessions(sessions.list, sessions.filter), sessions.sort);
  const total = sessions.summary?.active ?? sessions.list.length;
  return (
    <div className="panel-body">
      {readOnly ? (
        <div className="banner banner-info" role="note">
          <strong>Read-only.</strong> Revoking sessions needs the permission{' '}
          <code>admin.settings.update</code>, which these credentials lack.
        </div>
      ) : null}
      <section className="card danger-zone" aria-labelledby="ops-invalidate">
        <div className="danger-text">
          <h3 id="ops-invalidate" className="card-title">
            Invalidate all sessions
          </h3>
          <p>
            Ends every active session on <bdi>{server.name}</bdi> ({plural(total, 'session')}),
            yours included. Local API keys keep working.
          </p>
        </div>
        <button
          type="button"
          className="danger"
          disabled={!canUpdate}
          onClick={() => openDialog({ kind: 'invalidate-all' })}
        >
          Invalidate all sessions…
        </button>
      </section>
      <section className="card" aria-labelledby="ops-sessions">
        <div className="card-head">
          <h3 id="ops-sessions" className="card-title">
            Active sessions <span className="count">{sessions.loading ? '…' : total}</span>
          </h3>
          <div className="toolbar">
            <label htmlFor="session-filter" className="visually-hidden">
              Filter by user
            </label>
            <input
              id="session-filter"
              type="search"
              placeholder="Filter by user"
              value={sessions.filter}
              onChange={(event) => setFilter(event.target.value)}
            />
            <button type="button" onClick={() => void loadSessions()} disabled={sessions.loading}>
              Refresh
            </button>
          </div>
        </div>
        {sessions.error ? <ErrorMessage error={sessions.error} compact /> : null}
        <div className="table-wrap">
          <table className="sessions" aria-labelledby="ops-sessions" aria-busy={sessions.loading}>
            <thead>
              <tr>
                {COLUMNS.map((column) => {
                  const sorted = sessions.sort.key === column.key;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      aria-sort={sorted ? sessions.sort.direction : 'none'}
                    >
                      <button
                        type="button"
                        className="sort"
                        onClick={() => setSort(nextSort(sessions.sort, column.key))}
                      >
                        {column.label}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted ? (sessions.sort.direction === 'ascending' ? '▲' : '▼') : ''}
                        </span>
                      </button>
                    </th>
                  );
                })}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((session) => (
                <SessionRow key={session.id} session={session} canUpdate={canUpdate} />
              ))}
            </tbody>
          </table>
        </div>
        {shown.length === 0 && !sessions.loading ? (
          <p className="muted empty-table">
            {sessions.filter
              ? `No active session of a user matching “${sessions.filter}”.`
              : 'No active sessions.'}
          </p>
        ) : null}
        {sessions.nextCursor ? (
          <button type="button" onClick={() => void loadMore()} disabled={sessions.loading}>
            Load more sessions
          </button>
        ) : null}
      </section>
    </div>
  );
}
