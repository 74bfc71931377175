/**
 * An AppError in words, with what to do, and optional actions.
 */

import type { ReactNode } from 'react';
import type { AppError } from '../../src-shared/errors';
import { errorText, type FieldLabeller } from '../error-text';
import { useT } from '../i18n/translator-context';

/** Props of an error message. */
export interface ErrorMessageProps {
  error: AppError;
  children?: ReactNode;
  compact?: boolean;
  /** Names the fields of the form the error is about by their labels. */
  labelOf?: FieldLabeller;
}

/** An error as a sentence and an action, announced to screen readers. */
export function ErrorMessage({ error, children, compact = false, labelOf }: ErrorMessageProps) {
  const t = useT();
  const text = errorText(t, error, labelOf);
  return (
    <div
      className={compact ? 'error-box compact' : 'error-box'}
      role="alert"
      data-error-code={error.code}
    >
      <p className="error-title">{text.title}</p>
      <p className="error-action">{text.action}</p>
      {children ? <div className="error-actions">{children}</div> : null}
    </div>
  );
}
