/**
 * Timeouts: idle, session and absolute, each as a number and a unit; the baselines; and
 * the lifetime picture of a normal and a remembered session.
 */

import { isValidSettings } from '../../src-shared/settings';
import { BaselineBadges } from '../components/baseline-badges';
import { DurationField } from '../components/fields';
import { LifetimeChart } from '../components/lifetime-chart';
import { SettingsFrame } from './settings-frame';

/** The Timeouts panel. */
export function TimeoutsPanel() {
  return (
    <SettingsFrame>
      {(draft) => (
        <div className="panel-body">
          <section className="card" aria-labelledby="timeouts-fields">
            <h3 id="timeouts-fields" className="card-title">
              Durations
            </h3>
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
          </section>
          {isValidSettings(draft) ? (
            <>
              <section className="card" aria-labelledby="timeouts-lifetime">
                <h3 id="timeouts-lifetime" className="card-title">
                  A session starting now
                </h3>
                <LifetimeChart settings={draft} />
              </section>
              <section className="card" aria-labelledby="timeouts-baselines">
                <h3 id="timeouts-baselines" className="card-title">
                  Baselines
                </h3>
                <BaselineBadges settings={draft} />
              </section>
            </>
          ) : (
            <p className="muted">
              The picture and the baselines come back once the values are valid.
            </p>
          )}
        </div>
      )}
    </SettingsFrame>
  );
}
