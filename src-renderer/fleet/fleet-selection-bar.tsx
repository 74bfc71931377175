/**
 * Under the fleet table: what is selected, and what can be done with it (compare up to 8
 * side by side, plan and apply to them, give them a profile).
 */

import { useId, useState } from 'react';
import { COMPARE_LIMIT } from '../state/fleet-dialogs';
import { useApp } from '../store-context';
import { plural } from '../../src-shared/plural';

/** The selection's actions; `shownIds` are the rows the filters show. */
export function FleetSelectionBar({ shownIds }: { shownIds: string[] }) {
  const id = useId();
  const selected = useApp((state) => state.fleet.selected);
  const profiles = useApp((state) => state.profiles);
  const setSelection = useApp((state) => state.setFleetSelection);
  const openDialog = useApp((state) => state.openDialog);
  const openPlan = useApp((state) => state.openPlan);
  const assignProfile = useApp((state) => state.assignProfile);
  const announce = useApp((state) => state.announce);
  const [profileId, setProfileId] = useState('');
  const count = selected.length;
  const assign = async (): Promise<void> => {
    const result = await assignProfile(selected, profileId === '' ? null : profileId);
    const name = profiles.find((profile) => profile.id === profileId)?.name;
    announce(
      result.ok
        ? `${plural(count, 'server')} ${name ? `now follow ${name}` : 'follow no profile now'}.`
        : `The profile could not be assigned: ${result.error.message}`,
    );
  };
  return (
    <div className="fleet-selection" aria-label="Selected servers" role="group">
      <p className="fleet-selection-count" data-testid="fleet-selected">
        {count === 0 ? 'No server selected.' : `${plural(count, 'server')} selected.`}
      </p>
      <div className="button-row">
        <button type="button" className="small" onClick={() => setSelection(shownIds)}>
          Select all shown
        </button>
        <button
          type="button"
          className="small"
          disabled={count === 0}
          onClick={() => setSelection([])}
        >
          Clear selection
        </button>
        <button
          type="button"
          disabled={count < 2 || count > COMPARE_LIMIT}
          title={
            count > COMPARE_LIMIT ? `Compare shows at most ${COMPARE_LIMIT} servers.` : undefined
          }
          onClick={() => openDialog({ kind: 'fleet-compare', serverIds: selected })}
        >
          Compare…
        </button>
        <button type="button" className="primary" onClick={() => openPlan()}>
          Plan and apply…
        </button>
      </div>
      <div className="button-row fleet-assign">
        <label htmlFor={`${id}-assign`}>Profile for the selected servers</label>
        <select
          id={`${id}-assign`}
          value={profileId}
          onChange={(event) => setProfileId(event.target.value)}
        >
          <option value="">No profile</option>
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {profile.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="small"
          disabled={count === 0}
          onClick={() => void assign()}
        >
          Assign
        </button>
      </div>
    </div>
  );
}
