/**
 * The editable fields of the settings panels: a duration (number and unit), a plain
 * number, a switch, a choice and a text, each labelled, with its one-line meaning and its
 * errors and advice underneath, validated as the admin types.
 */

import { useId, useMemo, useState, type ReactNode } from 'react';
import { FIELD_RULES, getField, type SettingsField } from '../../src-shared/settings';
import { DURATION_UNITS, MINUTES_PER_UNIT, largestWholeUnit } from '../../src-shared/duration';
import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import { useT } from '../i18n/translator-context';
import { fieldIssues, type FieldIssue } from '../state/editor';
import { useFieldActions, useFieldEditor } from './field-source';

/** The unit picker's choices, smallest first: minutes, hours, days. */
const UNITS = [...DURATION_UNITS].reverse().map((unit) => ({
  minutes: MINUTES_PER_UNIT[unit],
  label: `common.unit.${unit}s` as WindowMessageId,
}));

// Signs, not words: the same in every language.
const ERROR_GLYPH = '⚠';
const ADVICE_GLYPH = 'ℹ';

/** The errors and advice of one field, as the admin types. */
function useFieldIssues(field: SettingsField): FieldIssue[] {
  const editor = useFieldEditor((state) => state);
  return useMemo(() => fieldIssues(editor, field), [editor, field]);
}

function useFieldValue(field: SettingsField): number | boolean | string | undefined {
  return useFieldEditor((editor) => (editor.draft ? getField(editor.draft, field) : undefined));
}

function useChanged(field: SettingsField): boolean {
  return useFieldEditor((editor) =>
    editor.base && editor.draft
      ? getField(editor.base, field) !== getField(editor.draft, field)
      : false,
  );
}

/** What every field's input needs: its id, its issues, and whether it can be edited. */
interface FieldControl {
  id: string;
  issues: FieldIssue[];
  editable: boolean;
  hasError: boolean;
  /** The ids of the hint and of the messages, which describe the input. */
  describedBy: string;
}

function useFieldControl(field: SettingsField): FieldControl {
  const editable = useFieldEditor((editor) => editor.canUpdate && !editor.saving);
  const issues = useFieldIssues(field);
  const id = useId();
  return {
    id,
    issues,
    editable,
    hasError: issues.some((issue) => issue.kind === 'error'),
    describedBy: `${id}-h ${id}-m`,
  };
}

interface FieldFrameProps {
  field: SettingsField;
  hint: string;
  control: FieldControl;
  children: ReactNode;
  inline?: boolean;
}

function FieldFrame({ field, hint, control, children, inline }: FieldFrameProps) {
  const changed = useChanged(field);
  const label = (
    <label htmlFor={control.id} className="field-label">
      {FIELD_RULES[field].label}
      {changed ? <span className="changed-dot" aria-hidden="true" /> : null}
    </label>
  );
  return (
    <div
      className={['field', inline ? 'field-inline' : '', changed ? 'field-changed' : ''].join(' ')}
      data-field={field}
    >
      {inline ? (
        <div className="field-row">
          {children}
          {label}
        </div>
      ) : (
        <>
          {label}
          {children}
        </>
      )}
      <p className="field-hint" id={`${control.id}-h`}>
        {hint}
      </p>
      <div id={`${control.id}-m`} aria-live="polite" className="field-messages">
        {control.issues.map((issue) => (
          <p
            key={`${issue.kind}:${issue.message}`}
            className={issue.kind === 'error' ? 'field-error' : 'field-advice'}
          >
            <span aria-hidden="true" className="icon">
              {issue.kind === 'error' ? ERROR_GLYPH : ADVICE_GLYPH}
            </span>
            <span>{issue.message}</span>
          </p>
        ))}
      </div>
    </div>
  );
}

/** The text the admin types into a number field, and the value it stands for. */
interface LocalNumber {
  text: string;
  /** The value the text stands for (null while it is not a usable number). */
  value: number | null;
}

/**
 * The admin's text for a number field, kept while it is an input error and otherwise
 * replaced when the value changes from outside (discard, take theirs, a save).
 */
