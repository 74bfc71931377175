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

/**
 * THE diff of two settings: each field (of `fields`, default all, in model order) whose
 * value differs, from `before` to `after`. A save's changed fields, a plan's changes, the
 * fleet table's marks, a read-back's mismatches and drift (src-shared/drift.ts) are all it.
 */
export function diffSettings(
  before: SessionSettings,
  after: SessionSettings,
  fields: readonly SettingsField[] = SETTINGS_FIELDS,
): FieldChange[] {
  return fields
    .filter((field) => getField(before, field) !== getField(after, field))
    .map((field) => ({ field, from: getField(before, field), to: getField(after, field) }));
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
