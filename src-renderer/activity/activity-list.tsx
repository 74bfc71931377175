/**
 * The list of an activity window, shared by a server's Activity tab and the fleet's: the
 * filters (types, actor), the events newest first (with their server in the fleet's), and
 * the way to older events and back to the newest.
 */

import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ServerEvent } from '../../src-shared/activity';
import { EVENT_TYPES } from '../../src-shared/quickbox';
import { plural } from '../../src-shared/plural';
import { EnvironmentTag } from '../components/environment-tag';
import { ErrorMessage } from '../components/error-message';
import { formatTime } from '../labels';
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
import { describeEvent, EVENT_TYPE_LABELS } from './activity-labels';
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
  const setFilter = useApp((state) => state.setActivityFilter);
  const actorId = useId();
  return (
    <div className="activity-filters">
      <fieldset className="activity-types">
        <legend>Show</legend>
        {EVENT_TYPES.map((type) => (
          <label key={type} className="activity-type">
            <input
              type="checkbox"
              checked={!filter.hidden.includes(type)}
              onChange={() => setFilter(scope, toggleType(filter, type))}
            />
            {EVENT_TYPE_LABELS[type]}
          </label>
        ))}
      </fieldset>
      <div className="activity-actor">
        <label htmlFor={actorId}>By</label>
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
          <option value="">Anyone</option>
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
  const server = useApp((state) => state.servers.find((each) => each.id === serverId));
  return (
    <td className="activity-server">
      {server ? <bdi>{server.name}</bdi> : 'Removed server'}{' '}
      {server ? <EnvironmentTag environment={server.environment} /> : null}
    </td>
  );
}

function Row({ entry, showServer }: { entry: ServerEvent; showServer: boolean }) {
  const { event } = entry;
  return (
    <tr data-event-type={event.type} data-event-id={event.id}>
      <td className="activity-when">
        <time dateTime={event.at}>{formatTime(event.at)}</time>
      </td>
      {showServer ? <ServerCell serverId={entry.serverId} /> : null}
      <td className="activity-what">{describeEvent(event)}</td>
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
            Older events are shown.
            {window.missed > 0 ? ` ${plural(window.missed, 'newer event')} since.` : ''}
          </p>
          <button type="button" className="small" onClick={() => void loadNewest(scope)}>
            Back to the newest
          </button>
        </div>
      ) : null}
      {window.failures.map((failure) => (
        <p key={failure.serverId} className="banner banner-warn" data-testid="activity-failure">
          {failure.serverName} could not be read: {failure.error.message}
        </p>
      ))}
      <div className="table-wrap">
        <table className="activity-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              {showServer ? <th scope="col">Server</th> : null}
              <th scope="col">What happened</th>
              <th scope="col">By</th>
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
          {window.entries.length === 0
            ? 'No events yet.'
            : 'No event held matches the filters. Older events may.'}
        </p>
      ) : null}
      {window.error ? (
        <ErrorMessage error={window.error} compact>
          <button
            type="button"
            className="small"
            onClick={() => void (window.loaded ? loadOlder(scope) : loadNewest(scope))}
          >
            Try again
          </button>
        </ErrorMessage>
      ) : null}
      <div className="activity-footer">
        <p className="muted" role="status" data-testid="activity-status">
          {loading
            ? 'Reading events…'
            : oldest
              ? `${plural(shown.length, 'event')} shown, back to ${formatTime(oldest.event.at)}${older ? '' : showServer ? ' (all the servers keep)' : ' (all the server keeps)'}.`
              : ''}
        </p>
        {older ? (
          <button type="button" disabled={loading} onClick={() => void loadOlder(scope)}>
            Load older events
          </button>
        ) : null}
      </div>
    </div>
  );
}
