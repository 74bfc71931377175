/**
 * Comparing and combining whole settings across servers and profiles: the cells of the fleet
 * table that differ from a reference, a plan's diff per target, the values a plan sends, and
 * how far a server has drifted from its profile. One home for these rules, so that the
 * table, the plan and drift agree on what "differs" means.
 */

import {
  SETTINGS_FIELDS,
  getField,
  pickSettings,
  setField,
  type SessionSettings,
  type SettingsField,
} from './settings';
import { fieldsOf, type SettingsSection } from './settings-sections';

/** A leaf value of the settings. */
export type SettingsValue = number | boolean | string;

/** One field's value before and after (a plan's diff, a drift, an import's replacement). */
export interface FieldChange {
  field: SettingsField;
  from: SettingsValue;
  to: SettingsValue;
}

/** Each field (of `fields`, default all) whose value differs, from `before` to `after`. */
export function diffSettings(
  before: SessionSettings,
  after: SessionSettings,
  fields: readonly SettingsField[] = SETTINGS_FIELDS,
): FieldChange[] {
  return fields
    .filter((field) => getField(before, field) !== getField(after, field))
    .map((field) => ({ field, from: getField(before, field), to: getField(after, field) }));
}

/** The fields whose value in `settings` differs from the reference's (a fleet table's marks). */
export function differingFields(
  reference: SessionSettings,
  settings: SessionSettings,
): SettingsField[] {
  return diffSettings(reference, settings).map((change) => change.field);
}

/**
 * How a server's settings differ from its profile, field by field, from the profile's value
 * to the server's; empty when the server matches (drift builds on this).
 */
export function driftOf(profile: SessionSettings, settings: SessionSettings): FieldChange[] {
  return diffSettings(profile, settings);
}

/** `target`'s settings with the given sections taken from `source` (what a plan sends). */
export function mergeSections(
  target: SessionSettings,
  source: SessionSettings,
  sections: readonly SettingsSection[],
): SessionSettings {
  return mergeFields(target, source, fieldsOf(sections));
}

/** `target`'s settings with the given fields taken from `source` (a plan of some fields). */
export function mergeFields(
  target: SessionSettings,
  source: SessionSettings,
  fields: readonly SettingsField[],
): SessionSettings {
  return fields.reduce(
    (merged, field) => setField(merged, field, getField(source, field)),
    pickSettings(target),
  );
}
