/**
 * The profile dialogs: a new profile (from a server's current settings or the defaults),
 * rename, duplicate, and delete (which says which servers stop following it).
 */

import { useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AppError } from '../../src-shared/errors';
import type { Profile } from '../../src-shared/fleet';
import type { Result } from '../../src-shared/ipc-contract';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { ConfirmButtons, Dialog } from '../components/dialog';
import { FormTextField } from '../dialogs/form-field';
import { useT } from '../i18n/translator-context';
import { useApp } from '../store-context';

/** The name problem of a refusal (issue path `name`), shown under the field. */
function nameIssue(error: AppError | null): string | undefined {
  if (error?.code !== 'invalid_request') return undefined;
  return error.issues.find((issue) => issue.path === 'name')?.message;
}

/** What a name dialog does with the typed name. */
interface NameDialogProps {
  title: string;
  confirmLabel: string;
  initialName: string;
  testId: string;
  /** Extra fields above the name (the new profile's source). */
  children?: React.ReactNode;
  submit(name: string): Promise<Result<{ profile: Profile }>>;
}

function NameDialog({
  title,
  confirmLabel,
  initialName,
  testId,
  children,
  submit,
}: NameDialogProps) {
  const t = useT();
  const id = useId();
  const closeDialog = useApp((state) => state.closeDialog);
  const editProfile = useApp((state) => state.editProfile);
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await submit(name);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    closeDialog();
    editProfile(result.value.profile.id);
  };
  const issue = nameIssue(error);
  return (
    <Dialog title={title} onClose={closeDialog} testId={testId}>
      <form onSubmit={(event) => void onSubmit(event)}>
        {children}
        <FormTextField
          id={`${id}-name`}
          label={t.t('fleet.profileDialog.nameLabel')}
          value={name}
          onChange={(value) => {
            setName(value);
            setError(null);
          }}
          issue={issue}
          required
          autoFocus
        />
        <ConfirmButtons
          error={issue ? null : error}
          onCancel={closeDialog}
          confirmLabel={confirmLabel}
          tone="primary"
          disabled={busy || name.trim() === ''}
        />
      </form>
    </Dialog>
  );
}

/** A new profile from a server's current settings (or the defaults). */
export function CreateProfileDialog({ serverId }: { serverId: string | null }) {
  const t = useT();
  const id = useId();
  const servers = useApp((state) => state.servers);
  const createProfile = useApp((state) => state.createProfile);
  const [source, setSource] = useState(serverId ?? servers[0]?.id ?? '');
  return (
    <NameDialog
      title={t.t('fleet.profileDialog.newTitle')}
      confirmLabel={t.t('fleet.profileDialog.create')}
      initialName=""
      testId="profile-create-dialog"
      submit={(name) =>
        createProfile({
          name,
          from:
            source === ''
              ? { kind: 'settings', settings: DEFAULT_SETTINGS }
              : { kind: 'server', serverId: source },
        })
      }
    >
      <div className="form-field">
        <label htmlFor={`${id}-source`}>{t.t('fleet.profileDialog.startFrom')}</label>
        <select
          id={`${id}-source`}
          value={source}
          onChange={(event) => setSource(event.target.value)}
        >
          {servers.map((server) => (
            <option key={server.id} value={server.id}>
              {t.t('fleet.profileDialog.serverSettings', { server: server.name })}
            </option>
          ))}
          <option value="">{t.t('fleet.profileDialog.defaults')}</option>
        </select>
        <p className="field-hint">{t.t('fleet.profileDialog.readNowHint')}</p>
      </div>
    </NameDialog>
  );
}

/** Rename a profile. */
export function RenameProfileDialog({ profile }: { profile: Profile }) {
  const t = useT();
  const renameProfile = useApp((state) => state.renameProfile);
  return (
    <NameDialog
      title={t.t('fleet.profileDialog.renameTitle', { name: profile.name })}
      confirmLabel={t.t('fleet.profileDialog.rename')}
      initialName={profile.name}
      testId="profile-rename-dialog"
      submit={(name) => renameProfile(profile.id, name)}
    />
  );
}

/** Duplicate a profile under a new name. */
export function DuplicateProfileDialog({ profile }: { profile: Profile }) {
  const t = useT();
  const duplicateProfile = useApp((state) => state.duplicateProfile);
  return (
    <NameDialog
      title={t.t('fleet.profileDialog.duplicateTitle', { name: profile.name })}
      confirmLabel={t.t('fleet.profileDialog.duplicate')}
      initialName={t.t('fleet.profileDialog.copyName', { name: profile.name })}
      testId="profile-duplicate-dialog"
      submit={(name) => duplicateProfile(profile.id, name)}
    />
  );
}

/** Delete a profile; its servers follow no profile afterwards. */
export function DeleteProfileDialog({ profile }: { profile: Profile }) {
  const t = useT();
  const closeDialog = useApp((state) => state.closeDialog);
  const deleteProfile = useApp((state) => state.deleteProfile);
  const followers = useApp(
    useShallow((state) =>
      state.servers.filter((server) => state.assignments[server.id] === profile.id),
    ),
  );
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async (): Promise<void> => {
    setBusy(true);
    const result = await deleteProfile(profile.id);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    closeDialog();
  };
  return (
    <Dialog
      title={t.t('fleet.profileDialog.deleteTitle', { name: profile.name })}
      role="alertdialog"
      onClose={closeDialog}
      testId="profile-delete-dialog"
    >
      <p>{t.t('fleet.profileDialog.deleteNote')}</p>
      <p>
        {followers.length > 0
          ? t.t('fleet.profileDialog.deleteFollowers', {
              count: followers.length,
              servers: t.list(followers.map((server) => server.name)),
            })
          : t.t('fleet.profileDialog.noFollowers')}
      </p>
      <ConfirmButtons
        error={error}
        onCancel={closeDialog}
        confirmLabel={t.t('fleet.profileDialog.deleteConfirm')}
        tone="danger"
        disabled={busy}
        onConfirm={() => void remove()}
      />
    </Dialog>
  );
}
