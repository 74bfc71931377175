/**
 * The bar under the panels while the draft differs from the server: the diff (old -> new),
 * Save and Discard; the conflict view after a 412; the after-save note.
 */

import { canSave, conflictRows, draftDiff, draftValidation, isDirty } from '../state/editor';
import { agree, plural } from '../../src-shared/plural';
import { formatTime } from '../labels';
import { DiffList } from './diff-list';
import { ErrorMessage } from './error-message';
import { selectSelectedServer, useApp } from '../store-context';

/** The other admin's values beside the draft, with the two ways out. */
export function ConflictView() {
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
      <h3 id="conflict-title">Someone else changed these settings</h3>
      <p>
        <bdi>{conflict.updatedBy}</bdi> saved version {conflict.version} at{' '}
        {formatTime(conflict.updatedAt)}, after you opened them. Nothing of yours was saved.
      </p>
      <table className="conflict-table">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Before</th>
            <th scope="col">
              Theirs (<bdi>{conflict.updatedBy}</bdi>)
            </th>
            <th scope="col">Yours</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} className={row.clash ? 'clash' : undefined}>
              <th scope="row">{row.label}</th>
              <td>{row.original}</td>
              <td>{row.theirs}</td>
              <td>
                {row.mine ?? <span className="muted">not changed by you</span>}
                {row.clash ? <span className="tag tag-warn">both changed</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" onClick={takeTheirs}>
          Take theirs
        </button>
        <button type="button" className="primary" onClick={() => void keepMine()}>
          Keep mine and save again
        </button>
      </div>
    </section>
  );
}

/** After a save: new values apply to new sessions only. */
export function AfterSaveNote() {
  const lastSave = useApp((state) => state.editor.lastSave);
  const server = useApp(selectSelectedServer);
  const navigate = useApp((state) => state.navigate);
  if (!lastSave || !server) return null;
  return (
    <div className="banner banner-ok after-save" role="status" data-testid="after-save">
      <p>
        <strong>Saved</strong> ({plural(lastSave.changed.length, 'setting')} changed, version{' '}
        {lastSave.version}).{' '}
        {lastSave.answerLost
          ? "The server's answer was lost; read back, the values you saved are there. "
          : ''}
        The new values apply to <strong>new sessions only</strong>:{' '}
        {plural(lastSave.activeSessions, 'existing session')}{' '}
        {agree(lastSave.activeSessions, 'keeps', 'keep')} the values{' '}
        {agree(lastSave.activeSessions, 'it', 'they')} started with.
      </p>
      <button
        type="button"
        className="link"
        onClick={() => navigate({ serverId: server.id, panel: 'operations' })}
      >
        End existing sessions in Operations
      </button>
    </div>
  );
}

/** The save bar, shown while there are unsaved changes. */
export function SaveBar() {
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
    <section className="save-bar" aria-label="Unsaved changes" data-testid="save-bar">
      <div className="save-bar-diff">
        <h3 className="save-bar-title">Unsaved changes</h3>
        {diff.length > 0 ? <DiffList entries={diff} /> : null}
        {errorCount > 0 ? (
          <p className="save-bar-blocked">{plural(errorCount, 'problem')} to fix before saving.</p>
        ) : null}
        {saveError ? <ErrorMessage error={saveError} compact /> : null}
      </div>
      <div className="button-row">
        <button type="button" onClick={discard} disabled={saving}>
          Discard
        </button>
        <button type="button" className="primary" onClick={() => void save()} disabled={!saveable}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </section>
  );
}
