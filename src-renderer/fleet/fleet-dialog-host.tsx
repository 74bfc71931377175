/**
 * Shows the open fleet dialog (compare, plan and apply, a profile dialog, an import, a
 * server's drift).
 */

import type { FleetDialogState } from '../state/fleet-dialogs';
import { useApp } from '../store-context';
import { CompareDialog } from './compare-dialog';
import { DriftDialog } from './drift-dialog';
import { ImportDialog } from './import-dialog';
import { PlanDialog } from './plan-dialog';
import {
  CreateProfileDialog,
  DeleteProfileDialog,
  DuplicateProfileDialog,
  RenameProfileDialog,
} from './profile-dialogs';

/** The fleet dialog `dialog` stands for. */
export function FleetDialogHost({ dialog }: { dialog: FleetDialogState }) {
  const profiles = useApp((state) => state.profiles);
  const profile =
    'profileId' in dialog
      ? profiles.find((candidate) => candidate.id === dialog.profileId)
      : undefined;
  switch (dialog.kind) {
    case 'fleet-compare':
      return <CompareDialog serverIds={dialog.serverIds} />;
    case 'fleet-plan':
      return <PlanDialog />;
    case 'fleet-import':
      return <ImportDialog fileName={dialog.fileName} json={dialog.json} />;
    case 'fleet-drift':
      return <DriftDialog serverId={dialog.serverId} />;
    case 'profile-create':
      return <CreateProfileDialog serverId={dialog.serverId} />;
    case 'profile-rename':
      return profile ? <RenameProfileDialog key={profile.id} profile={profile} /> : null;
    case 'profile-duplicate':
      return profile ? <DuplicateProfileDialog key={profile.id} profile={profile} /> : null;
    case 'profile-delete':
      return profile ? <DeleteProfileDialog profile={profile} /> : null;
  }
}
