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
import { useApp } from '../store-context';
import { plural } from '../../src-shared/plural';

function Part({
  title,
  testId,
  items,
}: {
  title: string;
  testId: string;
  items: React.ReactNode[];
}) {
  if (items.length === 0) return null;
  return (
    <section className="import-part" aria-label={title} data-testid={testId}>
      <h3>
        {title} ({items.length})
      </h3>
      <ul>{items}</ul>
    </section>
  );
}

function Preview({ preview }: { preview: FleetImportPreview }) {
  const { servers, profiles, assignments } = preview;
  return (
    <div className="import-preview" role="region" aria-label="What the import does" tabIndex={0}>
      <Part
        title="Servers to add"
        testId="import-servers-add"
        items={servers.add.map((server) => (
          <li key={server.baseUrl + server.name}>
            {server.name} <EnvironmentTag environment={server.environment} />{' '}
            <span className="mono muted">{server.baseUrl}</span>
          </li>
        ))}
      />
      <Part
        title="Servers already in the list (kept as they are)"
        testId="import-servers-existing"
        items={servers.existing.map((server) => (
          <li key={server.baseUrl + server.name}>
            {server.name} <span className="mono muted">{server.baseUrl}</span>
          </li>
        ))}
      />
      <Part
        title="Profiles to add"
        testId="import-profiles-add"
        items={profiles.add.map((profile) => (
          <li key={profile.name}>{profile.name}</li>
        ))}
      />
      <Part
        title="Profiles to replace"
        testId="import-profiles-replace"
        items={profiles.replace.map((profile) => (
          <li key={profile.name}>
            {profile.name}
            <DiffList
              entries={profile.changes.map(diffEntry)}
              label={`Changes to ${profile.name}`}
            />
          </li>
        ))}
      />
      <Part
        title="Assignments"
        testId="import-assignments"
        items={assignments.set.map((entry) => (
          <li key={entry.server}>
            {entry.server} follows {entry.profile}
            {entry.previous ? ` (instead of ${entry.previous})` : ''}
          </li>
        ))}
      />
      <Part
        title="Refused"
        testId="import-refused"
        items={[
          ...servers.refused.map((entry, index) => (
            <li key={`s${index}`}>
              Server {entry.name}: {entry.reason}
            </li>
          )),
          ...profiles.refused.map((entry, index) => (
            <li key={`p${index}`}>
              Profile {entry.name}: {entry.reason}
            </li>
          )),
          ...assignments.refused.map((entry, index) => (
            <li key={`a${index}`}>
              {entry.server} → {entry.profile}: {entry.reason}
            </li>
          )),
        ]}
      />
    </div>
  );
}

/** Why the file was refused: main words a refused file itself (size, JSON, version). */
function ImportRefusal({ error }: { error: AppError }) {
  if (error.code !== 'invalid_request') return <ErrorMessage error={error} compact />;
  return (
    <div className="error-box compact" role="alert" data-testid="import-refused-file">
      <p className="error-title">{error.message}</p>
      <p className="error-action">Nothing was changed. Pick a fleet file exported by this app.</p>
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
      title={`Import ${fileName}`}
      onClose={closeDialog}
      className="dialog-wide"
      testId="fleet-import-dialog"
    >
      {imported ? (
        <p role="status" data-testid="import-done">
          Imported {plural(imported.servers, 'server')} and {plural(imported.profiles, 'profile')}.
          {imported.servers > 0
            ? ' The new servers have no credentials yet: open each one and type its password or API key.'
            : ''}
        </p>
      ) : preview ? (
        <>
          <p>Nothing has changed yet. This is what importing the file would do:</p>
          <Preview preview={preview} />
        </>
      ) : error ? null : (
        <p role="status">Reading the file…</p>
      )}
      {imported || (!preview && error) ? (
        <>
          {error ? <ImportRefusal error={error} /> : null}
          <div className="dialog-buttons">
            <button type="button" data-autofocus onClick={closeDialog}>
              Close
            </button>
          </div>
        </>
      ) : (
        <ConfirmButtons
          error={error}
          onCancel={closeDialog}
          confirmLabel="Import"
          tone="primary"
          disabled={busy || !preview || !changesSomething(preview)}
          onConfirm={() => void run()}
        />
      )}
    </Dialog>
  );
}
