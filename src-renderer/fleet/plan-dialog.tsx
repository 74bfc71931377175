/**
 * Plan and apply, one dialog per step (each opens with its safe button focused): choose,
 * the plan being read (n of N), the plan, the confirmation (and the one for production),
 * the apply's progress and outcomes.
 */

import { Dialog } from '../components/dialog';
import { useApp } from '../store-context';
import { ApplyOutcomes } from './apply-outcomes';
import { PlanChooser } from './plan-chooser';
import { ApplyConfirm, PlanReview } from './plan-review';

function Planning() {
  const progress = useApp((state) => state.planFlow.progress);
  const closeDialog = useApp((state) => state.closeDialog);
  return (
    <>
      <div className="apply-progress">
        <progress
          max={Math.max(1, progress?.total ?? 1)}
          value={progress?.done ?? 0}
          aria-label="Targets read"
        />
        <p role="status">
          Reading the targets{progress ? `: ${progress.done} of ${progress.total}` : '…'}
        </p>
      </div>
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={closeDialog}>
          Cancel
        </button>
      </div>
    </>
  );
}

/** The plan-and-apply dialog, as its current step. */
export function PlanDialog() {
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
  if (step === 'choose') return frame('Plan a change across servers', <PlanChooser />);
  if (step === 'planning') return frame('Reading the targets', <Planning />);
  if (!plan) return null;
  switch (step) {
    case 'review':
      return frame('The plan', <PlanReview plan={plan} />);
    case 'confirm':
      return frame('Apply this plan?', <ApplyConfirm plan={plan} production={false} />, true);
    case 'confirm-production':
      return frame('Apply to production?', <ApplyConfirm plan={plan} production />, true);
    case 'applying':
    case 'done':
      return frame(step === 'done' ? 'Applied' : 'Applying', <ApplyOutcomes plan={plan} />);
  }
}
