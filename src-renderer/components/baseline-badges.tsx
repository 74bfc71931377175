/**
 * The security baselines as badges: met, or missed with each rule it misses.
 */

import { evaluateBaselines } from '../../src-shared/baselines';
import type { SessionSettings } from '../../src-shared/settings';
import { useT } from '../i18n/translator-context';

// Signs, not words: the same in every language.
const MET_GLYPH = '✓';
const MISSED_GLYPH = '✕';

/** A badge per baseline, with the rules missed under a disclosure. */
export function BaselineBadges({ settings }: { settings: SessionSettings }) {
  const t = useT();
  const results = evaluateBaselines(settings);
  return (
    <ul className="baselines" aria-label={t.t('app.baselines.label')}>
      {results.map((result) => (
        <li key={result.id} className={result.met ? 'baseline met' : 'baseline missed'}>
          {result.met ? (
            <span className="badge badge-ok">
              <span aria-hidden="true">{MET_GLYPH}</span>
              {t.t('app.baselines.meets', { name: result.name })}
            </span>
          ) : (
            <details>
              <summary className="badge badge-warn">
                <span aria-hidden="true">{MISSED_GLYPH}</span>
                {t.t('app.baselines.misses', { name: result.name, count: result.misses.length })}
              </summary>
              <ul className="baseline-misses">
                {result.misses.map((miss) => (
                  <li key={`${miss.rule}-${miss.field}`}>{miss.message}</li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
