/**
 * A modal dialog on the native <dialog> element: the rest of the window is inert, Tab
 * stays inside, Escape closes, and focus returns where it was. The element marked
 * `data-autofocus` gets the focus first (Cancel, for destructive dialogs).
 */

import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { AppError } from '../../src-shared/errors';
import { ErrorMessage } from './error-message';
import { useT } from '../i18n/translator-context';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** Props of a dialog. */
export interface DialogProps {
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
  /** alertdialog for confirmations of destructive actions. */
  role?: 'dialog' | 'alertdialog';
  className?: string;
  testId?: string;
}

/** A modal dialog with a title, trapping focus, closed by Escape. */
export function Dialog({
  title,
  onClose,
  children,
  role = 'dialog',
  className,
  testId,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const preferred = dialog.querySelector<HTMLElement>('[data-autofocus]');
    preferred?.focus();
    return () => {
      if (dialog.open) dialog.close();
      previous?.focus();
    };
  }, []);

  const trapTab = (event: React.KeyboardEvent<HTMLDialogElement>): void => {
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (item) => item.offsetParent !== null,
    );
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      role={role}
      aria-labelledby={titleId}
      aria-modal="true"
      className={['dialog', className].filter(Boolean).join(' ')}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        closeRef.current();
      }}
      onKeyDown={trapTab}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

/** Props of a confirmation's buttons. */
export interface ConfirmButtonsProps {
  /** The action's failure, shown above the buttons. */
  error?: AppError | null;
  onCancel(): void;
  cancelLabel?: string;
  confirmLabel: ReactNode;
  tone: 'danger' | 'primary';
  disabled?: boolean;
  /** Runs the action; without it the button submits the dialog's form. */
  onConfirm?: () => void;
}

/**
 * A confirmation's error and buttons: Cancel (or Stay) first and focused, so that Enter or
 * a stray click does not run a destructive action, then the action.
 */
export function ConfirmButtons({
  error,
  onCancel,
  cancelLabel,
  confirmLabel,
  tone,
  disabled,
  onConfirm,
}: ConfirmButtonsProps) {
  const t = useT();
  return (
    <>
      {error ? <ErrorMessage error={error} compact /> : null}
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={onCancel}>
          {cancelLabel ?? t.t('app.cancel')}
        </button>
        <button
          type={onConfirm ? 'button' : 'submit'}
          className={tone}
          disabled={disabled}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </>
  );
}
