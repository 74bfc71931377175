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
import { useT } from '../i18n/translator-context';
import { panelLabel } from '../labels';
import { useApp } from '../store-context';
import { fieldsOf } from '../../src-shared/settings-sections';
import { fieldLabel } from './fleet-labels';

/** The mark before a piece of advice (read by eye only). */
const ADVICE_GLYPH = 'ℹ';

function TargetName({
  target,
}: {
  target: { name: string; environment: PlanTarget['environment'] };
}) {
  return (
    <span className="plan-target-name">
      <span>{target.name}</span>
      <EnvironmentTag environment={target.environment} />
    </span>
  );
}

function TargetEntry({ target }: { target: PlanTarget }) {
  const t = useT();
  switch (target.status) {
    case 'change':
      return (
        <li data-status="change">
          <TargetName target={target} />
          {!target.canUpdate ? (
            <p className="field-error">{t.t('fleet.review.lacksUpdate')}</p>
          ) : null}
          <DiffList
            entries={target.changes.map(diffEntry)}
            label={t.t('fleet.review.changesOn', { name: target.name })}
          />
          {target.advice.map((advice) => (
            <p key={advice.code + advice.field} className="field-advice">
              <span aria-hidden="true" className="icon">
                {ADVICE_GLYPH}
              </span>
              <span>{advice.message}</span>
            </p>
          ))}
        </li>
      );
    case 'match':
      return (
        <li data-status="match">
          <TargetName target={target} />
          <span className="muted">{t.t('fleet.review.alreadyMatches')}</span>
        </li>
      );
    case 'unreadable':
      return (
        <li data-status="unreadable">
          <TargetName target={target} />
          <span className="field-error">{target.problem.message}</span>
        </li>
      );
    case 'invalid':
      return (
        <li data-status="invalid">
          <TargetName target={target} />
          <span className="field-error">
            {t.t('fleet.review.wouldBeInvalid', {
              errors: target.errors.map((error) => error.message).join(' '),
            })}
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
  const t = useT();
  if (targets.length === 0) return null;
  return (
    <section className="plan-group" aria-label={title} data-testid={testId}>
      <h3>{t.t('fleet.review.groupTitle', { title, count: targets.length })}</h3>
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
  const t = useT();
  const what =
    plan.fields.length < fieldsOf(plan.sections).length
      ? plan.fields.map(fieldLabel)
      : plan.sections.map((section) => panelLabel(t, section));
  return (
    <p>
      {t.rich('fleet.review.summary', {
        source: plan.source.name,
        kind: plan.source.kind,
        what: t.list(what),
        strong: (parts) => <strong key="source">{parts}</strong>,
      })}
    </p>
  );
}

/** The plan, before confirming it. */
export function PlanReview({ plan }: { plan: Plan }) {
  const t = useT();
  const reviewPlan = useApp((state) => state.reviewPlan);
  const changePlan = useApp((state) => state.changePlan);
  const error = useApp((state) => state.planFlow.error);
  const of = (status: PlanTarget['status']) =>
    plan.targets.filter((target) => target.status === status);
  const writable = writableTargets(plan).length;
  return (
    <>
      <PlanSummary plan={plan} />
      <div
        className="plan-scroll"
        role="region"
        aria-label={t.t('fleet.review.targetsRegion')}
        tabIndex={0}
      >
        <Group title={t.t('fleet.review.willChange')} targets={of('change')} testId="plan-change" />
        <Group title={t.t('fleet.review.skippedMatch')} targets={of('match')} testId="plan-match" />
        <Group
          title={t.t('fleet.review.cannotRead')}
          targets={of('unreadable')}
          testId="plan-unreadable"
        />
        <Group
          title={t.t('fleet.review.wouldInvalid')}
          targets={of('invalid')}
          testId="plan-invalid"
        />
      </div>
      {error ? <ErrorMessage error={error} compact /> : null}
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={changePlan}>
          {t.t('fleet.review.changePlan')}
        </button>
        <button type="button" className="primary" disabled={writable === 0} onClick={reviewPlan}>
          {writable === 0
            ? t.t('fleet.review.nothingToApply')
            : t.t('fleet.review.applyToMore', { count: writable })}
        </button>
      </div>
    </>
  );
}

/** The confirmation (and the second one for production servers). */
export function ApplyConfirm({ plan, production }: { plan: Plan; production: boolean }) {
  const t = useT();
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
              {t.t('fleet.review.productionAmong', { count: named.length, servers: t.list(named) })}
            </strong>
          </p>
          <p>{t.t('fleet.review.productionNote')}</p>
        </div>
      ) : (
        <>
          <PlanSummary plan={plan} />
          <p>{t.t('fleet.review.savedIfUnchanged')}</p>
          <ul
            className="confirm-targets"
            aria-label={t.t('fleet.review.targets')}
            data-testid="confirm-targets"
          >
            {targets.map((target) => (
              <li key={target.serverId} className={`env-stripe-${target.environment ?? 'none'}`}>
                <TargetName target={target} />
              </li>
            ))}
          </ul>
          {canary ? (
            <p>
              {t.t('fleet.review.inWaves', {
                canary: canary.name,
                count: waves?.maxFailures ?? 0,
              })}
            </p>
          ) : null}
        </>
      )}
      {error ? <ErrorMessage error={error} compact /> : null}
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={back}>
          {t.t('fleet.review.back')}
        </button>
        <button type="button" className="danger" onClick={() => void confirmApply()}>
          {production
            ? t.t('fleet.review.applyProduction', { servers: t.list(named) })
            : t.t('fleet.review.applyTo', { count: targets.length })}
        </button>
      </div>
    </>
  );
}
