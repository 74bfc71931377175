/**
 * A server's drift from its profile, field by field, with the admin's verdict for each:
 * revert it (the plan and confirmation of any apply, with the profile as source, for that
 * field), adopt it into the profile, or accept it as an exception until a day (30 days
 * ahead unless another is picked); an accepted field shows its date and can be taken back.
 * Below, the drift history: when, who, which fields from what to what, and the verdict.
 */

import { useId, useState } from 'react';
import type { DriftRecord, DriftVerdict, DriftedField, ServerDrift } from '../../src-shared/drift';
import type { AppError } from '../../src-shared/errors';
import type { SettingsField } from '../../src-shared/settings';
import { ErrorMessage } from '../components/error-message';
import { useT, type WindowTranslator } from '../i18n/translator-context';
import {
  DEFAULT_EXCEPTION_DAYS,
  dayFromNow,
  exceptionUntil,
  isAccepted,
  openFields,
} from '../state/drift';
import { formatValue } from '../state/editor';
import { useApp } from '../store-context';
import { fieldLabel } from './fleet-labels';

/** A day as the drift shows it ("7 Dec 2026"). */
const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

/** A moment as the drift shows it ("7 Dec, 14:05"). */
const WHEN: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
};

const mono = (parts: unknown[]) => (
  <span key={String(parts[0])} className="mono">
    {parts as string[]}
  </span>
);

function FieldVerdicts({ drift, entry }: { drift: ServerDrift; entry: DriftedField }) {
  const t = useT();
  const id = useId();
  const adoptDrift = useApp((state) => state.adoptDrift);
  const acceptDrift = useApp((state) => state.acceptDrift);
  const revertDrift = useApp((state) => state.revertDrift);
  const readAt = useApp((state) => state.drift.readAt);
  const [today] = useState(() => dayFromNow(Date.now(), 0));
  const [day, setDay] = useState(() => dayFromNow(Date.now(), DEFAULT_EXCEPTION_DAYS));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [dayProblem, setDayProblem] = useState<string | null>(null);
  const run = async (action: () => Promise<{ ok: boolean; error?: AppError }>): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await action();
    setBusy(false);
    if (!result.ok && result.error) setError(result.error);
  };
  const accept = (): void => {
    const until = exceptionUntil(day, Date.now());
    setDayProblem(until.ok ? null : until.message);
    if (until.ok) void run(() => acceptDrift(drift.serverId, entry.field, until.until));
  };
  const label = fieldLabel(entry.field);
  const accepted = isAccepted(entry, readAt);
  return (
    <li className="drift-field" data-testid={`drift-field-${entry.field}`}>
      <p className="drift-field-head">
        {t.rich('fleet.drift.fieldHead', {
          field: label,
          profile: drift.profileName,
          profileValue: formatValue(entry.field, entry.profileValue),
          serverValue: formatValue(entry.field, entry.serverValue),
          strong: (parts) => <strong key="field">{parts}</strong>,
          mono,
        })}
        <span className="muted">
          {entry.by
            ? t.t('fleet.drift.changedBy', { by: entry.by, time: t.dateTime(entry.since, WHEN) })
            : t.t('fleet.drift.found', { time: t.dateTime(entry.since, WHEN) })}
        </span>
      </p>
      {accepted && entry.acceptedUntil ? (
        <p className="drift-accepted" data-testid="drift-accepted">
          <span className="badge badge-info">
            {t.t('fleet.drift.acceptedUntil', { day: t.dateTime(entry.acceptedUntil, DAY) })}
          </span>
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => void run(() => acceptDrift(drift.serverId, entry.field, null))}
          >
            {t.t('fleet.drift.removeException')}
          </button>
        </p>
      ) : (
        <div
          className="drift-verdicts"
          role="group"
          aria-label={t.t('fleet.drift.verdictOn', { field: label })}
        >
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => revertDrift(drift.serverId, [entry.field]))}
          >
            {t.t('fleet.drift.revert')}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => adoptDrift(drift.serverId, entry.field))}
          >
            {t.t('fleet.drift.adopt', { profile: drift.profileName })}
          </button>
          <span className="drift-accept">
            <label htmlFor={`${id}-until`}>{t.t('fleet.drift.acceptUntil')}</label>
            <input
              id={`${id}-until`}
              type="date"
              value={day}
              min={today}
              aria-invalid={dayProblem ? true : undefined}
              aria-describedby={dayProblem ? `${id}-problem` : undefined}
              onChange={(event) => setDay(event.target.value)}
            />
            <button type="button" disabled={busy} onClick={accept}>
              {t.t('fleet.drift.accept')}
            </button>
          </span>
          {dayProblem ? (
            <p id={`${id}-problem`} className="field-error">
              {dayProblem}
            </p>
          ) : null}
        </div>
      )}
      {error ? <ErrorMessage error={error} compact /> : null}
    </li>
  );
}

