/**
 * Words the fleet view uses: row states, sections, plan statuses and apply outcomes, in the
 * language the window is shown in (the translator is handed in; the words are in the `fleet`
 * catalog, loaded with the fleet view).
 */

import type { ApplyOutcome, ApplyOutcomeKind, FleetRowState } from '../../src-shared/fleet';
import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import { FIELD_RULES } from '../../src-shared/settings';
import type { FieldChange } from '../../src-shared/settings-diff';
import type { WindowTranslator } from '../i18n/translator-context';
import { formatValue } from '../state/editor';

/** A fleet row's state, as the id of its words ('reading': no answer yet). */
const ROW_STATE_IDS: Record<FleetRowState | 'reading', WindowMessageId> = {
  ok: 'fleet.rowState.ok',
  read_only: 'fleet.rowState.readOnly',
  unreachable: 'fleet.rowState.unreachable',
  forbidden: 'fleet.rowState.forbidden',
  not_signed_in: 'fleet.rowState.notSignedIn',
  certificate_blocked: 'fleet.rowState.certificateBlocked',
  failed: 'fleet.rowState.failed',
  reading: 'fleet.rowState.reading',
};

/** An apply outcome's kind, as the id of its words. */
const OUTCOME_IDS: Record<ApplyOutcomeKind, WindowMessageId> = {
  applied: 'fleet.outcome.applied',
  skipped: 'fleet.outcome.skipped',
  conflict: 'fleet.outcome.conflict',
  invalid: 'fleet.outcome.invalid',
  verify_failed: 'fleet.outcome.verifyFailed',
  unknown: 'fleet.outcome.unknown',
  not_attempted: 'fleet.outcome.notAttempted',
  unreachable: 'fleet.outcome.unreachable',
  forbidden: 'fleet.outcome.forbidden',
  not_signed_in: 'fleet.outcome.notSignedIn',
  certificate_blocked: 'fleet.outcome.certificateBlocked',
  failed: 'fleet.outcome.failed',
};

/** A fleet row's state in words. */
export function rowStateLabel(t: WindowTranslator, state: FleetRowState | 'reading'): string {
  return t.t(ROW_STATE_IDS[state]);
}

/** An apply outcome's kind in words. */
export function outcomeLabel(t: WindowTranslator, kind: ApplyOutcomeKind): string {
  return t.t(OUTCOME_IDS[kind]);
}

/** How many servers a summary names before it says "and N others". */
export const NAMED_SERVERS = 5;

/** Servers named as the language lists them ("Box A, Box B and 3 others"). */
export function serverList(t: WindowTranslator, names: readonly string[]): string {
  if (names.length <= NAMED_SERVERS) return t.list(names);
  const rest = names.length - (NAMED_SERVERS - 1);
  return t.list([...names.slice(0, NAMED_SERVERS - 1), t.t('fleet.list.others', { count: rest })]);
}

/**
 * The closing line of an apply: which servers failed and were left as they were, which were
 * saved but read back otherwise, and which may or may not have been saved.
 */
export function failureSummary(t: WindowTranslator, failed: readonly ApplyOutcome[]): string {
  if (failed.length === 0) return t.t('fleet.apply.allDone');
  const names = (kinds: (kind: ApplyOutcomeKind) => boolean): string[] =>
    failed.filter((outcome) => kinds(outcome.kind)).map((outcome) => outcome.name);
  const unknown = names((kind) => kind === 'unknown');
  const differ = names((kind) => kind === 'verify_failed');
  const unchanged = names((kind) => kind !== 'unknown' && kind !== 'verify_failed');
  const part = (id: WindowMessageId, servers: string[]): string =>
    servers.length > 0 ? t.t(id, { count: servers.length, servers: serverList(t, servers) }) : '';
  return [
    part('fleet.apply.failedUnchanged', unchanged),
    part('fleet.apply.failedDiffer', differ),
    part('fleet.apply.failedUnknown', unknown),
  ]
    .filter(Boolean)
    .join(' ');
}

/** A field's label. */
export function fieldLabel(field: FieldChange['field']): string {
  return FIELD_RULES[field].label;
}

/** One change as "Idle timeout: 30 min → 15 min". */
export function describeChange(t: WindowTranslator, change: FieldChange): string {
  return t.t('fleet.change', {
    field: fieldLabel(change.field),
    from: formatValue(change.field, change.from),
    to: formatValue(change.field, change.to),
  });
}

/** The sentence under an outcome: the new version, the reason, or what went wrong. */
export function outcomeDetail(t: WindowTranslator, outcome: ApplyOutcome): string {
  switch (outcome.kind) {
    case 'applied': {
      const saved =
        outcome.changed.length === 0
          ? t.t('fleet.outcome.saved', { version: outcome.version })
          : t.t('fleet.outcome.savedFields', {
              version: outcome.version,
              fields: t.list(outcome.changed.map(fieldLabel)),
            });
      return outcome.answerLost ? `${saved} ${t.t('fleet.outcome.answerLost')}` : saved;
    }
    case 'skipped':
    case 'not_attempted':
      return outcome.reason;
    case 'verify_failed':
      return `${outcome.message} ${outcome.mismatched.map((change) => describeChange(t, change)).join('; ')}`.trim();
    default:
      return outcome.message;
  }
}
