/**
 * What an import did: the servers added (they still need credentials) and those skipped,
 * each with the reason; or why nothing was imported.
 */

import type { Result, ResponseOf } from '../../src-shared/ipc-contract';
import { Dialog } from '../components/dialog';
import { EnvironmentTag } from '../components/environment-tag';
import { ErrorMessage } from '../components/error-message';
import { useT } from '../i18n/translator-context';
import { useApp } from '../store-context';

function Imported({ value }: { value: ResponseOf<'servers:import'> }) {
  const t = useT();
  const { added, skipped } = value;
  return (
    <>
      {added.length > 0 ? (
        <>
          <p>
            {t.rich('app.importResult.added', {
              count: added.length,
              b: (parts) => <strong key="b">{parts}</strong>,
            })}
          </p>
          <ul className="import-list" data-testid="import-added">
            {added.map((server) => (
              <li key={server.id} className="inline-gap">
                <span data-i18n="data">{server.name}</span>
                <EnvironmentTag environment={server.environment} />
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          <strong>{t.t('app.importResult.noneAdded')}</strong>
        </p>
      )}
      {skipped.length > 0 ? (
        <>
          <p>
            <strong>{t.t('app.importResult.skipped', { count: skipped.length })}</strong>
          </p>
          <ul className="import-list" data-testid="import-skipped">
            {skipped.map((entry, index) => (
              <li key={`${index}-${entry.name}`}>
                {t.rich('app.importResult.skippedEntry', {
                  name: entry.name,
                  reason: entry.reason,
                  srv: (parts) => (
                    <bdi key="srv" data-i18n="data">
                      {parts}
                    </bdi>
                  ),
                  why: (parts) => (
                    <span key="why" data-i18n="data">
                      {parts}
                    </span>
                  ),
                })}
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
  const t = useT();
  const closeDialog = useApp((state) => state.closeDialog);
  return (
    <Dialog
      title={t.t('app.importResult.title', { file: fileName })}
      onClose={closeDialog}
      testId="import-dialog"
    >
      <div role="status">
        {outcome.ok ? (
          <Imported value={outcome.value} />
        ) : outcome.error.code === 'invalid_request' ? (
          <div className="error-box compact" role="alert" data-error-code="invalid_request">
            <p className="error-title">
              {t.rich('app.importResult.nothing', {
                reason: outcome.error.message,
                data: (parts) => (
                  <span key="data" data-i18n="data">
                    {parts}
                  </span>
                ),
              })}
            </p>
            <p className="error-action">{t.t('app.importResult.choose')}</p>
          </div>
        ) : (
          <ErrorMessage error={outcome.error} compact />
        )}
      </div>
      <div className="dialog-buttons">
        <button type="button" className="primary" data-autofocus onClick={closeDialog}>
          {t.t('app.importResult.close')}
        </button>
      </div>
    </Dialog>
  );
}
