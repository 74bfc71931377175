/**
 * On a server's page: "Drifted from <profile>" with the fields that differ, or, for a
 * server that matches its profile, its accepted exceptions and drift history; either opens
 * the drift dialog, where each field gets its verdict.
 */

import { isAccepted, openFields } from '../state/drift';
import { useApp } from '../store-context';
import { fieldLabel } from './fleet-labels';
import { useT } from '../i18n/translator-context';

/** The drift line of a server's page (nothing for a server that follows no profile). */
export function DriftBanner({ serverId }: { serverId: string }) {
  const t = useT();
  const drift = useApp((state) => state.drift.servers[serverId]);
  const now = useApp((state) => state.drift.readAt);
  const openDialog = useApp((state) => state.openDialog);
  if (!drift || (drift.fields.length === 0 && drift.history.length === 0)) return null;
  const open = openFields(drift, now);
  const accepted = drift.fields.filter((entry) => isAccepted(entry, now)).length;
  const review = (
    <button
      type="button"
      className="small"
      onClick={() => openDialog({ kind: 'fleet-drift', serverId })}
    >
      {open.length > 0 ? t.t('app.drift.review') : t.t('app.drift.history')}
    </button>
  );
  if (open.length === 0) {
    return (
      <div className="banner banner-info drift-banner" data-testid="drift-banner">
        <p>
          {accepted > 0
            ? t.t('app.drift.followsWithExceptions', { profile: drift.profileName, accepted })
            : t.t('app.drift.follows', { profile: drift.profileName })}
        </p>
        {review}
      </div>
    );
  }
  return (
    <div className="banner banner-warn drift-banner" role="status" data-testid="drift-banner">
      <p>
        {t.rich('app.drift.drifted', {
          profile: drift.profileName,
          fields: t.list(open.map((entry) => fieldLabel(entry.field))),
          strong: (parts) => <strong key="drifted">{parts}</strong>,
        })}
      </p>
      {review}
    </div>
  );
}
