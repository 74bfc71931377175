/**
 * The bar under the panels while the draft differs from the server: the diff (old -> new),
 * Save and Discard; the conflict view after a 412; the after-save note.
 */

import { canSave, conflictRows, draftDiff, draftValidation, isDirty } from '../state/editor';
import { useT } from '../i18n/translator-context';
import { localTime } from '../labels';
import { DiffList } from './diff-list';
import { ErrorMessage } from './error-message';
import { selectSelectedServer, useApp } from '../store-context';

/** The other admin's values beside the draft, with the two ways out. */
export function ConflictView() {
  const t = useT();
  const editor = useApp((state) => state.editor);
  const conflict = editor.conflict;
  const rows = conflictRows(editor);
  const takeTheirs = useApp((state) => state.takeTheirs);
  const keepMine = useApp((state) => state.keepMineAndSave);
  if (!conflict) return null;
  return (
    <section
      className="conflict"
      role="alert"
      aria-labelledby="conflict-title"
      data-testid="conflict-view"
    >
      <h3 id="conflict-title">{t.t('app.conflict.title')}</h3>
      <p>
        {t.rich('app.conflict.text', {
          user: conflict.updatedBy,
          version: conflict.version,
          time: localTime(t, conflict.updatedAt),
          who: (parts) => (
            <bdi key="who" data-i18n="data">
              {parts}
            </bdi>
          ),
        })}
      </p>
      <table className="conflict-table">
        <thead>
          <tr>
            <th scope="col">{t.t('app.conflict.setting')}</th>
            <th scope="col">{t.t('app.conflict.before')}</th>
            <th scope="col">
              {t.rich('app.conflict.theirs', {
                user: conflict.updatedBy,
                who: (parts) => (
                  <bdi key="who" data-i18n="data">
                    {parts}
                  </bdi>
                ),
              })}
            </th>
            <th scope="col">{t.t('app.conflict.yours')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} className={row.clash ? 'clash' : undefined}>
              <th scope="row">{row.label}</th>
              <td>{row.original}</td>
              <td>{row.theirs}</td>
              <td>
                {row.mine ?? <span className="muted">{t.t('app.conflict.notChanged')}</span>}
                {row.clash ? (
                  <span className="tag tag-warn">{t.t('app.conflict.bothChanged')}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" onClick={takeTheirs}>
          {t.t('app.conflict.takeTheirs')}
        </button>
        <button type="button" className="primary" onClick={() => void keepMine()}>
          {t.t('app.conflict.keepMine')}
        </button>
      </div>
    </section>
  );
}

/** After a save: new values apply to new sessions only. */
export function AfterSaveNote() {
  const t = useT();
  const lastSave = useApp((state) => state.editor.lastSave);
  const server = useApp(selectSelectedServer);
  const navigate = useApp((state) => state.navigate);
  if (!lastSave || !server) return null;
  return (
    <div className="banner banner-ok after-save" role="status" data-testid="after-save">
      <p>
        {t.rich('app.afterSave.text', {
          count: lastSave.changed.length,
          version: lastSave.version,
          lost: lastSave.answerLost ? 'yes' : 'no',
          sessions: lastSave.activeSessions,
          b: (parts) => <strong key={String(parts)}>{parts}</strong>,
        })}
      </p>
      <button
        type="button"
        className="link"
        onClick={() => navigate({ serverId: server.id, panel: 'operations' })}
      >
        {t.t('app.afterSave.endSessions')}
      </button>
    </div>
  );
}

/** The save bar, shown while there are unsaved changes. */
export function SaveBar() {
  const t = useT();
  const editor = useApp((state) => state.editor);
  const dirty = isDirty(editor);
  const diff = draftDiff(editor);
  const errorCount = draftValidation(editor).errors.length;
  const saveable = canSave(editor);
  const { saving, saveError, conflict } = editor;
  const save = useApp((state) => state.save);
  const discard = useApp((state) => state.discard);
  if (conflict) return <ConflictView />;
  if (!dirty && !saveError) return null;
  return (
    <section className="save-bar" aria-label={t.t('app.saveBar.title')} data-testid="save-bar">
      <div className="save-bar-diff">
        <h3 className="save-bar-title">{t.t('app.saveBar.title')}</h3>
        {diff.length > 0 ? <DiffList entries={diff} /> : null}
        {errorCount > 0 ? (
          <p className="save-bar-blocked">{t.t('app.saveBar.problems', { count: errorCount })}</p>
        ) : null}
        {saveError ? <ErrorMessage error={saveError} compact /> : null}
      </div>
      <div className="button-row">
        <button type="button" onClick={discard} disabled={saving}>
          {t.t('app.saveBar.discard')}
        </button>
        <button type="button" className="primary" onClick={() => void save()} disabled={!saveable}>
          {saving ? t.t('app.saveBar.saving') : t.t('app.saveBar.save')}
        </button>
      </div>
    </section>
  );
}
