/**
 * Operations: the active sessions (sortable, filterable by user), revoking one, and the
 * way to the invalidate-all dialog.
 */

import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ActiveSession } from '../../src-shared/quickbox';
import { ErrorMessage } from '../components/error-message';
import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import { useT } from '../i18n/translator-context';
import { localTime } from '../labels';
import { filterSessions, nextSort, sortSessions, type SessionSortKey } from '../state/sessions';
import { selectSelectedServer, useApp } from '../store-context';

const COLUMNS: { key: SessionSortKey; label: WindowMessageId }[] = [
  { key: 'username', label: 'app.ops.column.user' },
  { key: 'ip', label: 'app.ops.column.address' },
  { key: 'userAgent', label: 'app.ops.column.client' },
  { key: 'createdAt', label: 'app.ops.column.started' },
  { key: 'lastSeenAt', label: 'app.ops.column.lastSeen' },
  { key: 'expiresAt', label: 'app.ops.column.expires' },
  { key: 'rememberMe', label: 'app.ops.column.remembered' },
];

/** The mark after a sorted column's name (a glyph, not a word). */
const SORT_MARK = { ascending: '▲', descending: '▼' } as const;

function SessionRow({ session, canUpdate }: { session: ActiveSession; canUpdate: boolean }) {
  const t = useT();
  const openDialog = useApp((state) => state.openDialog);
  return (
    <tr data-session-id={session.id}>
      <td>
        <span data-i18n="data">
          <bdi>{session.username}</bdi>
        </span>
        {session.current ? <span className="tag tag-you">{t.t('app.ops.thisApp')}</span> : null}
      </td>
      <td className="mono" data-i18n="data">
        {session.ip}
      </td>
      <td className="client" title={session.userAgent} data-i18n="data">
        <bdi>{session.userAgent}</bdi>
      </td>
      <td>{localTime(t, session.createdAt)}</td>
      <td>{localTime(t, session.lastSeenAt)}</td>
      <td>{localTime(t, session.expiresAt)}</td>
      <td>{t.t('app.ops.remembered', { value: session.rememberMe ? 'yes' : 'no' })}</td>
      <td className="actions">
        <button
          type="button"
          className="small"
          disabled={!canUpdate}
          aria-label={t.t('app.ops.revokeLabel', { user: session.username, ip: session.ip })}
          onClick={() => openDialog({ kind: 'revoke-session', session })}
        >
          {t.t('app.ops.revoke')}
        </button>
      </td>
    </tr>
  );
}

/** The Operations panel. */
export function OperationsPanel() {
  const t = useT();
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
          {t.rich('app.ops.readOnly', {
            permission: 'admin.settings.update',
            b: (parts) => <strong key="b">{parts}</strong>,
            code: (parts) => (
              <code key="code" data-i18n="data">
                {parts}
              </code>
            ),
          })}
        </div>
      ) : null}
      <section className="card danger-zone" aria-labelledby="ops-invalidate">
        <div className="danger-text">
          <h3 id="ops-invalidate" className="card-title">
            {t.t('app.ops.invalidateTitle')}
          </h3>
          <p>
            {t.rich('app.ops.invalidateText', {
              server: server.name,
              count: total,
              srv: (parts) => (
                <bdi key="srv" data-i18n="data">
                  {parts}
                </bdi>
              ),
            })}
          </p>
        </div>
        <button
          type="button"
          className="danger"
          disabled={!canUpdate}
          onClick={() => openDialog({ kind: 'invalidate-all' })}
        >
          {t.t('app.ops.invalidateButton')}
        </button>
      </section>
      <section className="card" aria-labelledby="ops-sessions">
        <div className="card-head">
          <h3 id="ops-sessions" className="card-title">
            {t.rich('app.ops.activeTitle', {
              loading: sessions.loading ? 'yes' : 'no',
              count: total,
              n: (parts) => (
                <span key="n" className="count">
                  {parts}
                </span>
              ),
            })}
          </h3>
          <div className="toolbar">
            <label htmlFor="session-filter" className="visually-hidden">
              {t.t('app.ops.filter')}
            </label>
            <input
              id="session-filter"
              type="search"
              placeholder={t.t('app.ops.filter')}
              value={sessions.filter}
              onChange={(event) => setFilter(event.target.value)}
            />
            <button type="button" onClick={() => void loadSessions()} disabled={sessions.loading}>
              {t.t('app.ops.refresh')}
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
                        {t.t(column.label)}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted ? SORT_MARK[sessions.sort.direction] : null}
                        </span>
                      </button>
                    </th>
                  );
                })}
                <th scope="col">
                  <span className="visually-hidden">{t.t('app.ops.actions')}</span>
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
              ? t.t('app.ops.noneMatching', { filter: sessions.filter })
              : t.t('app.ops.none')}
          </p>
        ) : null}
        {sessions.nextCursor ? (
          <button type="button" onClick={() => void loadMore()} disabled={sessions.loading}>
            {t.t('app.ops.loadMore')}
          </button>
        ) : null}
      </section>
    </div>
  );
}
