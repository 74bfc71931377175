/**
 * The plan (one diff per target, old value to new; the servers that already match, those
 * that cannot be read and why, those the values would be invalid on), and its
 * confirmation: the targets with their environment colours, then, when production servers
 * are among them, once more naming them.
 */

import type { Plan, PlanTarget } from '../../src-shared/fleet';
import { DiffList, diffEntry } from '../components/diff-list';
import { ErrorMessage } from '../components/error-message';
import { EnvironmentTag } from '../components/environment-tag';
import { productionTargets, writableTargets } from '../state/apply-flow';
import { useApp } from '../store-context';
import { SECTION_LABELS, fieldsOf } from '../../src-shared/settings-sections';
import { fieldLabel } from './fleet-labels';
import { agree, plural } from '../../src-shared/plural';

function TargetName({
  target,
}: {
  target: { name: string; environment: PlanTarget['environment'] };
}) {
  return (
    <span className="plan-target-name">
      {target.name} <EnvironmentTag environment={target.environment} />
    </span>
  );
}

function TargetEntry({ target }: { target: PlanTarget }) {
  switch (target.status) {
    case 'change':
      return (
        <li data-status="change">
          <TargetName target={target} />
          {!target.canUpdate ? (
            <p className="field-error">
              The app’s account there lacks admin.settings.update: the save will be refused.
            </p>
          ) : null}
          <DiffList entries={target.changes.map(diffEntry)} label={`Changes on ${target.name}`} />
          {target.advice.map((advice) => (
            <p key={advice.code + advice.field} className="field-advice">
              <span aria-hidden="true">ℹ</span> {advice.message}
            </p>
          ))}
        </li>
      );
    case 'match':
      return (
        <li data-status="match">
          <TargetName target={target} /> <span className="muted">already matches</span>
        </li>
      );
    case 'unreadable':
      return (
        <li data-status="unreadable">
          <TargetName target={target} />{' '}
          <span className="field-error">{target.problem.message}</span>
        </li>
      );
    case 'invalid':
      return (
        <li data-status="invalid">
          <TargetName target={target} />{' '}
          <span className="field-error">
            The result would be invalid: {target.errors.map((error) => error.message).join(' ')}
          </span>
        </li>
      );
  }
}

function Group({
  title,
  targets,
  testId,
}: {
  title: string;
  targets: PlanTarget[];
  testId: string;
}) {
  if (targets.length === 0) return null;
  return (
    <section className="plan-group" aria-label={title} data-testid={testId}>
      <h3>
        {title} ({targets.length})
      </h3>
      <ul className="plan-list">
        {targets.map((target) => (
          <TargetEntry key={target.serverId} target={target} />
        ))}
      </ul>
    </section>
  );
}

/** One line on where the values come from and what is applied. */
export function PlanSummary({ plan }: { plan: Plan }) {
  return (
    <p>
      The values of <strong>{plan.source.name}</strong> (
      {plan.source.kind === 'profile' ? 'profile' : 'server'}) for{' '}
      {plan.fields.length < fieldsOf(plan.sections).length
        ? plan.fields.map(fieldLabel).join(', ')
        : plan.sections.map((section) => SECTION_LABELS[section]).join(', ')}
      .
    </p>
  );
}

/** The plan, before confirming it. */
export function PlanReview({ plan }: { plan: Plan }) {
  const reviewPlan = useApp((state) => state.reviewPlan);
  const changePlan = useApp((state) => state.changePlan);
  const error = useApp((state) => state.planFlow.error);
  const of = (status: PlanTarget['status']) =>
    plan.targets.filter((target) => target.status === status);
  const writable = writableTargets(plan).length;
  return (
    <>
      <PlanSummary plan={plan} />
      <div className="plan-scroll" role="region" aria-label="Targets of the plan" tabIndex={0}>
        <Group title="Will change" targets={of('change')} testId="plan-change" />
        <Group title="Skipped: already match" targets={of('match')} testId="plan-match" />
        <Group title="Cannot be read" targets={of('unreadable')} testId="plan-unreadable" />
        <Group title="Would be invalid" targets={of('invalid')} testId="plan-invalid" />
      </div>
      {error ? <ErrorMessage error={error} compact /> : null}
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={changePlan}>
          Change the plan
        </button>
        <button type="button" className="primary" disabled={writable === 0} onClick={reviewPlan}>
          {writable === 0 ? 'Nothing to apply' : `Apply to ${plural(writable, 'server')}…`}
        </button>
      </div>
    </>
  );
}

/** The confirmation (and the second one for production servers). */
export function ApplyConfirm({ plan, production }: { plan: Plan; production: boolean }) {
  const confirmApply = useApp((state) => state.confirmApply);
  const back = useApp((state) => state.backToPlan);
  const waves = useApp((state) => state.planFlow.waves);
  const error = useApp((state) => state.planFlow.error);
  const targets = writableTargets(plan);
  const named = productionTargets(plan);
  const canary = targets.find((target) => target.serverId === waves?.canaryServerId);
  return (
    <>
      {production ? (
        <div className="banner banner-warn" data-testid="production-confirm">
          <p>
            <strong>
              {plural(named.length, 'production server')} {agree(named.length, 'is', 'are')} among
              the targets: {named.join(', ')}.
            </strong>
          </p>
          <p>Their users’ new sessions get these values as soon as each save is done.</p>
        </div>
      ) : (
        <>
          <PlanSummary plan={plan} />
          <p>Each server is saved only if nobody changed it since the plan read it.</p>
          <ul className="confirm-targets" aria-label="Targets" data-testid="confirm-targets">
            {targets.map((target) => (
              <li key={target.serverId} className={`env-stripe-${target.environment ?? 'none'}`}>
                <TargetName target={target} />
              </li>
            ))}
          </ul>
          {canary ? (
            <p>
              In waves: {canary.name} first; the rest stop once more than{' '}
              {plural(waves?.maxFailures ?? 0, 'server')} failed.
            </p>
          ) : null}
        </>
      )}
      {error ? <ErrorMessage error={error} compact /> : null}
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={back}>
          Back
        </button>
        <button type="button" className="danger" onClick={() => void confirmApply()}>
          {production
            ? `Apply to production too: ${named.join(', ')}`
            : `Apply to ${plural(targets.length, 'server')}`}
        </button>
      </div>
    </>
  );
}
