/**
 * A server's Activity tab: every event of its feed, newest first, live, filterable, with
 * older events read page by page.
 */

import { useEffect } from 'react';
import { useT } from '../i18n/translator-context';
import { EMPTY_WINDOW } from '../state/activity-window';
import { selectSelectedServer, useApp } from '../store-context';
import { ActivityList } from './activity-list';

/** The Activity panel of the selected server. */
export function ActivityPanel() {
  const t = useT();
  const server = useApp(selectSelectedServer);
  const serverId = server?.id;
  const window = useApp((state) =>
    serverId ? (state.activity.servers.windows[serverId] ?? EMPTY_WINDOW) : EMPTY_WINDOW,
  );
  const filter = useApp((state) => state.activity.filters.server);
  const openActivity = useApp((state) => state.openActivity);
  useEffect(() => {
    if (serverId) void openActivity({ serverId });
  }, [serverId, openActivity]);
  if (!server) return null;
  return (
    <div className="panel-body">
      <section className="card" aria-labelledby="activity-title">
        <h3 className="card-title" id="activity-title">
          {t.t('app.activity.title')}
        </h3>
        <p className="muted">
          {t.rich('app.activity.intro', {
            server: server.name,
            bdi: (parts) => <bdi key="server">{parts}</bdi>,
          })}
        </p>
        <ActivityList
          scope={{ serverId: server.id }}
          window={window}
          filter={filter}
          serverIds={[server.id]}
          showServer={false}
          caption={t.t('app.activity.caption', { server: server.name })}
        />
      </section>
    </div>
  );
}
