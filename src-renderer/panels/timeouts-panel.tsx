/**
 * Timeouts: idle, session and absolute, each as a number and a unit; the baselines; and
 * the lifetime picture of a normal and a remembered session.
 */

import { isValidSettings, type SessionSettings } from '../../src-shared/settings';
import { BaselineBadges } from '../components/baseline-badges';
import { Card } from '../components/card';
import { DurationField } from '../components/fields';
import { LifetimeChart } from '../components/lifetime-chart';
import { useT } from '../i18n/translator-context';
import { SettingsFrame } from './settings-frame';

/** The Timeouts panel's fields, picture and baselines for a draft (a server's or a profile's). */
export function TimeoutsFields({ draft }: { draft: SessionSettings }) {
  const t = useT();
  return (
    <div className="panel-body">
      <Card id="timeouts-fields" title={t.t('app.timeouts.durations')}>
        <DurationField field="timeouts.idleMinutes" hint={t.t('app.timeouts.idleHint')} />
        <DurationField field="timeouts.sessionMinutes" hint={t.t('app.timeouts.sessionHint')} />
        <DurationField field="timeouts.absoluteMinutes" hint={t.t('app.timeouts.absoluteHint')} />
      </Card>
      {isValidSettings(draft) ? (
        <>
          <Card id="timeouts-lifetime" title={t.t('app.timeouts.lifetime')}>
            <LifetimeChart settings={draft} />
          </Card>
          <Card id="timeouts-baselines" title={t.t('app.baselines.title')}>
            <BaselineBadges settings={draft} />
          </Card>
        </>
      ) : (
        <p className="muted">{t.t('app.timeouts.invalid')}</p>
      )}
    </div>
  );
}

/** The Timeouts panel. */
export function TimeoutsPanel() {
  return <SettingsFrame>{(draft) => <TimeoutsFields draft={draft} />}</SettingsFrame>;
}
