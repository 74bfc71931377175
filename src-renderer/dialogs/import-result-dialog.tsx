/**
 * What an import did: the servers added (they still need credentials) and those skipped,
 * each with the reason; or why nothing was imported.
 */

import type { Result, ResponseOf } from '../../src-shared/ipc-contract';
import { Dialog } from '../components/dialog';
import { EnvironmentTag } from '../components/environment-tag';
import { ErrorMessage } from '../components/error-message';
import { plural } from '../../src-shared/plural';
import { useApp } from '../store-context';

function Imported({ value }: { value: ResponseOf<'servers:import'> }) {
  const { added, skipped } = value;
  return (
    <>
      {added.length > 0 ? (
        <>
          <p>
            <strong>Added {plural(added.length, 'server')}.</strong> They have no credentials yet:
            edit each one to enter its password or API key.
          </p>
          <ul className="import-list" data-testid="import-added">
            {added.map((server) => (
              <li key={server.id}>
                {server.name} <EnvironmentTag environment={server.environment} />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          <strong>No server was added.</strong>
        </p>
      )}
      {skipped.length > 0 ? (
        <>
          <p>
            <strong>Skipped {plural(skipped.length, 'server')}:</strong>
          </p>
          <ul className="import-list" data-testid="import-skipped">
            {skipped.map((entry, index) => (
              <li key={`${index}-${entry.name}`}>
                {entry.name}: {entry.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The result of importing `fileName`. */
export function ImportResultDialog({
  fileName,
  outcome,
}: {
  fileName: string;
  outcome: Result<ResponseOf<'servers:import'>>;
}) {
  const closeDialog = useApp((state) => state.closeDialog);
  return (
    <Dialog title={`Import from ${fileName}`} onClose={closeDialog} testId="import-dialog">
      <div role="status">
        {outcome.ok ? (
          <Imported value={outcome.value} />
        ) : outcome.error.code === 'invalid_request' ? (
          <div className="error-box compact" role="alert" data-error-code="invalid_request">
            <p className="error-title">Nothing was imported: {outcome.error.message}</p>
            <p className="error-action">
              Choose a server list exported by this app (a .json file).
            </p>
          </div>
        ) : (
          <ErrorMessage error={outcome.error} compact />
        )}
      </div>
      <div className="dialog-buttons">
        <button type="button" className="primary" data-autofocus onClick={closeDialog}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
