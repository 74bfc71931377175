/**
 * On a server's page: "Drifted from <profile>" with the fields that differ, or, for a
 * server that matches its profile, its accepted exceptions and drift history; either opens
 * the drift dialog, where each field gets its verdict.
 */

import { isAccepted, openFields } from '../state/drift';
import { useApp } from '../store-context';
import { fieldLabel } from './fleet-labels';
import { plural } from '../../src-shared/plural';

/** The drift line of a server's page (nothing for a server that follows no profile). */
export function DriftBanner({ serverId }: { serverId: string }) {
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
      {open.length > 0 ? 'Review the drift…' : 'Drift history…'}
    </button>
  );
  if (open.length === 0) {
    return (
      <div className="banner banner-info drift-banner" data-testid="drift-banner">
        <p>
          Follows {drift.profileName}
          {accepted > 0 ? `, with ${plural(accepted, 'accepted exception')}` : ''}.
        </p>
        {review}
      </div>
    );
  }
  return (
    <div className="banner banner-warn drift-banner" role="status" data-testid="drift-banner">
      <p>
        <strong>Drifted from {drift.profileName}</strong>:{' '}
        {open.map((entry) => fieldLabel(entry.field)).join(', ')}.
      </p>
      {review}
    </div>
  );
}
