/**
 * The drift of one server (from the fleet table's row or the server page): its drifted
 * fields with a verdict each, and its history.
 */

import { Dialog } from '../components/dialog';
import { isDrifted } from '../state/drift';
import { useApp } from '../store-context';
import { DriftDetails } from './drift-details';

/** The drift dialog of a server. */
export function DriftDialog({ serverId }: { serverId: string }) {
  const drift = useApp((state) => state.drift.servers[serverId]);
  const server = useApp((state) => state.servers.find((candidate) => candidate.id === serverId));
  const readAt = useApp((state) => state.drift.readAt);
  const closeDialog = useApp((state) => state.closeDialog);
  if (!drift || !server) return null;
  const title = isDrifted(drift, readAt)
    ? `${server.name} drifted from ${drift.profileName}`
    : `${server.name} follows ${drift.profileName}`;
  return (
    <Dialog title={title} onClose={closeDialog} className="dialog-wide" testId="drift-dialog">
      <DriftDetails drift={drift} />
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={closeDialog}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
