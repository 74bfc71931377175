/**
 * The security baselines as badges: met, or missed with each rule it misses.
 */

import { evaluateBaselines } from '../../src-shared/baselines';
import type { SessionSettings } from '../../src-shared/settings';
import { plural } from '../../src-shared/plural';

/** A badge per baseline, with the rules missed under a disclosure. */
export function BaselineBadges({ settings }: { settings: SessionSettings }) {
  const results = evaluateBaselines(settings);
  return (
    <ul className="baselines" aria-label="Security baselines">
      {results.map((result) => (
        <li key={result.id} className={result.met ? 'baseline met' : 'baseline missed'}>
          {result.met ? (
            <span className="badge badge-ok">
              <span aria-hidden="true">✓ </span>
              Meets {result.name}
            </span>
          ) : (
            <details>
              <summary className="badge badge-warn">
                <span aria-hidden="true">✕ </span>
                Misses {result.name} ({plural(result.misses.length, 'rule')})
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
