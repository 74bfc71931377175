/**
 * The fleet view's Activity tab: the events of every server merged newest first, each
 * naming its server with its environment, live, filterable, with older events read page
 * by page.
 */

import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../i18n/translator-context';
import { useApp } from '../store-context';
import { ActivityList } from './activity-list';

/** The fleet-wide activity. */
export function FleetActivity() {
  const t = useT();
  const window = useApp((state) => state.activity.fleet);
  const filter = useApp((state) => state.activity.filters.fleet);
  const serverIds = useApp(useShallow((state) => state.servers.map((server) => server.id)));
  const openActivity = useApp((state) => state.openActivity);
  useEffect(() => {
    void openActivity('fleet');
  }, [openActivity]);
  return (
    <section className="fleet-activity" aria-label={t.t('fleet.activity.caption')}>
      <p className="muted">{t.t('fleet.activity.intro')}</p>
      <ActivityList
        scope="fleet"
        window={window}
        filter={filter}
        serverIds={serverIds}
        showServer
        caption={t.t('fleet.activity.caption')}
      />
    </section>
  );
}
