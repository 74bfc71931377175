/**
 * The sections of the settings model (timeouts, persistence, concurrency): their names, the
 * fields of each, and their labels. One home, so the panels, the fleet's plans and columns,
 * drift, the notices and qbsc name and split the settings the same way.
 */

import { SETTINGS_FIELDS, type SessionSettings, type SettingsField } from './settings';

/** A top-level section of the model (the settings panels are named after them). */
export type SettingsSection = keyof SessionSettings;

/** Every section, in model order (the order of the panels and of a plan's sections). */
export const SETTINGS_SECTIONS = [
  'timeouts',
  'persistence',
  'concurrency',
] as const satisfies readonly SettingsSection[];

// A section added to the model without being listed above fails to compile here.
const everySectionListed: Exclude<SettingsSection, (typeof SETTINGS_SECTIONS)[number]> extends never
  ? true
  : never = true;
void everySectionListed;

/** The section a field belongs to. */
export function sectionOf(field: SettingsField): SettingsSection {
  return field.slice(0, field.indexOf('.')) as SettingsSection;
}

/** The fields of each section, in model order (what the panel of that name edits). */
export const SECTION_FIELDS: Readonly<Record<SettingsSection, readonly SettingsField[]>> = (() => {
  const fields = {} as Record<SettingsSection, readonly SettingsField[]>;
  for (const section of SETTINGS_SECTIONS) {
    fields[section] = SETTINGS_FIELDS.filter((field) => sectionOf(field) === section);
  }
  return fields;
})();

/** The fields of the given sections, in model order. */
export function fieldsOf(sections: readonly SettingsSection[]): SettingsField[] {
  return SETTINGS_FIELDS.filter((field) => sections.includes(sectionOf(field)));
}

/** Each section's name as its panel's tab and the fleet's plans and columns show it. */
export const SECTION_LABELS: Readonly<Record<SettingsSection, string>> = {
  timeouts: 'Timeouts',
  persistence: 'Persistence & cookies',
  concurrency: 'Concurrency',
};