function useLocalNumber<T extends LocalNumber>(
  field: SettingsField,
  value: number,
  fromValue: (value: number) => T,
): [T, (local: T) => void] {
  const inputError = useFieldEditor((editor) => editor.inputErrors[field]);
  const [local, setLocal] = useState<T>(() => fromValue(value));
  if (inputError === undefined && local.value !== value) {
    setLocal(fromValue(value));
  }
  return [local, setLocal];
}

/** The text input of a number field. */
function NumberInput({
  control,
  text,
  inputMode,
  onText,
}: {
  control: FieldControl;
  text: string;
  inputMode: 'decimal' | 'numeric';
  onText: (text: string) => void;
}) {
  return (
    <input
      id={control.id}
      className="number-input"
      type="text"
      inputMode={inputMode}
      autoComplete="off"
      value={text}
      disabled={!control.editable}
      aria-invalid={control.hasError}
      aria-describedby={control.describedBy}
      onChange={(event) => onText(event.target.value)}
    />
  );
}

function durationText(value: number): LocalNumber & { unit: number } {
  const unit = MINUTES_PER_UNIT[largestWholeUnit(value)];
  return { text: String(value / unit), unit, value };
}

/** A duration: a number and a unit picker (minutes, hours, days). */
export function DurationField({ field, hint }: { field: SettingsField; hint: string }) {
  const t = useT();
  const value = useFieldValue(field) as number;
  const { typeNumber } = useFieldActions();
  const control = useFieldControl(field);
  const [local, setLocal] = useLocalNumber(field, value, durationText);
  const apply = (text: string, unit: number): void => {
    const trimmed = text.trim();
    const number = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * unit : Number.NaN;
    setLocal({ text, unit, value: Number.isInteger(number) ? number : null });
    typeNumber(field, text, unit);
  };
  return (
    <FieldFrame field={field} hint={hint} control={control}>
      <div className="duration">
        <NumberInput
          control={control}
          text={local.text}
          inputMode="decimal"
          onText={(text) => apply(text, local.unit)}
        />
        <select
          aria-label={t.t('app.field.unitOf', { label: FIELD_RULES[field].label })}
          value={local.unit}
          disabled={!control.editable}
          onChange={(event) => apply(local.text, Number(event.target.value))}
        >
          {UNITS.map((unit) => (
            <option key={unit.minutes} value={unit.minutes}>
              {t.t(unit.label)}
            </option>
          ))}
        </select>
        {local.value !== null && local.unit !== 1 ? (
          <span className="duration-equals">
            {t.t('app.field.equals', { duration: t.duration(local.value) })}
          </span>
        ) : null}
      </div>
    </FieldFrame>
  );
}

function numberText(value: number): LocalNumber {
  return { text: String(value), value };
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
  const { typeNumber } = useFieldActions();
  const control = useFieldControl(field);
  const [local, setLocal] = useLocalNumber(field, value, numberText);
  return (
    <FieldFrame field={field} hint={hint} control={control}>
      <div className="duration">
        <NumberInput
          control={control}
          text={local.text}
          inputMode="numeric"
          onText={(text) => {
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
  const { editField } = useFieldActions();
  const control = useFieldControl(field);
  return (
    <FieldFrame field={field} hint={hint} control={control} inline>
      <input
        id={control.id}
        type="checkbox"
        className="switch"
        checked={value}
        disabled={!control.editable}
        aria-describedby={control.describedBy}
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
  const { editField } = useFieldActions();
  const control = useFieldControl(field);
  return (
    <FieldFrame field={field} hint={hint} control={control}>
      <select
        id={control.id}
        value={value}
        disabled={!control.editable}
        aria-invalid={control.hasError}
        aria-describedby={control.describedBy}
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
  const { editField } = useFieldActions();
  const control = useFieldControl(field);
  return (
    <FieldFrame field={field} hint={hint} control={control}>
      <input
        id={control.id}
        className="text-input"
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={value}
        disabled={!control.editable}
        aria-invalid={control.hasError}
        aria-describedby={control.describedBy}
        onChange={(event) => editField(field, event.target.value)}
      />
    </FieldFrame>
  );
}
