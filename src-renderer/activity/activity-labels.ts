/**
 * The words of the activity views: each event type's name, and a sentence for an event
 * (a settings change names its fields by their labels in FIELD_RULES).
 */

import type { QuickBoxEvent, QuickBoxEventType } from '../../src-shared/quickbox';
import { FIELD_RULES, type SettingsField } from '../../src-shared/settings';
import { plural } from '../../src-shared/plural';

/** The filter's name of each event type, in the order the filter lists them. */
export const EVENT_TYPE_LABELS: Record<QuickBoxEventType, string> = {
  'sessions.invalidated_all': 'Mass logouts',
  'session.revoked': 'Revocations',
  'session.evicted': 'Evictions',
  'settings.updated': 'Settings changes',
};

/** A changed field's label, or its dotted path when this app does not know it. */
export function fieldLabel(path: string): string {
  return path in FIELD_RULES ? FIELD_RULES[path as SettingsField].label : path;
}

/** What happened, as one line. */
export function describeEvent(event: QuickBoxEvent): string {
  switch (event.type) {
    case 'sessions.invalidated_all':
      return `Mass logout: ${plural(event.data.invalidated, 'session')} ended`;
    case 'session.revoked':
      return `Revoked a session of ${event.data.username}`;
    case 'session.evicted':
      return `Evicted a session of ${event.data.username} (over the limit per user)`;
    case 'settings.updated':
      return event.data.changed.length === 0
        ? `Settings saved without a change (version ${event.data.version})`
        : `Settings changed (version ${event.data.version}): ${event.data.changed.map(fieldLabel).join(', ')}`;
  }
}