function verdictText(t: WindowTranslator, verdict: DriftVerdict): string {
  return t.t('fleet.drift.verdict', {
    kind: verdict.kind,
    until: verdict.until ? t.dateTime(verdict.until, DAY) : 'none',
    by: verdict.by ?? 'none',
    time: t.dateTime(verdict.at, WHEN),
  });
}

function HistoryEntry({ record }: { record: DriftRecord }) {
  const t = useT();
  return (
    <li className="drift-record">
      <p>
        {t.rich('fleet.drift.recordHead', {
          time: t.dateTime(record.at, WHEN),
          actor: record.actor,
          strong: (parts) => <strong key="time">{parts}</strong>,
          bdi: (parts) => <bdi key="actor">{parts}</bdi>,
        })}
        {record.notified ? null : (
          <span className="muted">
            {t.t('fleet.drift.notNotified', { reason: record.ownSave ? 'own' : 'accepted' })}
          </span>
        )}
      </p>
      <ul className="diff">
        {record.fields.map((change) => {
          const verdict = record.verdicts.find((known) => known.field === change.field);
          return (
            <li key={change.field}>
              {t.rich('fleet.drift.change', {
                field: fieldLabel(change.field),
                from: formatValue(change.field, change.from),
                to: formatValue(change.field, change.to),
                label: (parts) => (
                  <span key="label" className="diff-label">
                    {parts}
                  </span>
                ),
              })}
              <span className={verdict ? 'drift-verdict' : 'drift-verdict muted'}>
                {t.t('fleet.drift.verdictSuffix', {
                  verdict: verdict ? verdictText(t, verdict) : t.t('fleet.drift.noVerdict'),
                })}
              </span>
            </li>
          );
        })}
      </ul>
    </li>
  );
}

/** The drift history of a server (newest first). */
export function DriftHistory({ history }: { history: DriftRecord[] }) {
  const t = useT();
  if (history.length === 0) return <p className="muted">{t.t('fleet.drift.noHistory')}</p>;
  return (
    <ol
      className="drift-history"
      aria-label={t.t('fleet.drift.historyLabel')}
      data-testid="drift-history"
    >
      {history.map((record) => (
        <HistoryEntry key={`${record.eventId}-${record.at}`} record={record} />
      ))}
    </ol>
  );
}

/** A server's drifted fields with their verdicts, and its history. */
export function DriftDetails({ drift }: { drift: ServerDrift }) {
  const t = useT();
  const revertDrift = useApp((state) => state.revertDrift);
  const readAt = useApp((state) => state.drift.readAt);
  const open = openFields(drift, readAt);
  const openNames: SettingsField[] = open.map((entry) => entry.field);
  return (
    <div className="drift" data-testid="drift-details">
      <p>
        {open.length > 0
          ? t.t('fleet.drift.summaryOpen', { count: open.length, profile: drift.profileName })
          : t.t('fleet.drift.summaryMatches', { profile: drift.profileName })}
      </p>
      {drift.fields.length > 0 ? (
        <ul className="drift-fields" aria-label={t.t('fleet.drift.fieldsLabel')}>
          {drift.fields.map((entry) => (
            <FieldVerdicts key={entry.field} drift={drift} entry={entry} />
          ))}
        </ul>
      ) : null}
      {open.length > 1 ? (
        <p>
          <button type="button" onClick={() => void revertDrift(drift.serverId, openNames)}>
            {t.t('fleet.drift.revertAll', { count: open.length })}
          </button>
        </p>
      ) : null}
      <h3 className="drift-history-title">{t.t('fleet.drift.historyLabel')}</h3>
      <DriftHistory history={drift.history} />
    </div>
  );
}
