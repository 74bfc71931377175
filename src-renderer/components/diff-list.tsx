/**
 * A list of changes, old value to new, as the save bar, a profile's editor and a plan show
 * them.
 */

import type { FieldChange } from '../../src-shared/settings-diff';
import { FIELD_RULES } from '../../src-shared/settings';
import { useT } from '../i18n/translator-context';
import { formatValue, type DiffEntry } from '../state/editor';

/** A settings change (from the shared diff) as a line of the list. */
export function diffEntry(change: FieldChange): DiffEntry {
  return {
    field: change.field,
    label: FIELD_RULES[change.field].label,
    before: formatValue(change.field, change.from),
    after: formatValue(change.field, change.to),
  };
}

/** The changes, one per line: label, old value, arrow, new value. */
export function DiffList({ entries, label }: { entries: readonly DiffEntry[]; label?: string }) {
  const t = useT();
  return (
    <ul className="diff" aria-label={label}>
      {entries.map((entry) => (
        <li key={entry.field}>
          {t.rich('app.diff.row', {
            label: entry.label,
            before: entry.before,
            after: entry.after,
            l: (parts) => (
              <span key="l" className="diff-label">
                {parts}
              </span>
            ),
            o: (parts) => (
              <span key="o" className="diff-old">
                {parts}
              </span>
            ),
            to: (parts) => (
              <span key="to" aria-label={t.t('app.diff.becomes')}>
                {parts}
              </span>
            ),
            n: (parts) => (
              <span key="n" className="diff-new">
                {parts}
              </span>
            ),
          })}
        </li>
      ))}
    </ul>
  );
}
