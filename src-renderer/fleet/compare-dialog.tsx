/**
 * Compare: up to 8 servers side by side, a column each and a row per setting (grouped by
 * section), each value that differs from the first server's (or the reference's, when one
 * is chosen) marked, with that value in its tooltip.
 */

import { getField, FIELD_RULES } from '../../src-shared/settings';
import {
  SECTION_FIELDS,
  SECTION_LABELS,
  SETTINGS_SECTIONS,
} from '../../src-shared/settings-sections';
import { Dialog } from '../components/dialog';
import { EnvironmentTag } from '../components/environment-tag';
import { useT } from '../i18n/translator-context';
import { formatValue } from '../state/editor';
import { COMPARE_LIMIT } from '../state/fleet-dialogs';
import { useApp } from '../store-context';
import { useFleetRows } from './fleet-grid';
import { rowStateLabel } from './fleet-labels';

/** The Compare dialog for the given servers (the first 8). */
export function CompareDialog({ serverIds }: { serverIds: string[] }) {
  const t = useT();
  const closeDialog = useApp((state) => state.closeDialog);
  const { all, resolved } = useFleetRows();
  const rows = serverIds
    .slice(0, COMPARE_LIMIT)
    .map((id) => all.find((row) => row.serverId === id))
    .filter((row) => row !== undefined);
  const baseline = resolved?.settings ?? rows.find((row) => row.settings)?.settings ?? null;
  const baselineName = resolved?.settings
    ? resolved.name
    : (rows.find((row) => row.settings)?.name ?? '');
  return (
    <Dialog
      title={t.t('fleet.compare.title', { count: rows.length })}
      onClose={closeDialog}
      className="dialog-wide"
      testId="compare-dialog"
    >
      <p className="muted">
        {baselineName
          ? t.t(resolved?.settings ? 'fleet.compare.markedReference' : 'fleet.compare.marked', {
              name: baselineName,
            })
          : t.t('fleet.compare.markedFirst')}
      </p>
      <div
        className="compare-scroll"
        role="region"
        aria-label={t.t('fleet.compare.region')}
        tabIndex={0}
      >
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">{t.t('fleet.compare.setting')}</th>
              {rows.map((row) => (
                <th key={row.serverId} scope="col">
                  <span className="compare-server">
                    <span>{row.name}</span>
                    <EnvironmentTag environment={row.environment} />
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          {SETTINGS_SECTIONS.map((section) => (
            <tbody key={section}>
              <tr className="compare-section">
                <th scope="colgroup" colSpan={rows.length + 1}>
                  {SECTION_LABELS[section]}
                </th>
              </tr>
              {SECTION_FIELDS[section].map((field) => {
                const expected = baseline ? getField(baseline, field) : undefined;
                return (
                  <tr key={field}>
                    <th scope="row">{FIELD_RULES[field].label}</th>
                    {rows.map((row) => {
                      if (!row.settings)
                        return (
                          <td key={row.serverId} className="muted">
                            {rowStateLabel(t, row.state)}
                          </td>
                        );
                      const value = getField(row.settings, field);
                      const differs = expected !== undefined && value !== expected;
                      return (
                        <td
                          key={row.serverId}
                          className={differs ? 'fleet-differs' : undefined}
                          title={
                            differs && expected !== undefined
                              ? t.t('fleet.compare.has', {
                                  name: baselineName,
                                  value: formatValue(field, expected),
                                })
                              : undefined
                          }
                        >
                          {differs ? (
                            <span className="fleet-differs-mark" aria-hidden="true">
                              {t.t('fleet.differsMark')}
                            </span>
                          ) : null}
                          {formatValue(field, value)}
                          {differs && expected !== undefined ? (
                            <span className="visually-hidden">
                              {t.t('fleet.compare.differsFrom', {
                                name: baselineName,
                                value: formatValue(field, expected),
                              })}
                            </span>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      </div>
      <div className="dialog-buttons">
        <button type="button" data-autofocus onClick={closeDialog}>
          {t.t('fleet.apply.close')}
        </button>
      </div>
    </Dialog>
  );
}
