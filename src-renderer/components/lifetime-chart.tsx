/**
 * The lifetime picture: for a session starting now, where the idle, session and absolute
 * limits fall, for a normal and for a remembered session. The time axis is logarithmic so
 * minutes and months both stay readable.
 */

import { useId } from 'react';
import { formatMinutes } from '../../src-shared/duration';
import { sessionLifetimes } from '../../src-shared/session-lifetimes';
import type { SessionSettings } from '../../src-shared/settings';

const WIDTH = 640;
const LEFT = 150;
const RIGHT = 24;
const TICKS = [
  { minutes: 1, label: '1 min' },
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 480, label: '8 h' },
  { minutes: 1440, label: '1 d' },
  { minutes: 10080, label: '1 wk' },
  { minutes: 43200, label: '30 d' },
  { minutes: 525600, label: '1 yr' },
];

/** The lifetime of a normal and a remembered session under these settings. */
export function describeLifetimes(settings: SessionSettings): {
  normal: string;
  remembered: string;
} {
  const { normalMinutes, remembered } = sessionLifetimes(settings);
  return {
    normal: `A normal session ends after ${formatMinutes(settings.timeouts.idleMinutes)} without activity, and ${formatMinutes(normalMinutes)} after login at the latest.`,
    remembered: remembered
      ? `A remembered session has no idle limit and ends ${formatMinutes(remembered.minutes)} after login${
          remembered.capped ? ' (capped by the absolute timeout)' : ''
        }${settings.persistence.resetExpiryAtLogon ? ', or later if the user keeps returning' : ''}.`
      : 'Remember-me is off: every session is a normal one.',
  };
}

/** The timeline picture with a text equivalent. */
export function LifetimeChart({ settings }: { settings: SessionSettings }) {
  const titleId = useId();
  const descId = useId();
  const { idleMinutes, absoluteMinutes } = settings.timeouts;
  const lifetimes = sessionLifetimes(settings);
  const normalEnd = lifetimes.normalMinutes;
  const rememberedEnd = lifetimes.remembered?.minutes ?? 0;
  const domain = Math.max(absoluteMinutes, normalEnd, rememberedEnd, 60) * 1.15;
  const x = (minutes: number): number =>
    LEFT + (Math.log1p(Math.max(minutes, 0)) / Math.log1p(domain)) * (WIDTH - LEFT - RIGHT);
  const text = describeLifetimes(settings);
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
      {formatMinutes(end)}
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
        <title id={titleId}>Session lifetime, starting now</title>
        <desc id={descId}>
          {text.normal} {text.remembered} No session outlives the absolute timeout of{' '}
          {formatMinutes(absoluteMinutes)}.
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
              {tick.label}
            </text>
          </g>
        ))}
        <text x={8} y={48} className="lt-row-label">
          Normal session
        </text>
        {bar(normalEnd, 36, 'lt-bar-normal')}
        <line x1={x(idleMinutes)} x2={x(idleMinutes)} y1={30} y2={60} className="lt-idle" />
        <text x={x(idleMinutes)} y={26} textAnchor="middle" className="lt-marker">
          idle {formatMinutes(idleMinutes)}
        </text>
        {endLabel(normalEnd, 49)}
        <text x={8} y={92} className="lt-row-label">
          Remembered
        </text>
        {lifetimes.remembered ? (
          <>
            {bar(rememberedEnd, 80, 'lt-bar-remembered')}
            {endLabel(rememberedEnd, 93)}
          </>
        ) : (
          <text x={LEFT} y={93} className="lt-off">
            off
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
          absolute {formatMinutes(absoluteMinutes)}
        </text>
      </svg>
      <figcaption className="lifetime-caption">
        <span>{text.normal}</span> <span>{text.remembered}</span>
      </figcaption>
    </figure>
  );
}
