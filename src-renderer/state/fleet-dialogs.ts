/**
 * The fleet's dialogs, as the navigation slice's one open dialog: compare, plan and apply,
 * the profile dialogs, the import preview, and a server's drift.
 */

/** A fleet dialog and what it is about. */
export type FleetDialogState =
  | { kind: 'fleet-compare'; serverIds: string[] }
  | { kind: 'fleet-plan' }
  | { kind: 'profile-create'; serverId: string | null }
  | { kind: 'profile-rename'; profileId: string }
  | { kind: 'profile-duplicate'; profileId: string }
  | { kind: 'profile-delete'; profileId: string }
  | { kind: 'fleet-import'; fileName: string; json: string }
  | { kind: 'fleet-drift'; serverId: string };

/** The most servers Compare puts side by side. */
export const COMPARE_LIMIT = 8;
