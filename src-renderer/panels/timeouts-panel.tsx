/**
 * Timeouts: idle, session and absolute, each as a number and a unit; the baselines; and
 * the lifetime picture of a normal and a remembered session.
 */

import { isValidSettings, type SessionSettings } from '../../src-shared/settings';
import { BaselineBadges } from '../components/baseline-badges';
import { Card } from '../components/card';
import { DurationField } from '../components/fields';
import { LifetimeChart } from '../components/lifetime-chart';
import { SettingsFrame } from './settings-frame';

/** The Timeouts panel's fields, picture and baselines for a draft (a server's or a profile's). */
export function TimeoutsFields({ draft }: { draft: SessionSettings }) {
  return (
    <div className="panel-body">
      <Card id="timeouts-fields" title="Durations">
        <DurationField
          field="timeouts.idleMinutes"
          hint="A normal session ends after this long without any activity."
        />
        <DurationField
          field="timeouts.sessionMinutes"
          hint="A normal session ends this long after login, even while it is in use."
        />
        <DurationField
          field="timeouts.absoluteMinutes"
          hint="No session, remembered or not, lives longer than this after login."
        />
      </Card>
      {isValidSettings(draft) ? (
        <>
          <Card id="timeouts-lifetime" title="A session starting now">
            <LifetimeChart settings={draft} />
          </Card>
          <Card id="timeouts-baselines" title="Baselines">
            <BaselineBadges settings={draft} />
          </Card>
        </>
      ) : (
        <p className="muted">The picture and the baselines come back once the values are valid.</p>
      )}
    </div>
  );
}

/** The Timeouts panel. */
export function TimeoutsPanel() {
  return <SettingsFrame>{(draft) => <TimeoutsFields draft={draft} />}</SettingsFrame>;
}
