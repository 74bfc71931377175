/**
 * The editable fields of the settings panels: a duration (number and unit), a plain
 * number, a switch, a choice and a text, each labelled, with its one-line meaning and its
 * errors and advice underneath, validated as the admin types.
 */

import { useId, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FIELD_RULES, getField, type SettingsField } from '../../src-shared/settings';
import { formatMinutes } from '../../src-shared/duration';
import { draftValidation } from '../state/editor';
import { useApp } from '../store-context';

const UNITS = [
  { minutes: 1, label: 'minutes' },
  { minutes: 60, label: 'hours' },
  { minutes: 1440, label: 'days' },
] as const;

function bestUnit(minutes: number): number {
  if (minutes >= 1440 && minutes % 1440 === 0) return 1440;
  if (minutes >= 60 && minutes % 60 === 0) return 60;
  return 1;
}

/** The errors and advice of one field, as the admin types. */
function useFieldIssues(field: SettingsField) {
  return useApp(
    useShallow((state) => {
      const { errors, advice } = draftValidation(state.editor);
      return [
        ...errors.filter((issue) => issue.field === field).map((issue) => `e:${issue.message}`),
        ...advice.filter((issue) => issue.field === field).map((issue) => `a:${issue.message}`),
      ];
    }),
  );
}

function useFieldValue(field: SettingsField): number | boolean | string | undefined {
  return useApp((state) => (state.editor.draft ? getField(state.editor.draft, field) : undefined));
}

function useEditable(): boolean {
  return useApp((state) => state.editor.canUpdate && !state.editor.saving);
}

function useChanged(field: SettingsField): boolean {
  return useApp((state) =>
    state.editor.base && state.editor.draft
      ? getField(state.editor.base, field) !== getField(state.editor.draft, field)
      : false,
  );
}

interface FieldFrameProps {
  field: SettingsField;
  inputId: string;
  hint: string;
  children: ReactNode;
  issues: string[];
  messagesId: string;
  hintId: string;
  inline?: boolean;
}

function FieldFrame({
  field,
  inputId,
  hint,
  children,
  issues,
  messagesId,
  hintId,
  inline,
}: FieldFrameProps) {
  const changed = useChanged(field);
  const label = FIELD_RULES[field].label;
  return (
    <div
      className={['field', inline ? 'field-inline' : '', changed ? 'field-changed' : ''].join(' ')}
      data-field={field}
    >
      {inline ? (
        <div className="field-row">
          {children}
          <label htmlFor={inputId} className="field-label">
            {label}
            {changed ? <span className="changed-dot" aria-hidden="true" /> : null}
          </label>
        </div>
      ) : (
        <>
          <label htmlFor={inputId} className="field-label">
            {label}
            {changed ? <span className="changed-dot" aria-hidden="true" /> : null}
          </label>
          {children}
        </>
      )}
      <p className="field-hint" id={hintId}>
        {hint}
      </p>
      <div id={messagesId} aria-live="polite" className="field-messages">
        {issues.map((issue) =>
          issue.startsWith('e:') ? (
            <p key={issue} className="field-error">
              <span aria-hidden="true" className="icon">
                ⚠
              </span>{' '}
              {issue.slice(2)}
            </p>
          ) : (
            <p key={issue} className="field-advice">
              <span aria-hidden="true" className="icon">
                ℹ
              </span>{' '}
              {issue.slice(2)}
            </p>
          ),
        )}
      </div>
    </div>
  );
}

interface LocalNumber {
  text: string;
  unit: number;
  /** The value the text stands for (null while it is not a usable number). */
  value: number | null;
}

/** A duration: a number and a unit picker (minutes, hours, days). */
export function DurationField({ field, hint }: { field: SettingsField; hint: string }) {
  const value = useFieldValue(field) as number;
  const inputError = useApp((state) => state.editor.inputErrors[field]);
  const typeNumber = useApp((state) => state.typeNumber);
  const editable = useEditable();
  const issues = useFieldIssues(field);
  const id = useId();
  const [local, setLocal] = useState<LocalNumber>(() => {
    const unit = bestUnit(value);
    return { text: String(value / unit), unit, value };
  });
  // Adjusting state to a new value from outside (discard, take theirs, a save).
  if (inputError === undefined && local.value !== value) {
    const unit = bestUnit(value);
    setLocal({ text: String(value / unit), unit, value });
  }
  const apply = (text: string, unit: number): void => {
    const trimmed = text.trim();
    const number = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * unit : Number.NaN;
    setLocal({ text, unit, value: Number.isInteger(number) ? number : null });
    typeNumber(field, text, unit);
  };
  const hasError = issues.some((issue) => issue.startsWith('e:'));
  const label = FIELD_RULES[field].label;
  return (
    <FieldFrame
      field={field}
      inputId={id}
      hint={hint}
      issues={issues}
      messagesId={`${id}-m`}
      hintId={`${id}-h`}
    >
      <div className="duration">
        <input
          id={id}
          className="number-input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={local.text}
          disabled={!editable}
          aria-invalid={hasError}
          aria-describedby={`${id}-h ${id}-m`}
          onChange={(event) => apply(event.target.value, local.unit)}
        />
        <select
          aria-label={`${label} unit`}
          value={local.unit}
          disabled={!editable}
          onChange={(event) => apply(local.text, Number(event.target.value))}
        >
          {UNITS.map((unit) => (
            <option key={unit.minutes} value={unit.minutes}>
              {unit.label}
            </option>
          ))}
        </select>
        {local.value !== null && local.unit !== 1 ? (
          <span className="duration-equals">= {formatMinutes(local.value)}</span>
        ) : null}
      </div>
    </FieldFrame>
  );
}

