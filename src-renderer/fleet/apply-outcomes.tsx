/**
 * An apply under way and done: a progress bar (n of N), each server's outcome as it
 * arrives (applied with its new version, skipped, conflict with that server's values now,
 * forbidden, unreachable, invalid, verify failed, outcome unknown), and "Retry failed".
 */

import type { ApplyOutcome, Plan } from '../../src-shared/fleet';
import { getField } from '../../src-shared/settings';
import { ErrorMessage } from '../components/error-message';
import { EnvironmentTag } from '../components/environment-tag';
import { formatTime } from '../labels';
import { failedOutcomes, outcomeCounts } from '../state/apply-flow';
import { formatValue } from '../state/editor';
import { useApp } from '../store-context';
import { OUTCOME_LABELS, failureSummary, fieldLabel, outcomeDetail } from './fleet-labels';

function ConflictValues({ outcome, plan }: { outcome: ApplyOutcome; plan: Plan }) {
  if (outcome.kind !== 'conflict') return null;
  const current = outcome.current;
  return (
    <div className="outcome-conflict">
      <p>
        <bdi>{current.updatedBy}</bdi> saved version {current.version} at{' '}
        {formatTime(current.updatedAt)}. Its values now:
      </p>
      <ul className="diff">
        {plan.fields.map((field) => (
          <li key={field}>
            <span className="diff-label">{fieldLabel(field)}</span>{' '}
            {formatValue(field, getField(current, field))}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Outcome({ outcome, plan }: { outcome: ApplyOutcome; plan: Plan }) {
  return (
    <li className={`outcome outcome-${outcome.kind}`} data-testid={`outcome-${outcome.serverId}`}>
      <div className="outcome-head">
        <span className="plan-target-name">
          {outcome.name} <EnvironmentTag environment={outcome.environment} />
        </span>
        <span className={`badge outcome-badge outcome-badge-${outcome.kind}`}>
          {OUTCOME_LABELS[outcome.kind]}
        </span>
      </div>
      <p className="outcome-detail">{outcomeDetail(outcome)}</p>
      <ConflictValues outcome={outcome} plan={plan} />
    </li>
  );
}

/** The apply's progress and outcomes. */
export function ApplyOutcomes({ plan }: { plan: Plan }) {
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
          aria-label="Servers done"
        />
        <p role="status" data-testid="apply-progress">
          {done ? 'Done: ' : 'Saving: '}
          {progress.done} of {progress.total}
          {Object.keys(counts).length > 0
            ? ` (${Object.entries(counts)
                .map(
                  ([kind, count]) =>
                    `${count} ${OUTCOME_LABELS[kind as ApplyOutcome['kind']].toLowerCase()}`,
                )
                .join(', ')})`
            : ''}
        </p>
      </div>
      {flow.report?.stopped ? (
        <p className="banner banner-warn" data-testid="apply-stopped">
          {flow.report.stopped}
        </p>
      ) : null}
      <ul
        className="outcomes"
        aria-label="Outcome per server"
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
          {done ? 'Close' : 'Hide (it goes on)'}
        </button>
        {done && failed > 0 ? (
          <button type="button" className="primary" onClick={() => void retryFailed()}>
            Retry failed ({failed})
          </button>
        ) : null}
      </div>
      {done ? (
        <p className="muted" data-testid="apply-summary">
          {failureSummary(failedOutcomes(flow.outcomes))}
        </p>
      ) : null}
    </>
  );
}
