/**
 * Plan and apply, one dialog per step (each opens with its safe button focused): choose,
 * the plan being read (n of N), the plan, the confirmation (and the one for production),
 * the apply's progress and outcomes.
 */

import { Dialog } from '../components/dialog';
import { useT } from '../i18n/translator-context';
import { useApp } from '../store-context';
import { ApplyOutcomes } from './apply-outcomes';
import { PlanChooser } from './plan-chooser';
import { ApplyConfirm, PlanReview } from './plan-review';

function Planning() {
  const t = useT();
  const progress = useApp((state) => state.planFlow.progress);
  const closeDialog = useApp((state) => state.closeDialog);
  return (
    <>
      <div className="apply-progress">
        <progress
          max={Math.max(1, progress?.total ?? 1)}
          value={progress?.done ?? 0}
          aria-label={t.t('fleet.plan.targetsRead')}
        />
        <p role="status">
          {progress
            ? t.t('fleet.plan.readingProgress', progress)
            : t.t('fleet.plan.readingTargetsNow')}
        </p>
      </div>
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={closeDialog}>
          {t.t('fleet.plan.cancel')}
        </button>
      </div>
    </>
  );
}

/** The plan-and-apply dialog, as its current step. */
export function PlanDialog() {
  const t = useT();
  const step = useApp((state) => state.planFlow.step);
  const plan = useApp((state) => state.planFlow.plan);
  const closeDialog = useApp((state) => state.closeDialog);
  const frame = (title: string, body: React.ReactNode, alert = false) => (
    <Dialog
      // A new dialog per step focuses its safe button; the apply keeps one while it ends.
      key={step === 'done' ? 'applying' : step}
      title={title}
      onClose={closeDialog}
      role={alert ? 'alertdialog' : 'dialog'}
      className="dialog-wide"
      testId={`plan-${step}`}
    >
      {body}
    </Dialog>
  );
  if (step === 'choose') return frame(t.t('fleet.plan.title.choose'), <PlanChooser />);
  if (step === 'planning') return frame(t.t('fleet.plan.title.planning'), <Planning />);
  if (!plan) return null;
  switch (step) {
    case 'review':
      return frame(t.t('fleet.plan.title.review'), <PlanReview plan={plan} />);
    case 'confirm':
      return frame(
        t.t('fleet.plan.title.confirm'),
        <ApplyConfirm plan={plan} production={false} />,
        true,
      );
    case 'confirm-production':
      return frame(
        t.t('fleet.plan.title.confirmProduction'),
        <ApplyConfirm plan={plan} production />,
        true,
      );
    case 'applying':
    case 'done':
      return frame(
        t.t(step === 'done' ? 'fleet.plan.title.done' : 'fleet.plan.title.applying'),
        <ApplyOutcomes plan={plan} />,
      );
  }
}
