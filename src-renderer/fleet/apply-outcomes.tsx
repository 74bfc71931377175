/**
 * An apply under way and done: a progress bar (n of N), each server's outcome as it
 * arrives (applied with its new version, skipped, conflict with that server's values now,
 * forbidden, unreachable, invalid, verify failed, outcome unknown), and "Retry failed".
 */

import type { ApplyOutcome, Plan } from '../../src-shared/fleet';
import { getField } from '../../src-shared/settings';
import { ErrorMessage } from '../components/error-message';
import { EnvironmentTag } from '../components/environment-tag';
import { useT, type WindowTranslator } from '../i18n/translator-context';
import { failedOutcomes, outcomeCounts } from '../state/apply-flow';
import { formatValue } from '../state/editor';
import { useApp } from '../store-context';
import { failureSummary, fieldLabel, outcomeDetail, outcomeLabel } from './fleet-labels';

function ConflictValues({ outcome, plan }: { outcome: ApplyOutcome; plan: Plan }) {
  const t = useT();
  if (outcome.kind !== 'conflict') return null;
  const current = outcome.current;
  return (
    <div className="outcome-conflict">
      <p>
        {t.rich('fleet.conflict.savedBy', {
          who: current.updatedBy,
          version: current.version,
          time: t.dateTime(current.updatedAt),
          bdi: (parts) => <bdi key="who">{parts}</bdi>,
        })}
      </p>
      <ul className="diff">
        {plan.fields.map((field) => (
          <li key={field}>
            {t.rich('fleet.conflict.value', {
              field: fieldLabel(field),
              value: formatValue(field, getField(current, field)),
              label: (parts) => (
                <span key="label" className="diff-label">
                  {parts}
                </span>
              ),
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Outcome({ outcome, plan }: { outcome: ApplyOutcome; plan: Plan }) {
  const t = useT();
  return (
    <li className={`outcome outcome-${outcome.kind}`} data-testid={`outcome-${outcome.serverId}`}>
      <div className="outcome-head">
        <span className="plan-target-name">
          <span>{outcome.name}</span>
          <EnvironmentTag environment={outcome.environment} />
        </span>
        <span className={`badge outcome-badge outcome-badge-${outcome.kind}`}>
          {outcomeLabel(t, outcome.kind)}
        </span>
      </div>
      <p className="outcome-detail">{outcomeDetail(t, outcome)}</p>
      <ConflictValues outcome={outcome} plan={plan} />
    </li>
  );
}

/** "Done: 2 of 3 (Applied: 1, Conflict: 1)": how far the apply is and what came of it. */
function progressText(
  t: WindowTranslator,
  done: boolean,
  progress: { done: number; total: number },
  counts: Partial<Record<ApplyOutcome['kind'], number>>,
): string {
  const line = t.t(done ? 'fleet.apply.done' : 'fleet.apply.saving', progress);
  const kinds = Object.entries(counts).map(([kind, count]) =>
    t.t('fleet.apply.countOf', {
      label: outcomeLabel(t, kind as ApplyOutcome['kind']),
      count: count ?? 0,
    }),
  );
  if (kinds.length === 0) return line;
  const list = new Intl.ListFormat(t.formattingLocale, { type: 'unit', style: 'short' });
  return t.t('fleet.apply.withCounts', { progress: line, counts: list.format(kinds) });
}

/** The apply's progress and outcomes. */
export function ApplyOutcomes({ plan }: { plan: Plan }) {
  const t = useT();
  const flow = useApp((state) => state.planFlow);
  const retryFailed = useApp((state) => state.retryFailed);
  const closeDialog = useApp((state) => state.closeDialog);
  const progress = flow.progress ?? { done: 0, total: plan.targets.length };
  const done = flow.step === 'done';
  const failed = failedOutcomes(flow.outcomes).length;
  const counts = outcomeCounts(flow.outcomes);
  return (
    <>
      <div className="apply-progress">
        <progress
          max={Math.max(1, progress.total)}
          value={progress.done}
          aria-label={t.t('fleet.apply.serversDone')}
        />
        <p role="status" data-testid="apply-progress">
          {progressText(t, done, progress, counts)}
        </p>
      </div>
      {flow.report?.stopped ? (
        <p className="banner banner-warn" data-testid="apply-stopped">
          {flow.report.stopped}
        </p>
      ) : null}
      <ul
        className="outcomes"
        aria-label={t.t('fleet.apply.outcomes')}
        data-testid="outcomes"
        // Scrolls on its own: focusable, so the keyboard can scroll it too.
        tabIndex={0}
      >
        {flow.outcomes.map((outcome) => (
          <Outcome key={outcome.serverId} outcome={outcome} plan={plan} />
        ))}
      </ul>
      {flow.error ? <ErrorMessage error={flow.error} compact /> : null}
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={closeDialog}>
          {done ? t.t('fleet.apply.close') : t.t('fleet.apply.hide')}
        </button>
        {done && failed > 0 ? (
          <button type="button" className="primary" onClick={() => void retryFailed()}>
            {t.t('fleet.apply.retryFailed', { count: failed })}
          </button>
        ) : null}
      </div>
      {done ? (
        <p className="muted" data-testid="apply-summary">
          {failureSummary(t, failedOutcomes(flow.outcomes))}
        </p>
      ) : null}
    </>
  );
}
