/**
 * Under the fleet table: what is selected, and what can be done with it (compare up to 8
 * side by side, plan and apply to them, give them a profile).
 */

import { useId, useState } from 'react';
import { COMPARE_LIMIT } from '../state/fleet-dialogs';
import { useApp } from '../store-context';
import { useT } from '../i18n/translator-context';

/** The selection's actions; `shownIds` are the rows the filters show. */
export function FleetSelectionBar({ shownIds }: { shownIds: string[] }) {
  const t = useT();
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
        ? name
          ? t.t('fleet.selection.assigned', { count, profile: name })
          : t.t('fleet.selection.unassigned', { count })
        : t.t('fleet.selection.assignFailed', { message: result.error.message }),
    );
  };
  return (
    <div className="fleet-selection" aria-label={t.t('fleet.selection.label')} role="group">
      <p className="fleet-selection-count" data-testid="fleet-selected">
        {t.t('fleet.selection.count', { count })}
      </p>
      <div className="button-row">
        <button type="button" className="small" onClick={() => setSelection(shownIds)}>
          {t.t('fleet.selection.selectShown')}
        </button>
        <button
          type="button"
          className="small"
          disabled={count === 0}
          onClick={() => setSelection([])}
        >
          {t.t('fleet.selection.clear')}
        </button>
        <button
          type="button"
          disabled={count < 2 || count > COMPARE_LIMIT}
          title={
            count > COMPARE_LIMIT
              ? t.t('fleet.selection.compareLimit', { limit: COMPARE_LIMIT })
              : undefined
          }
          onClick={() => openDialog({ kind: 'fleet-compare', serverIds: selected })}
        >
          {t.t('fleet.selection.compare')}
        </button>
        <button type="button" className="primary" onClick={() => openPlan()}>
          {t.t('fleet.selection.plan')}
        </button>
      </div>
      <div className="button-row fleet-assign">
        <label htmlFor={`${id}-assign`}>{t.t('fleet.selection.profileFor')}</label>
        <select
          id={`${id}-assign`}
          value={profileId}
          onChange={(event) => setProfileId(event.target.value)}
        >
          <option value="">{t.t('fleet.filter.noProfile')}</option>
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
          {t.t('fleet.selection.assign')}
        </button>
      </div>
    </div>
  );
}
