/**
 * `field=value` pairs of `qbsc settings set`, read into the settings model: the dotted names
 * of src-shared/settings.ts, durations in minutes, hours or days as the panels' unit pickers
 * take them (a number, decimals allowed, times the unit, which must come to whole minutes),
 * booleans as true/false (or on/off, yes/no), SameSite as one of its values, the path as text.
 * The values are only read here; the rules (ranges, relations) are validateSettings', applied
 * by core when it saves.
 */

import { amountInMinutes, MINUTES_PER_UNIT, type DurationUnit } from '../src-shared/duration';
import {
  FIELD_RULES,
  SETTINGS_FIELDS,
  setField,
  type SessionSettings,
  type SettingsField,
} from '../src-shared/settings';
import type { SettingsValue } from '../src-shared/settings-diff';
import { usage, type CliFailure } from './failure';
import { didYouMean } from './suggest';

/** The short suffixes of each unit, beside its name and plural ("h", "hour", "hours"). */
const SHORT_SUFFIXES: Record<DurationUnit, readonly string[]> = {
  minute: ['m', 'min', 'mins'],
  hour: ['h'],
  day: ['d'],
};

/** Minutes per unit, by the suffixes a duration may carry (none means the field's own unit). */
const DURATION_SUFFIXES: ReadonlyMap<string, number> = new Map(
  Object.entries(SHORT_SUFFIXES).flatMap(([unit, short]) =>
    [unit, `${unit}s`, ...short].map(
      (suffix) => [suffix, MINUTES_PER_UNIT[unit as DurationUnit]] as const,
    ),
  ),
);

/**
 * A pair that cannot be read (not field=value, an unknown field, a value not of the field's
 * kind) is a usage error (64), as a malformed argument is; a value the settings rules refuse
 * (a range, a relation) is core's invalid_settings (65), once it is read.
 */
function invalid(field: string, message: string): CliFailure {
  return usage(`${field}: ${message}`);
}

/** A whole number of minutes from "90", "90m", "1.5h" or "2d" (as the unit pickers compute it). */
export function parseDuration(field: SettingsField, text: string): number {
  const label = FIELD_RULES[field].label;
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match?.[2]?.toLowerCase() ?? '';
  const perUnit = unit === '' ? 1 : DURATION_SUFFIXES.get(unit);
  const amount =
    match?.[1] !== undefined && perUnit !== undefined ? amountInMinutes(match[1], perUnit) : null;
  if (amount === null) {
    throw invalid(
      field,
      `${label} must be a duration such as 30, 30m, 1.5h or 2d (not "${text}").`,
    );
  }
  if (!amount.whole) {
    throw invalid(
      field,
      `${label} must come to whole minutes (${text} is ${amount.minutes} minutes).`,
    );
  }
  return amount.minutes;
}

const TRUE = ['true', 'on', 'yes'];
const FALSE = ['false', 'off', 'no'];

/** The value of one field from its text. */
export function parseFieldValue(field: SettingsField, text: string): SettingsValue {
  const rule = FIELD_RULES[field];
  switch (rule.kind) {
    case 'integer': {
      if (rule.unit === 'minutes') return parseDuration(field, text);
      const days = rule.unit === 'days' ? /^(\d+)\s*(d|days?)?$/i.exec(text.trim()) : null;
      const plain = /^\d+$/.exec(text.trim());
      if (days) return Number(days[1]);
      if (plain) return Number(plain[0]);
      throw invalid(field, `${rule.label} must be a whole number of ${rule.unit} (not "${text}").`);
    }
    case 'boolean': {
      const word = text.trim().toLowerCase();
      if (TRUE.includes(word)) return true;
      if (FALSE.includes(word)) return false;
      throw invalid(field, `${rule.label} must be true or false (not "${text}").`);
    }
    case 'enum': {
      const word = text.trim().toLowerCase();
      if ((rule.values as readonly string[]).includes(word)) return word;
      throw invalid(
        field,
        `${rule.label} must be one of ${rule.values.join(', ')} (not "${text}").`,
      );
    }
    case 'path':
      return text;
  }
}

/** Each `field=value` pair read, in the order given; an unknown field is refused by name. */
export function parseAssignments(
  pairs: readonly string[],
): { field: SettingsField; value: SettingsValue }[] {
  return pairs.map((pair) => {
    const equals = pair.indexOf('=');
    const name = equals > 0 ? pair.slice(0, equals).trim() : '';
    if (name === '') {
      throw usage(`"${pair}" is not field=value (e.g. timeouts.idleMinutes=30m).`);
    }
    if (!(SETTINGS_FIELDS as readonly string[]).includes(name)) {
      throw usage(
        `"${name}" is not a session setting.${didYouMean(name, SETTINGS_FIELDS)} The fields are ${SETTINGS_FIELDS.join(', ')}.`,
      );
    }
    const field = name as SettingsField;
    return { field, value: parseFieldValue(field, pair.slice(equals + 1)) };
  });
}

/** The settings with the given values put in. */
export function withValues(
  settings: SessionSettings,
  values: readonly { field: SettingsField; value: SettingsValue }[],
): SessionSettings {
  return values.reduce((next, { field, value }) => setField(next, field, value), settings);
}
