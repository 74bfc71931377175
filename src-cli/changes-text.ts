/**
 * Settings changes as `ansible --check --diff` shows a changed file: a `--- before: ...`
 * and `+++ after: ...` header naming the two sides, then each field that differs on a line
 * of its own, its value before (`-`) and after (`+`), red and green at a terminal. Values
 * read as people say them (durations with their unit, days with theirs).
 */

import { formatMinutes } from '../src-shared/duration';
import { plural } from '../src-shared/plural';
import { FIELD_RULES, type SettingsField } from '../src-shared/settings';
import type { FieldChange, SettingsValue } from '../src-shared/settings-diff';
import type { CliTranslator } from './locale';
import type { Style } from './style';
import { createStyle } from './style';

/** A value as people read it: durations with their unit, days with theirs. */
export function formatValue(field: SettingsField, value: SettingsValue): string {
  const rule = FIELD_RULES[field];
  if (rule.kind === 'integer' && typeof value === 'number') {
    if (rule.unit === 'minutes')
      return value >= 60 ? `${value} min (${formatMinutes(value)})` : `${value} min`;
    return `${value} ${rule.unit}`;
  }
  return String(value);
}

/**
 * A value as the settings table shows it, in the translator's language: durations as `Intl`
 * writes them ("1 hr, 30 min"), days and sessions counted, booleans yes/no; paths and the
 * words `settings set` takes (Lax, Strict) as they are.
 */
export function valueText(t: CliTranslator, field: SettingsField, value: SettingsValue): string {
  const rule = FIELD_RULES[field];
  if (typeof value === 'boolean')
    return t.t(value ? 'common.boolean.true' : 'common.boolean.false');
  if (rule.kind !== 'integer' || typeof value !== 'number') return String(value);
  if (rule.unit === 'minutes') return t.duration(value);
  if (rule.unit === 'days')
    return t.number(value, { style: 'unit', unit: 'day', unitDisplay: 'long' });
  if (rule.unit === 'sessions') return t.t('common.count.sessions', { count: value });
  return t.number(value);
}

/** The two sides of a diff, as its header names them. */
export interface DiffSides {
  before: string;
  after: string;
}

/** The changes as a diff: a header naming the sides, then `-field: before` / `+field: after`. */
export function changesDiff(
  changes: readonly FieldChange[],
  sides: DiffSides,
  style: Style = createStyle(false),
): string {
  return [
    style.bold(`--- before: ${sides.before}`),
    style.bold(`+++ after: ${sides.after}`),
    ...changes.flatMap((change) => [
      style.red(`-${change.field}: ${formatValue(change.field, change.from)}`),
      style.green(`+${change.field}: ${formatValue(change.field, change.to)}`),
    ]),
  ].join('\n');
}

/** "1 field", "3 fields". */
export function fieldCount(count: number): string {
  return plural(count, 'field');
}
