/**
 * The profiles: the list (with how many servers follow each), its actions (new from a
 * server, rename, duplicate, delete), and the open profile in the panels' own fields, with
 * their validation, advice and baselines, and a bar to save or discard its changes.
 */

import { DiffList } from '../components/diff-list';
import { ErrorMessage } from '../components/error-message';
import { FieldSourceContext, type FieldSource } from '../components/field-source';
import { useT } from '../i18n/translator-context';
import { localTime } from '../labels';
import { SessionLimitCard } from '../panels/concurrency-panel';
import { PersistenceFields } from '../panels/persistence-panel';
import { TimeoutsFields } from '../panels/timeouts-panel';
import { EMPTY_EDITOR, canSave, draftDiff, draftValidation, isDirty } from '../state/editor';
import { useApp } from '../store-context';

/** The profile editor as the fields' source. */
const PROFILE_FIELDS: FieldSource = {
  editor: (state) => state.profileEditor?.editor ?? EMPTY_EDITOR,
  editField: (state) => state.editProfileField,
  typeNumber: (state) => state.typeProfileNumber,
};

function ProfileSaveBar() {
  const t = useT();
  const editor = useApp((state) => state.profileEditor?.editor ?? EMPTY_EDITOR);
  const save = useApp((state) => state.saveProfile);
  const discard = useApp((state) => state.discardProfileEdits);
  const errors = draftValidation(editor).errors.length;
  if (!isDirty(editor) && !editor.saveError) return null;
  return (
    <section
      className="save-bar"
      aria-label={t.t('fleet.profiles.unsavedLabel')}
      data-testid="profile-save-bar"
    >
      <div className="save-bar-diff">
        <h3 className="save-bar-title">{t.t('fleet.profiles.unsavedTitle')}</h3>
        <DiffList entries={draftDiff(editor)} />
        {errors > 0 ? (
          <p className="save-bar-blocked">
            {t.t('fleet.profiles.problemsToFix', { count: errors })}
          </p>
        ) : null}
        {editor.saveError ? <ErrorMessage error={editor.saveError} compact /> : null}
      </div>
      <div className="button-row">
        <button type="button" onClick={discard} disabled={editor.saving}>
          {t.t('fleet.profiles.discard')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!canSave(editor)}
          onClick={() => void save()}
        >
          {editor.saving ? t.t('fleet.profiles.saving') : t.t('fleet.profiles.save')}
        </button>
      </div>
    </section>
  );
}

function ProfileEditorView() {
  const t = useT();
  const editing = useApp((state) => state.profileEditor);
  const profile = useApp((state) =>
    state.profiles.find((candidate) => candidate.id === state.profileEditor?.profileId),
  );
  const draft = editing?.editor.draft;
  if (!editing || !profile || !draft) {
    return <p className="muted profile-hint">{t.t('fleet.profiles.pickHint')}</p>;
  }
  return (
    <FieldSourceContext.Provider value={PROFILE_FIELDS}>
      <section className="profile-editor" aria-labelledby="profile-editor-title">
        <h3 id="profile-editor-title">{profile.name}</h3>
        <p className="muted">
          {t.t('fleet.profiles.changedAt', { time: localTime(t, profile.updatedAt) })}
        </p>
        <TimeoutsFields draft={draft} />
        <PersistenceFields draft={draft} />
        <div className="panel-body">
          <SessionLimitCard />
        </div>
        <ProfileSaveBar />
      </section>
    </FieldSourceContext.Provider>
  );
}

/** The Profiles tab of the fleet view. */
export function ProfilesPane() {
  const t = useT();
  const profiles = useApp((state) => state.profiles);
  const assignments = useApp((state) => state.assignments);
  const problem = useApp((state) => state.profilesProblem);
  const error = useApp((state) => state.profilesError);
  const editingId = useApp((state) => state.profileEditor?.profileId ?? null);
  const editProfile = useApp((state) => state.editProfile);
  const openDialog = useApp((state) => state.openDialog);
  const followers = (profileId: string): number =>
    Object.values(assignments).filter((id) => id === profileId).length;
  return (
    <div className="profiles">
      {problem ? (
        <div className="banner banner-warn" role="alert" data-testid="profiles-problem">
          <p>
            <strong>{t.t('fleet.profiles.unreadable')}</strong>
            <span className="problem-detail">{problem.message}</span>
          </p>
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} compact /> : null}
      <div className="profiles-list">
        <div className="button-row">
          <button
            type="button"
            className="primary"
            onClick={() => openDialog({ kind: 'profile-create', serverId: null })}
          >
            {t.t('fleet.profiles.new')}
          </button>
        </div>
        {profiles.length === 0 ? (
          <p className="muted">{t.t('fleet.profiles.none')}</p>
        ) : (
          <ul aria-label={t.t('fleet.profiles.list')}>
            {profiles.map((profile) => (
              <li
                key={profile.id}
                className={profile.id === editingId ? 'profile-item current' : 'profile-item'}
              >
                <button
                  type="button"
                  className="profile-open"
                  aria-current={profile.id === editingId ? 'true' : undefined}
                  onClick={() => editProfile(profile.id)}
                >
                  <span className="profile-name">{profile.name}</span>
                  <span className="muted">
                    {t.t('fleet.profiles.followers', { count: followers(profile.id) })}
                  </span>
                </button>
                <span className="button-row">
                  <button
                    type="button"
                    className="small"
                    aria-label={t.t('fleet.profiles.renameLabel', { name: profile.name })}
                    onClick={() => openDialog({ kind: 'profile-rename', profileId: profile.id })}
                  >
                    {t.t('fleet.profiles.rename')}
                  </button>
                  <button
                    type="button"
                    className="small"
                    aria-label={t.t('fleet.profiles.duplicateLabel', { name: profile.name })}
                    onClick={() => openDialog({ kind: 'profile-duplicate', profileId: profile.id })}
                  >
                    {t.t('fleet.profiles.duplicate')}
                  </button>
                  <button
                    type="button"
                    className="small"
                    aria-label={t.t('fleet.profiles.deleteLabel', { name: profile.name })}
                    onClick={() => openDialog({ kind: 'profile-delete', profileId: profile.id })}
                  >
                    {t.t('fleet.profiles.delete')}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <ProfileEditorView />
    </div>
  );
}
