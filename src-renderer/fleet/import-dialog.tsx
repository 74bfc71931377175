/**
 * Importing a fleet file: first the preview (what it adds, what it replaces and how, what
 * it refuses and why; nothing changes), then the import, after which the new servers ask
 * for their credentials.
 */

import { useEffect, useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { FleetImportPreview } from '../../src-shared/fleet';
import { ConfirmButtons, Dialog } from '../components/dialog';
import { DiffList, diffEntry } from '../components/diff-list';
import { ErrorMessage } from '../components/error-message';
import { EnvironmentTag } from '../components/environment-tag';
import { useT } from '../i18n/translator-context';
import { useApp } from '../store-context';

function Part({
  title,
  testId,
  items,
}: {
  title: string;
  testId: string;
  items: React.ReactNode[];
}) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <section className="import-part" aria-label={title} data-testid={testId}>
      <h3>{t.t('fleet.import.partTitle', { title, count: items.length })}</h3>
      <ul>{items}</ul>
    </section>
  );
}

function Preview({ preview }: { preview: FleetImportPreview }) {
  const t = useT();
  const { servers, profiles, assignments } = preview;
  return (
    <div
      className="import-preview"
      role="region"
      aria-label={t.t('fleet.import.previewRegion')}
      tabIndex={0}
    >
      <Part
        title={t.t('fleet.import.serversAdd')}
        testId="import-servers-add"
        items={servers.add.map((server) => (
          <li key={server.baseUrl + server.name} className="import-line">
            <span>{server.name}</span>
            <EnvironmentTag environment={server.environment} />
            <span className="mono muted">{server.baseUrl}</span>
          </li>
        ))}
      />
      <Part
        title={t.t('fleet.import.serversExisting')}
        testId="import-servers-existing"
        items={servers.existing.map((server) => (
          <li key={server.baseUrl + server.name} className="import-line">
            <span>{server.name}</span>
            <span className="mono muted">{server.baseUrl}</span>
          </li>
        ))}
      />
      <Part
        title={t.t('fleet.import.profilesAdd')}
        testId="import-profiles-add"
        items={profiles.add.map((profile) => (
          <li key={profile.name}>{profile.name}</li>
        ))}
      />
      <Part
        title={t.t('fleet.import.profilesReplace')}
        testId="import-profiles-replace"
        items={profiles.replace.map((profile) => (
          <li key={profile.name}>
            {profile.name}
            <DiffList
              entries={profile.changes.map(diffEntry)}
              label={t.t('fleet.import.changesTo', { name: profile.name })}
            />
          </li>
        ))}
      />
      <Part
        title={t.t('fleet.import.assignments')}
        testId="import-assignments"
        items={assignments.set.map((entry) => (
          <li key={entry.server}>
            {entry.previous
              ? t.t('fleet.import.followsInstead', { ...entry, previous: entry.previous })
              : t.t('fleet.import.follows', entry)}
          </li>
        ))}
      />
      <Part
        title={t.t('fleet.import.refused')}
        testId="import-refused"
        items={[
          ...servers.refused.map((entry, index) => (
            <li key={`s${index}`}>{t.t('fleet.import.refusedServer', entry)}</li>
          )),
          ...profiles.refused.map((entry, index) => (
            <li key={`p${index}`}>{t.t('fleet.import.refusedProfile', entry)}</li>
          )),
          ...assignments.refused.map((entry, index) => (
            <li key={`a${index}`}>{t.t('fleet.import.refusedAssignment', entry)}</li>
          )),
        ]}
      />
    </div>
  );
}

/** Why the file was refused: main words a refused file itself (size, JSON, version). */
function ImportRefusal({ error }: { error: AppError }) {
  const t = useT();
  if (error.code !== 'invalid_request') return <ErrorMessage error={error} compact />;
  return (
    <div className="error-box compact" role="alert" data-testid="import-refused-file">
      <p className="error-title">{error.message}</p>
      <p className="error-action">{t.t('fleet.import.pickExported')}</p>
    </div>
  );
}

/** Whether importing would change anything. */
function changesSomething(preview: FleetImportPreview): boolean {
  return (
    preview.servers.add.length +
      preview.profiles.add.length +
      preview.profiles.replace.length +
      preview.assignments.set.length >
    0
  );
}

/** The import dialog for a picked file. */
export function ImportDialog({ fileName, json }: { fileName: string; json: string }) {
  const t = useT();
  const closeDialog = useApp((state) => state.closeDialog);
  const previewImport = useApp((state) => state.previewFleetImport);
  const importFleet = useApp((state) => state.importFleet);
  const [preview, setPreview] = useState<FleetImportPreview | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [imported, setImported] = useState<{ servers: number; profiles: number } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let current = true;
    void previewImport(json).then((result) => {
      if (!current) return;
      if (result.ok) setPreview(result.value);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [json, previewImport]);
  const run = async (): Promise<void> => {
    setBusy(true);
    const result = await importFleet(json);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setImported({
      servers: result.value.added.length,
      profiles: result.value.savedProfiles.length,
    });
  };
  return (
    <Dialog
      title={t.t('fleet.import.title', { file: fileName })}
      onClose={closeDialog}
      className="dialog-wide"
      testId="fleet-import-dialog"
    >
      {imported ? (
        <p role="status" data-testid="import-done">
          {t.t('fleet.import.done', imported)}
          {imported.servers > 0 ? (
            <span className="import-next">{t.t('fleet.import.noCredentials')}</span>
          ) : null}
        </p>
      ) : preview ? (
        <>
          <p>{t.t('fleet.import.nothingYet')}</p>
          <Preview preview={preview} />
        </>
      ) : error ? null : (
        <p role="status">{t.t('fleet.import.reading')}</p>
      )}
      {imported || (!preview && error) ? (
        <>
          {error ? <ImportRefusal error={error} /> : null}
          <div className="dialog-buttons">
            <button type="button" data-autofocus onClick={closeDialog}>
              {t.t('fleet.import.close')}
            </button>
          </div>
        </>
      ) : (
        <ConfirmButtons
          error={error}
          onCancel={closeDialog}
          confirmLabel={t.t('fleet.import.confirm')}
          tone="primary"
          disabled={busy || !preview || !changesSomething(preview)}
          onConfirm={() => void run()}
        />
      )}
    </Dialog>
  );
}
