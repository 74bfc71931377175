/**
 * The words of the activity views, in the language the window is shown in: each event
 * type's name, and a sentence for an event (a settings change names its fields by their
 * labels in FIELD_RULES, listed as the language lists them).
 */

import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import type { QuickBoxEvent, QuickBoxEventType } from '../../src-shared/quickbox';
import { FIELD_RULES, type SettingsField } from '../../src-shared/settings';
import type { WindowTranslator } from '../i18n/translator-context';

/** The filter's name of each event type, as the id of its words. */
const EVENT_TYPE_IDS: Record<QuickBoxEventType, WindowMessageId> = {
  'sessions.invalidated_all': 'app.activity.type.massLogouts',
  'session.revoked': 'app.activity.type.revocations',
  'session.evicted': 'app.activity.type.evictions',
  'settings.updated': 'app.activity.type.settingsChanges',
};

/** The filter's name of an event type. */
export function eventTypeLabel(t: WindowTranslator, type: QuickBoxEventType): string {
  return t.t(EVENT_TYPE_IDS[type]);
}

/** A changed field's label, or its dotted path when this app does not know it. */
export function fieldLabel(path: string): string {
  return path in FIELD_RULES ? FIELD_RULES[path as SettingsField].label : path;
}

/** What happened, as one line. */
export function describeEvent(t: WindowTranslator, event: QuickBoxEvent): string {
  switch (event.type) {
    case 'sessions.invalidated_all':
      return t.t('app.activity.event.massLogout', { count: event.data.invalidated });
    case 'session.revoked':
      return t.t('app.activity.event.revoked', { user: event.data.username });
    case 'session.evicted':
      return t.t('app.activity.event.evicted', { user: event.data.username });
    case 'settings.updated':
      return event.data.changed.length === 0
        ? t.t('app.activity.event.savedUnchanged', { version: event.data.version })
        : t.t('app.activity.event.changed', {
            version: event.data.version,
            fields: t.list(event.data.changed.map(fieldLabel)),
          });
  }
}
