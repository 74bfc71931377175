/**
 * Concurrency: the per-user session limit, and who is above the proposed limit right now.
 */

import { Card } from '../components/card';
import { NumberField } from '../components/fields';
import { usersAboveLimit } from '../state/sessions';
import { useApp } from '../store-context';
import { SettingsFrame } from './settings-frame';
import { useT } from '../i18n/translator-context';

function UsersAbove({ limit }: { limit: number }) {
  const t = useT();
  const summary = useApp((state) => state.sessions.summary);
  const loading = useApp((state) => state.sessions.loading);
  const error = useApp((state) => state.sessions.error);
  if (!summary) {
    return (
      <p className="muted" role="status">
        {loading
          ? t.t('app.concurrency.counting')
          : error
            ? t.t('app.concurrency.countFailed')
            : ''}
      </p>
    );
  }
  const above = usersAboveLimit(summary, limit);
  return (
    <div role="status" data-testid="users-above">
      <p>
        {t.t('app.concurrency.now', { sessions: summary.active, users: summary.byUser.length })}
      </p>
      {above.users.length === 0 ? (
        <p className="ok-note">{t.t('app.concurrency.nobodyAbove', { limit })}</p>
      ) : (
        <>
          <p>
            {t.rich('app.concurrency.above', {
              users: above.users.length,
              limit,
              over: above.sessionsOver,
              b: (parts) => <strong key="b">{parts}</strong>,
            })}
          </p>
          <ul className="users-above">
            {above.users.map((user) => (
              <li key={user.username} className="inline-gap">
                <span className="user-name" data-i18n="data">
                  <bdi>{user.username}</bdi>
                </span>
                <span>{t.t('common.count.sessions', { count: user.count })}</span>
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
  const t = useT();
  return (
    <Card id="concurrency-limit" title={t.t('app.concurrency.limit')}>
      <NumberField
        field="concurrency.maxSessionsPerUser"
        unit={t.t('common.unit.sessions')}
        hint={t.t('app.concurrency.limitHint')}
      />
    </Card>
  );
}

/** The Concurrency panel. */
export function ConcurrencyPanel() {
  const t = useT();
  return (
    <SettingsFrame>
      {(draft) => (
        <div className="panel-body">
          <SessionLimitCard />
          <Card id="concurrency-now" title={t.t('app.concurrency.affects')}>
            <UsersAbove limit={draft.concurrency.maxSessionsPerUser} />
          </Card>
        </div>
      )}
    </SettingsFrame>
  );
}