/** A whole number with its unit written beside it. */
export function NumberField({
  field,
  hint,
  unit,
}: {
  field: SettingsField;
  hint: string;
  unit: string;
}) {
  const value = useFieldValue(field) as number;
  const inputError = useApp((state) => state.editor.inputErrors[field]);
  const typeNumber = useApp((state) => state.typeNumber);
  const editable = useEditable();
  const issues = useFieldIssues(field);
  const id = useId();
  const [local, setLocal] = useState<{ text: string; value: number | null }>({
    text: String(value),
    value,
  });
  if (inputError === undefined && local.value !== value) {
    setLocal({ text: String(value), value });
  }
  const hasError = issues.some((issue) => issue.startsWith('e:'));
  return (
    <FieldFrame
      field={field}
      inputId={id}
      hint={hint}
      issues={issues}
      messagesId={`${id}-m`}
      hintId={`${id}-h`}
    >
      <div className="duration">
        <input
          id={id}
          className="number-input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={local.text}
          disabled={!editable}
          aria-invalid={hasError}
          aria-describedby={`${id}-h ${id}-m`}
          onChange={(event) => {
            const text = event.target.value;
            const trimmed = text.trim();
            setLocal({ text, value: /^\d+$/.test(trimmed) ? Number(trimmed) : null });
            typeNumber(field, text, 1);
          }}
        />
        <span className="unit-text">{unit}</span>
      </div>
    </FieldFrame>
  );
}

/** An on/off setting as a checkbox. */
export function SwitchField({ field, hint }: { field: SettingsField; hint: string }) {
  const value = useFieldValue(field) as boolean;
  const editField = useApp((state) => state.editField);
  const editable = useEditable();
  const issues = useFieldIssues(field);
  const id = useId();
  return (
    <FieldFrame
      field={field}
      inputId={id}
      hint={hint}
      issues={issues}
      messagesId={`${id}-m`}
      hintId={`${id}-h`}
      inline
    >
      <input
        id={id}
        type="checkbox"
        className="switch"
        checked={value}
        disabled={!editable}
        aria-describedby={`${id}-h ${id}-m`}
        onChange={(event) => editField(field, event.target.checked)}
      />
    </FieldFrame>
  );
}

/** One of a few values. */
export function ChoiceField({
  field,
  hint,
  options,
}: {
  field: SettingsField;
  hint: string;
  options: { value: string; label: string }[];
}) {
  const value = useFieldValue(field) as string;
  const editField = useApp((state) => state.editField);
  const editable = useEditable();
  const issues = useFieldIssues(field);
  const id = useId();
  const hasError = issues.some((issue) => issue.startsWith('e:'));
  return (
    <FieldFrame
      field={field}
      inputId={id}
      hint={hint}
      issues={issues}
      messagesId={`${id}-m`}
      hintId={`${id}-h`}
    >
      <select
        id={id}
        value={value}
        disabled={!editable}
        aria-invalid={hasError}
        aria-describedby={`${id}-h ${id}-m`}
        onChange={(event) => editField(field, event.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A short text (the cookie path). */
export function TextField({ field, hint }: { field: SettingsField; hint: string }) {
  const value = useFieldValue(field) as string;
  const editField = useApp((state) => state.editField);
  const editable = useEditable();
  const issues = useFieldIssues(field);
  const id = useId();
  const hasError = issues.some((issue) => issue.startsWith('e:'));
  return (
    <FieldFrame
      field={field}
      inputId={id}
      hint={hint}
      issues={issues}
      messagesId={`${id}-m`}
      hintId={`${id}-h`}
    >
      <input
        id={id}
        className="text-input"
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={value}
        disabled={!editable}
        aria-invalid={hasError}
        aria-describedby={`${id}-h ${id}-m`}
        onChange={(event) => editField(field, event.target.value)}
      />
    </FieldFrame>
  );
}
