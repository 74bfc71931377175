/**
 * Words the fleet view uses: row states, sections, plan statuses and apply outcomes.
 */

import type { ApplyOutcome, ApplyOutcomeKind, FleetRowState } from '../../src-shared/fleet';
import { FIELD_RULES } from '../../src-shared/settings';
import type { FieldChange } from '../../src-shared/settings-diff';
import { agree, plural } from '../../src-shared/plural';
import { formatValue } from '../state/editor';

/** A fleet row's state in words ('reading': no answer yet). */
export const ROW_STATE_LABELS: Record<FleetRowState | 'reading', string> = {
  ok: 'Read',
  read_only: 'Read-only',
  unreachable: 'Unreachable',
  forbidden: 'Forbidden',
  not_signed_in: 'Not signed in',
  certificate_blocked: 'Certificate blocked',
  failed: 'Failed',
  reading: 'Not read yet',
};

/** An apply outcome's kind in words. */
export const OUTCOME_LABELS: Record<ApplyOutcomeKind, string> = {
  applied: 'Applied',
  skipped: 'Skipped',
  conflict: 'Conflict',
  invalid: 'Invalid',
  verify_failed: 'Verify failed',
  unknown: 'Outcome unknown',
  not_attempted: 'Not attempted',
  unreachable: 'Unreachable',
  forbidden: 'Forbidden',
  not_signed_in: 'Not signed in',
  certificate_blocked: 'Certificate blocked',
  failed: 'Failed',
};

/**
 * The closing line of an apply: how many failed and were left as they were, how many were
 * saved but read back otherwise, and how many may or may not have been saved.
 */
export function failureSummary(failed: readonly ApplyOutcome[]): string {
  if (failed.length === 0) return 'Every server is done.';
  const count = (kind: ApplyOutcomeKind): number =>
    failed.filter((outcome) => outcome.kind === kind).length;
  const unknown = count('unknown');
  const differ = count('verify_failed');
  const unchanged = failed.length - unknown - differ;
  const be = (n: number): string => agree(n, 'was', 'were');
  return [
    unchanged > 0
      ? `${plural(unchanged, 'server')} failed and ${be(unchanged)} left exactly as ${agree(unchanged, 'it was', 'they were')}.`
      : '',
    differ > 0
      ? `${plural(differ, 'server')} ${be(differ)} saved but read back with other values.`
      : '',
    unknown > 0
      ? `${plural(unknown, 'server')} may or may not have been saved: check ${agree(unknown, 'it', 'them')} before retrying.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** A field's label. */
export function fieldLabel(field: FieldChange['field']): string {
  return FIELD_RULES[field].label;
}

/** One change as "Idle timeout: 30 min → 15 min". */
export function describeChange(change: FieldChange): string {
  return `${fieldLabel(change.field)}: ${formatValue(change.field, change.from)} → ${formatValue(change.field, change.to)}`;
}

/** The sentence under an outcome: the new version, the reason, or what went wrong. */
export function outcomeDetail(outcome: ApplyOutcome): string {
  switch (outcome.kind) {
    case 'applied':
      return (
        (outcome.changed.length === 0
          ? `Saved as version ${outcome.version}.`
          : `Saved as version ${outcome.version}: ${outcome.changed.map(fieldLabel).join(', ')}.`) +
        (outcome.answerLost
          ? " The server's answer was lost; read back, the values sent are there."
          : '')
      );
    case 'skipped':
    case 'not_attempted':
      return outcome.reason;
    case 'verify_failed':
      return `${outcome.message} ${outcome.mismatched.map(describeChange).join('; ')}`.trim();
    default:
      return outcome.message;
  }
}
