/**
 * The lifetime picture: for a session starting now, where the idle, session and absolute
 * limits fall, for a normal and for a remembered session. The time axis is logarithmic so
 * minutes and months both stay readable.
 */

import { useId } from 'react';
import { sessionLifetimes } from '../../src-shared/session-lifetimes';
import type { SessionSettings } from '../../src-shared/settings';
import { useT, type WindowTranslator } from '../i18n/translator-context';

const WIDTH = 640;
const LEFT = 150;
const RIGHT = 24;
/** The axis ticks: where each falls, and how many of which unit it is (written by Intl). */
const TICKS = [
  { minutes: 1, value: 1, unit: 'minute' },
  { minutes: 15, value: 15, unit: 'minute' },
  { minutes: 60, value: 1, unit: 'hour' },
  { minutes: 480, value: 8, unit: 'hour' },
  { minutes: 1440, value: 1, unit: 'day' },
  { minutes: 10080, value: 1, unit: 'week' },
  { minutes: 43200, value: 30, unit: 'day' },
  { minutes: 525600, value: 1, unit: 'year' },
] as const;

/** The lifetime of a normal and a remembered session under these settings. */
export function describeLifetimes(
  t: WindowTranslator,
  settings: SessionSettings,
): {
  normal: string;
  remembered: string;
} {
  const { normalMinutes, remembered } = sessionLifetimes(settings);
  return {
    normal: t.t('app.lifetime.normal', {
      idle: t.duration(settings.timeouts.idleMinutes),
      max: t.duration(normalMinutes),
    }),
    remembered: remembered
      ? t.t('app.lifetime.remembered', {
          lifetime: t.duration(remembered.minutes),
          capped: remembered.capped ? 'yes' : 'no',
          returning: settings.persistence.resetExpiryAtLogon ? 'yes' : 'no',
        })
      : t.t('app.lifetime.rememberOff'),
  };
}

/** The timeline picture with a text equivalent. */
export function LifetimeChart({ settings }: { settings: SessionSettings }) {
  const t = useT();
  const titleId = useId();
  const descId = useId();
  const { idleMinutes, absoluteMinutes } = settings.timeouts;
  const lifetimes = sessionLifetimes(settings);
  const normalEnd = lifetimes.normalMinutes;
  const rememberedEnd = lifetimes.remembered?.minutes ?? 0;
  const domain = Math.max(absoluteMinutes, normalEnd, rememberedEnd, 60) * 1.15;
  const x = (minutes: number): number =>
    LEFT + (Math.log1p(Math.max(minutes, 0)) / Math.log1p(domain)) * (WIDTH - LEFT - RIGHT);
  const text = describeLifetimes(t, settings);
  const ticks = TICKS.filter((tick) => tick.minutes <= domain);
  const height = 150;
  // A row's bar runs from the axis to where the session ends (never thinner than 2 px to
  // stay visible); its end label follows it but stays inside the picture.
  const bar = (end: number, y: number, className: string) => (
    <rect
      x={LEFT}
      y={y}
      width={Math.max(x(end) - LEFT, 2)}
      height={18}
      rx={4}
      className={className}
    />
  );
  const endLabel = (end: number, y: number) => (
    <text x={Math.min(x(end) + 6, WIDTH - RIGHT)} y={y} className="lt-end">
      {t.duration(end, 'narrow')}
    </text>
  );
  return (
    <figure className="lifetime">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="lifetime-svg"
      >
        <title id={titleId}>{t.t('app.lifetime.title')}</title>
        <desc id={descId}>
          {t.t('app.lifetime.summary', {
            normal: text.normal,
            remembered: text.remembered,
            absolute: t.duration(absoluteMinutes),
          })}
        </desc>
        {ticks.map((tick) => (
          <g key={tick.minutes}>
            <line
              x1={x(tick.minutes)}
              x2={x(tick.minutes)}
              y1={16}
              y2={height - 26}
              className="lt-grid"
            />
            <text x={x(tick.minutes)} y={height - 10} textAnchor="middle" className="lt-tick">
              {t.number(tick.value, { style: 'unit', unit: tick.unit, unitDisplay: 'short' })}
            </text>
          </g>
        ))}
        <text x={8} y={48} className="lt-row-label">
          {t.t('app.lifetime.normalRow')}
        </text>
        {bar(normalEnd, 36, 'lt-bar-normal')}
        <line x1={x(idleMinutes)} x2={x(idleMinutes)} y1={30} y2={60} className="lt-idle" />
        <text x={x(idleMinutes)} y={26} textAnchor="middle" className="lt-marker">
          {t.t('app.lifetime.idle', { duration: t.duration(idleMinutes, 'narrow') })}
        </text>
        {endLabel(normalEnd, 49)}
        <text x={8} y={92} className="lt-row-label">
          {t.t('app.lifetime.rememberedRow')}
        </text>
        {lifetimes.remembered ? (
          <>
            {bar(rememberedEnd, 80, 'lt-bar-remembered')}
            {endLabel(rememberedEnd, 93)}
          </>
        ) : (
          <text x={LEFT} y={93} className="lt-off">
            {t.t('app.lifetime.off')}
          </text>
        )}
        <line
          x1={x(absoluteMinutes)}
          x2={x(absoluteMinutes)}
          y1={16}
          y2={height - 26}
          className="lt-absolute"
        />
        <text x={x(absoluteMinutes) - 4} y={112} textAnchor="end" className="lt-marker">
          {t.t('app.lifetime.absolute', { duration: t.duration(absoluteMinutes, 'narrow') })}
        </text>
      </svg>
      <figcaption className="lifetime-caption inline-gap">
        <span>{text.normal}</span>
        <span>{text.remembered}</span>
      </figcaption>
    </figure>
  );
}
