/**
 * Concurrency: the per-user session limit, and who is above the proposed limit right now.
 */

import { Card } from '../components/card';
import { NumberField } from '../components/fields';
import { agree, plural } from '../../src-shared/plural';
import { usersAboveLimit } from '../state/sessions';
import { useApp } from '../store-context';
import { SettingsFrame } from './settings-frame';

function UsersAbove({ limit }: { limit: number }) {
  const summary = useApp((state) => state.sessions.summary);
  const loading = useApp((state) => state.sessions.loading);
  const error = useApp((state) => state.sessions.error);
  if (!summary) {
    return (
      <p className="muted" role="status">
        {loading
          ? 'Counting active sessions…'
          : error
            ? 'The active sessions could not be counted.'
            : ''}
      </p>
    );
  }
  const above = usersAboveLimit(summary, limit);
  return (
    <div role="status" data-testid="users-above">
      <p>
        {plural(summary.active, 'active session')} across {plural(summary.byUser.length, 'user')}{' '}
        right now.
      </p>
      {above.users.length === 0 ? (
        <p className="ok-note">
          Nobody has more than {plural(limit, 'session')}: this limit ends no one’s session.
        </p>
      ) : (
        <>
          <p>
            <strong>
              {plural(above.users.length, 'user')} {agree(above.users.length, 'is', 'are')} above{' '}
              {limit}
            </strong>{' '}
            ({plural(above.sessionsOver, 'session')} over). They keep their sessions until their
            next login; then their oldest sessions end until they are within the limit.
          </p>
          <ul className="users-above">
            {above.users.map((user) => (
              <li key={user.username}>
                <span className="user-name">
                  <bdi>{user.username}</bdi>
                </span>{' '}
                {plural(user.count, 'session')}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The per-user limit's card, for a server's draft or a profile's. */
export function SessionLimitCard() {
  return (
    <Card id="concurrency-limit" title="Sessions per user">
      <NumberField
        field="concurrency.maxSessionsPerUser"
        unit="sessions"
        hint="A login beyond this limit ends the user’s oldest session."
      />
    </Card>
  );
}

/** The Concurrency panel. */
export function ConcurrencyPanel() {
  return (
    <SettingsFrame>
      {(draft) => (
        <div className="panel-body">
          <SessionLimitCard />
          <Card id="concurrency-now" title="Who this affects now">
            <UsersAbove limit={draft.concurrency.maxSessionsPerUser} />
          </Card>
        </div>
      )}
    </SettingsFrame>
  );
}
