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
import { ROW_STATE_LABELS } from './fleet-labels';
import { SourceSelect } from './source-select';
import { plural } from '../../src-shared/plural';

/** The state filter's choices: one state, or every problem at once. */
const STATE_CHOICES: { value: string; label: string; states: FleetFilter['states'] }[] = [
  { value: '', label: 'Any state', states: [] },
  { value: 'read', label: 'Read', states: [...READ_ROW_STATES] },
  { value: 'problems', label: 'Could not be read', states: [...SERVER_PROBLEM_KINDS, 'reading'] },
  ...(['read_only', ...SERVER_PROBLEM_KINDS] as const).map((state) => ({
    value: state,
    label: ROW_STATE_LABELS[state],
    states: [state],
  })),
];

function stateChoice(filter: FleetFilter): string {
  const key = [...filter.states].sort().join(',');
  return STATE_CHOICES.find((choice) => [...choice.states].sort().join(',') === key)?.value ?? '';
}

/** The reference chooser and the filters. */
export function FleetToolbar({ shown, total }: { shown: number; total: number }) {
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
        <label htmlFor={`${id}-reference`}>Compare with</label>
        <SourceSelect
          id={`${id}-reference`}
          value={reference}
          onChange={(choice) => setReference(choice)}
          noneLabel="No reference"
        />
      </div>
      <div className="fleet-control">
        <label htmlFor={`${id}-environment`}>Environment</label>
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
          <option value="">Any environment</option>
          {ENVIRONMENTS.map((environment) => (
            <option key={environment} value={environment}>
              {ENVIRONMENT_LABELS[environment]}
            </option>
          ))}
          <option value="none">None</option>
        </select>
      </div>
      <div className="fleet-control">
        <label htmlFor={`${id}-state`}>State</label>
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
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <div className="fleet-control">
        <label htmlFor={`${id}-profile`}>Profile</label>
        <select
          id={`${id}-profile`}
          value={filter.profile}
          onChange={(event) => change({ profile: event.target.value })}
        >
          <option value="any">Any profile</option>
          <option value="none">No profile</option>
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {profile.name}
            </option>
          ))}
        </select>
      </div>
      <div className="fleet-control">
        <label htmlFor={`${id}-drift`}>Drift</label>
        <select
          id={`${id}-drift`}
          value={filter.drift}
          onChange={(event) => change({ drift: event.target.value as FleetFilter['drift'] })}
        >
          <option value="any">Drifted or not</option>
          <option value="drifted">Drifted from its profile</option>
          <option value="not_drifted">Not drifted</option>
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
        <label htmlFor={`${id}-differs`}>Only servers that differ from the reference</label>
      </div>
      <p className="muted fleet-count" role="status" data-testid="fleet-count">
        {isFiltering(filter) ? `${shown} of ${plural(total, 'server')}` : plural(total, 'server')}
        {isFiltering(filter) ? (
          <>
            {' '}
            <button type="button" className="link" onClick={() => setFilter(NO_FILTER)}>
              Clear filters
            </button>
          </>
        ) : null}
      </p>
    </div>
  );
}
