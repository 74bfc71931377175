/**
 * The list of an activity window, shared by a server's Activity tab and the fleet's: the
 * filters (types, actor), the events newest first (with their server in the fleet's), and
 * the way to older events and back to the newest.
 */

import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ServerEvent } from '../../src-shared/activity';
import { EVENT_TYPES } from '../../src-shared/quickbox';
import { EnvironmentTag } from '../components/environment-tag';
import { ErrorMessage } from '../components/error-message';
import { useT } from '../i18n/translator-context';
import type { ActivityScope } from '../state/activity-slice';
import {
  actorsOf,
  filterEntries,
  hasOlder,
  toggleType,
  type ActivityFilter,
  type ActivityWindow,
} from '../state/activity-window';
import { useApp } from '../store-context';
import { describeEvent, eventTypeLabel } from './activity-labels';

/** An event's time as the list shows it: day, month and time ("7 Dec, 14:05"). */
const WHEN: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
};
import './activity.css';

function Filters({
  scope,
  filter,
  actors,
}: {
  scope: ActivityScope;
  filter: ActivityFilter;
  actors: string[];
}) {
  const t = useT();
  const setFilter = useApp((state) => state.setActivityFilter);
  const actorId = useId();
  return (
    <div className="activity-filters">
      <fieldset className="activity-types">
        <legend>{t.t('app.activity.show')}</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="activity-type">
            <input
              type="checkbox"
              checked={!filter.hidden.includes(type)}
              onChange={() => setFilter(scope, toggleType(filter, type))}
            />
            {eventTypeLabel(t, type)}
          </label>
        ))}
      </fieldset>
      <div className="activity-actor">
        <label htmlFor={actorId}>{t.t('app.activity.by')}</label>
        <select
          id={actorId}
          value={filter.actor ?? ''}
          onChange={(event) =>
            setFilter(scope, {
              ...filter,
              actor: event.target.value === '' ? null : event.target.value,
            })
          }
        >
          <option value="">{t.t('app.activity.anyone')}</option>
          {actors.map((actor) => (
            <option key={actor} value={actor}>
              {actor}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function ServerCell({ serverId }: { serverId: string }) {
  const t = useT();
  const server = useApp((state) => state.servers.find((each) => each.id === serverId));
  return (
    <td className="activity-server">
      {server ? (
        <span className="activity-server-name">
          <bdi>{server.name}</bdi>
          <EnvironmentTag environment={server.environment} />
        </span>
      ) : (
        t.t('app.activity.removedServer')
      )}
    </td>
  );
}

function Row({ entry, showServer }: { entry: ServerEvent; showServer: boolean }) {
  const t = useT();
  const { event } = entry;
  return (
    <tr data-event-type={event.type} data-event-id={event.id}>
      <td className="activity-when">
        <time dateTime={event.at}>{t.dateTime(event.at, WHEN)}</time>
      </td>
      {showServer ? <ServerCell serverId={entry.serverId} /> : null}
      <td className="activity-what">{describeEvent(t, event)}</td>
      <td className="activity-who">
        <bdi>{event.actor}</bdi>
      </td>
    </tr>
  );
}

/** Props of an activity list. */
export interface ActivityListProps {
  scope: ActivityScope;
  window: ActivityWindow;
  filter: ActivityFilter;
  /** The servers the window covers (the fleet's: every listed server). */
  serverIds: readonly string[];
  /** Name each event's server (the fleet's list). */
  showServer: boolean;
  caption: string;
}

/** The filters, the events and the paging of one window. */
export function ActivityList({
  scope,
  window,
  filter,
  serverIds,
  showServer,
  caption,
}: ActivityListProps) {
  const t = useT();
  const [loadOlder, loadNewest] = useApp(
    useShallow((state) => [state.loadOlderActivity, state.loadNewestActivity]),
  );
  const shown = filterEntries(window.entries, filter);
  const older = hasOlder(window, serverIds);
  const oldest = window.entries.at(-1);
  const loading = window.status === 'loading';
  return (
    <div className="activity" data-testid="activity">
      <Filters scope={scope} filter={filter} actors={actorsOf(window.entries, filter.actor)} />
      {window.detached ? (
        <div className="banner banner-info activity-detached" role="status">
          <p>
            {window.missed > 0
              ? t.t('app.activity.olderShownMissed', { count: window.missed })
              : t.t('app.activity.olderShown')}
          </p>
          <button type="button" className="small" onClick={() => void loadNewest(scope)}>
            {t.t('app.activity.backToNewest')}
          </button>
        </div>
      ) : null}
      {window.failures.map((failure) => (
        <p key={failure.serverId} className="banner banner-warn" data-testid="activity-failure">
          {t.t('app.activity.failure', {
            server: failure.serverName,
            message: failure.error.message,
          })}
        </p>
      ))}
      <div className="table-wrap">
        <table className="activity-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.t('app.activity.when')}</th>
              {showServer ? <th scope="col">{t.t('app.activity.server')}</th> : null}
              <th scope="col">{t.t('app.activity.what')}</th>
              <th scope="col">{t.t('app.activity.by')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <Row
                key={`${entry.serverId}/${entry.event.id}`}
                entry={entry}
                showServer={showServer}
              />
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && !loading ? (
        <p className="empty-table muted">
          {window.entries.length === 0 ? t.t('app.activity.noEvents') : t.t('app.activity.noMatch')}
        </p>
      ) : null}
      {window.error ? (
        <ErrorMessage error={window.error} compact>
          <button
            type="button"
            className="small"
            onClick={() => void (window.loaded ? loadOlder(scope) : loadNewest(scope))}
          >
            {t.t('app.activity.tryAgain')}
          </button>
        </ErrorMessage>
      ) : null}
      <div className="activity-footer">
        <p className="muted" role="status" data-testid="activity-status">
          {loading
            ? t.t('app.activity.reading')
            : oldest
              ? t.t('app.activity.shown', {
                  count: shown.length,
                  oldest: t.dateTime(oldest.event.at, WHEN),
                  kept: older ? 'some' : showServer ? 'servers' : 'server',
                })
              : ''}
        </p>
        {older ? (
          <button type="button" disabled={loading} onClick={() => void loadOlder(scope)}>
            {t.t('app.activity.loadOlder')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
