/**
 * The drift of one server (from the fleet table's row or the server page): its drifted
 * fields with a verdict each, and its history.
 */

import { Dialog } from '../components/dialog';
import { useT } from '../i18n/translator-context';
import { isDrifted } from '../state/drift';
import { useApp } from '../store-context';
import { DriftDetails } from './drift-details';

/** The drift dialog of a server. */
export function DriftDialog({ serverId }: { serverId: string }) {
  const t = useT();
  const drift = useApp((state) => state.drift.servers[serverId]);
  const server = useApp((state) => state.servers.find((candidate) => candidate.id === serverId));
  const readAt = useApp((state) => state.drift.readAt);
  const closeDialog = useApp((state) => state.closeDialog);
  if (!drift || !server) return null;
  const title = isDrifted(drift, readAt)
    ? t.t('fleet.drift.titleDrifted', { server: server.name, profile: drift.profileName })
    : t.t('fleet.drift.titleFollows', { server: server.name, profile: drift.profileName });
  return (
    <Dialog title={title} onClose={closeDialog} className="dialog-wide" testId="drift-dialog">
      <DriftDetails drift={drift} />
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={closeDialog}>
          {t.t('fleet.apply.close')}
        </button>
      </div>
    </Dialog>
  );
}
