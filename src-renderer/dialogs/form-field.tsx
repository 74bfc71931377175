/**
 * One labelled text input of a dialog's form, with its hint and, when main named it in an
 * `invalid_request`, its problem underneath: highlighted (aria-invalid) and read out with
 * the input (aria-describedby).
 */

import type { HTMLAttributes } from 'react';

// A sign, not a word: the same in every language.
const WARNING_GLYPH = '⚠';

/** Props of a form's text input. */
export interface FormTextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  onBlur?: () => void;
  hint?: string;
  /** Shown in place of the hint, as a warning, while it applies (e.g. a new origin). */
  warning?: { text: string; testId: string } | null;
  /** The problem with this field, already worded with its label. */
  issue?: string;
  type?: 'text' | 'password';
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  autoComplete?: string;
  required?: boolean;
  spellCheck?: boolean;
  /** The field the dialog focuses first. */
  autoFocus?: boolean;
}

/** A labelled text input with its hint and problem. */
export function FormTextField({
  id,
  label,
  value,
  onChange,
  onBlur,
  hint,
  warning,
  issue,
  type = 'text',
  inputMode,
  autoComplete = 'off',
  required,
  spellCheck,
  autoFocus,
}: FormTextFieldProps) {
  const describedBy = [hint || warning ? `${id}-hint` : '', issue ? `${id}-issue` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="form-field" data-invalid={issue ? 'true' : undefined}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        required={required}
        spellCheck={spellCheck}
        inputMode={inputMode}
        autoComplete={autoComplete}
        aria-invalid={issue ? true : undefined}
        aria-describedby={describedBy || undefined}
        data-autofocus={autoFocus ? true : undefined}
      />
      {warning ? (
        <p className="field-hint field-warn" id={`${id}-hint`} data-testid={warning.testId}>
          {warning.text}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {issue ? (
        <p className="field-error" id={`${id}-issue`}>
          <span aria-hidden="true" className="icon">
            {WARNING_GLYPH}
          </span>
          <span>{issue}</span>
        </p>
      ) : null}
    </div>
  );
}
