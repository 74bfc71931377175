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
import { formatTime } from '../labels';
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
import { agree } from '../../src-shared/plural';

function formatDay(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

function FieldVerdicts({ drift, entry }: { drift: ServerDrift; entry: DriftedField }) {
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
        <strong>{label}</strong>: {drift.profileName} has{' '}
        <span className="mono">{formatValue(entry.field, entry.profileValue)}</span>, the server{' '}
        <span className="mono">{formatValue(entry.field, entry.serverValue)}</span>
        <span className="muted">
          {' '}
          · {entry.by ? `changed by ${entry.by}` : 'found'} {formatTime(entry.since)}
        </span>
      </p>
      {accepted && entry.acceptedUntil ? (
        <p className="drift-accepted" data-testid="drift-accepted">
          <span className="badge badge-info">Accepted until {formatDay(entry.acceptedUntil)}</span>{' '}
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => void run(() => acceptDrift(drift.serverId, entry.field, null))}
          >
            Remove the exception
          </button>
        </p>
      ) : (
        <div className="drift-verdicts" role="group" aria-label={`Verdict on ${label}`}>
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => revertDrift(drift.serverId, [entry.field]))}
          >
            Revert…
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(() => adoptDrift(drift.serverId, entry.field))}
          >
            Adopt into {drift.profileName}
          </button>
          <span className="drift-accept">
            <label htmlFor={`${id}-until`}>Accept until</label>
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
              Accept
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

const VERDICT_WORDS: Record<DriftVerdict['kind'], string> = {
  reverted: 'Reverted',
  adopted: 'Adopted into the profile',
  accepted: 'Accepted',
};

function verdictText(verdict: DriftVerdict): string {
  const words = VERDICT_WORDS[verdict.kind];
  const until = verdict.until ? ` until ${formatDay(verdict.until)}` : '';
  const by = verdict.by ? ` by ${verdict.by}` : '';
  return `${words}${until}${by} (${formatTime(verdict.at)})`;
}

function HistoryEntry({ record }: { record: DriftRecord }) {
  return (
    <li className="drift-record">
      <p>
        <strong>{formatTime(record.at)}</strong> · <bdi>{record.actor}</bdi>
        {record.notified ? null : (
          <span className="muted">
            {' '}
            · not notified ({record.ownSave ? 'saved through this app' : 'accepted exceptions'})
          </span>
        )}
      </p>
      <ul className="diff">
        {record.fields.map((change) => {
          const verdict = record.verdicts.find((known) => known.field === change.field);
          return (
            <li key={change.field}>
              <span className="diff-label">{fieldLabel(change.field)}</span>{' '}
              {formatValue(change.field, change.from)} → {formatValue(change.field, change.to)}
              <span className={verdict ? 'drift-verdict' : 'drift-verdict muted'}>
                {' '}
                · {verdict ? verdictText(verdict) : 'No verdict yet'}
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
  if (history.length === 0) return <p className="muted">No drift recorded yet.</p>;
  return (
    <ol className="drift-history" aria-label="Drift history" data-testid="drift-history">
      {history.map((record) => (
        <HistoryEntry key={`${record.eventId}-${record.at}`} record={record} />
      ))}
    </ol>
  );
}

/** A server's drifted fields with their verdicts, and its history. */
export function DriftDetails({ drift }: { drift: ServerDrift }) {
  const revertDrift = useApp((state) => state.revertDrift);
  const readAt = useApp((state) => state.drift.readAt);
  const open = openFields(drift, readAt);
  const openNames: SettingsField[] = open.map((entry) => entry.field);
  return (
    <div className="drift" data-testid="drift-details">
      <p>
        {open.length > 0
          ? `${agree(open.length, 'One field differs', `${open.length} fields differ`)} from ${drift.profileName}. For each: revert it to the profile’s value, adopt the server’s value into the profile, or accept it for this server until a day.`
          : `Matches ${drift.profileName}, except what is accepted below.`}
      </p>
      {drift.fields.length > 0 ? (
        <ul className="drift-fields" aria-label="Drifted fields">
          {drift.fields.map((entry) => (
            <FieldVerdicts key={entry.field} drift={drift} entry={entry} />
          ))}
        </ul>
      ) : null}
      {open.length > 1 ? (
        <p>
          <button type="button" onClick={() => void revertDrift(drift.serverId, openNames)}>
            Revert all {open.length}…
          </button>
        </p>
      ) : null}
      <h3 className="drift-history-title">Drift history</h3>
      <DriftHistory history={drift.history} />
    </div>
  );
}
