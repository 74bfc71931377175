/**
 * Where the window goes, as pure decisions: which server stays selected when the list
 * changes, and whether leaving a server or a panel would drop unsaved changes.
 */

import type { PanelId, ServerView } from '../../src-shared/domain';
import type { SettingsField } from '../../src-shared/settings';
import { dirtyFields, dirtyFieldsOfPanel, type EditorState } from './editor';

/** A server and one of its panels. */
export interface NavigationTarget {
  serverId: string;
  panel: PanelId;
}

/** What leaving the current place means for the draft. */
export type LeaveDecision =
  | { kind: 'go' }
  | { kind: 'confirm-server'; fields: SettingsField[] }
  | { kind: 'confirm-panel'; fields: SettingsField[] };

/**
 * Whether going to `target` needs the admin's confirmation: leaving a server drops its whole
 * draft; leaving a panel drops the unsaved changes made in that panel.
 */
export function leaveDecision(
  editor: EditorState,
  currentServerId: string | null,
  currentPanel: PanelId,
  target: NavigationTarget,
): LeaveDecision {
  if (currentServerId === null || editor.serverId !== currentServerId) return { kind: 'go' };
  if (target.serverId !== currentServerId) {
    const fields = dirtyFields(editor);
    return fields.length > 0 ? { kind: 'confirm-server', fields } : { kind: 'go' };
  }
  if (target.panel === currentPanel) return { kind: 'go' };
  const fields = dirtyFieldsOfPanel(editor, currentPanel);
  return fields.length > 0 ? { kind: 'confirm-panel', fields } : { kind: 'go' };
}

/** The server to show after the list changed: the same one if it is still there, else the first. */
export function pickSelection(
  servers: readonly ServerView[],
  current: string | null,
): string | null {
  if (current !== null && servers.some((server) => server.id === current)) return current;
  return servers[0]?.id ?? null;
}
