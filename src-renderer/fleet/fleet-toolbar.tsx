/**
 * Above the fleet table: the reference every cell is compared with (a server or a
 * profile), and the filters (environment, state, profile, drift, "differs from the
 * reference").
 */

import { useId } from 'react';
import { READ_ROW_STATES, SERVER_PROBLEM_KINDS } from '../../src-shared/fleet';
import { ENVIRONMENTS } from '../../src-shared/domain';
import { ENVIRONMENT_LABELS } from '../labels';
import { isFiltering, NO_FILTER, type FleetFilter } from '../state/fleet-table';
import { useApp } from '../store-context';
import { useT, type WindowTranslator } from '../i18n/translator-context';
import { rowStateLabel } from './fleet-labels';
import { SourceSelect } from './source-select';

/** The state filter's choices: one state, or every problem at once. */
const STATE_CHOICES: {
  value: string;
  label: (t: WindowTranslator) => string;
  states: FleetFilter['states'];
}[] = [
  { value: '', label: (t) => t.t('fleet.filter.anyState'), states: [] },
  { value: 'read', label: (t) => rowStateLabel(t, 'ok'), states: [...READ_ROW_STATES] },
  {
    value: 'problems',
    label: (t) => t.t('fleet.filter.problems'),
    states: [...SERVER_PROBLEM_KINDS, 'reading'],
  },
  ...(['read_only', ...SERVER_PROBLEM_KINDS] as const).map((state) => ({
    value: state,
    label: (t: WindowTranslator) => rowStateLabel(t, state),
    states: [state],
  })),
];

function stateChoice(filter: FleetFilter): string {
  const key = [...filter.states].sort().join(',');
  return STATE_CHOICES.find((choice) => [...choice.states].sort().join(',') === key)?.value ?? '';
}

/** The reference chooser and the filters. */
export function FleetToolbar({ shown, total }: { shown: number; total: number }) {
  const t = useT();
  const id = useId();
  const profiles = useApp((state) => state.profiles);
  const reference = useApp((state) => state.fleet.reference);
  const filter = useApp((state) => state.fleet.filter);
  const setReference = useApp((state) => state.setFleetReference);
  const setFilter = useApp((state) => state.setFleetFilter);
  const change = (part: Partial<FleetFilter>): void => void setFilter({ ...filter, ...part });
  return (
    <div className="fleet-toolbar">
      <div className="fleet-control">
        <label htmlFor={`${id}-reference`}>{t.t('fleet.filter.compareWith')}</label>
        <SourceSelect
          id={`${id}-reference`}
          value={reference}
          onChange={(choice) => setReference(choice)}
          noneLabel={t.t('fleet.filter.noReference')}
        />
      </div>
      <div className="fleet-control">
        <label htmlFor={`${id}-environment`}>{t.t('fleet.column.environment')}</label>
        <select
          id={`${id}-environment`}
          value={filter.environments[0] ?? ''}
          onChange={(event) =>
            change({
              environments: event.target.value
                ? [event.target.value as FleetFilter['environments'][number]]
                : [],
            })
          }
        >
          <option value="">{t.t('fleet.filter.anyEnvironment')}</option>
          {ENVIRONMENTS.map((environment) => (
            <option key={environment} value={environment}>
              {ENVIRONMENT_LABELS[environment]}
            </option>
          ))}
          <option value="none">{t.t('fleet.none')}</option>
        </select>
      </div>
      <div className="fleet-control">
        <label htmlFor={`${id}-state`}>{t.t('fleet.column.state')}</label>
        <select
          id={`${id}-state`}
          value={stateChoice(filter)}
          onChange={(event) =>
            change({
              states:
                STATE_CHOICES.find((choice) => choice.value === event.target.value)?.states ?? [],
            })
          }
        >
          {STATE_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label(t)}
            </option>
          ))}
        </select>
      </div>
      <div className="fleet-control">
        <label htmlFor={`${id}-profile`}>{t.t('fleet.column.profile')}</label>
        <select
          id={`${id}-profile`}
          value={filter.profile}
          onChange={(event) => change({ profile: event.target.value })}
        >
          <option value="any">{t.t('fleet.filter.anyProfile')}</option>
          <option value="none">{t.t('fleet.filter.noProfile')}</option>
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {profile.name}
            </option>
          ))}
        </select>
      </div>
      <div className="fleet-control">
        <label htmlFor={`${id}-drift`}>{t.t('fleet.filter.drift')}</label>
        <select
          id={`${id}-drift`}
          value={filter.drift}
          onChange={(event) => change({ drift: event.target.value as FleetFilter['drift'] })}
        >
          <option value="any">{t.t('fleet.filter.driftAny')}</option>
          <option value="drifted">{t.t('fleet.driftedFromItsProfile')}</option>
          <option value="not_drifted">{t.t('fleet.filter.notDrifted')}</option>
        </select>
      </div>
      <div className="fleet-control fleet-control-inline">
        <input
          id={`${id}-differs`}
          type="checkbox"
          checked={filter.differsOnly}
          disabled={!reference}
          onChange={(event) => change({ differsOnly: event.target.checked })}
        />
        <label htmlFor={`${id}-differs`}>{t.t('fleet.filter.differsOnly')}</label>
      </div>
      <p className="muted fleet-count" role="status" data-testid="fleet-count">
        {isFiltering(filter)
          ? t.t('fleet.count.shownOf', { shown, total })
          : t.t('fleet.count.servers', { count: total })}
        {isFiltering(filter) ? (
          <button type="button" className="link" onClick={() => setFilter(NO_FILTER)}>
            {t.t('fleet.filter.clear')}
          </button>
        ) : null}
      </p>
    </div>
  );
}
