/**
 * Invalidate all sessions: names the server, says how many sessions end (the app's own
 * included) and what it does not touch (API keys), and enables its button only when the
 * server's display name is typed exactly. Cancel is the default.
 */

import { useId, useState, type FormEvent } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { ServerView } from '../../src-shared/domain';
import { ConfirmButtons, Dialog } from '../components/dialog';
import { EnvironmentTag } from '../components/environment-tag';
import { useT } from '../i18n/translator-context';
import { localTime } from '../labels';
import { useApp } from '../store-context';

/** The type-to-confirm dialog for ending every session on a server. */
export function InvalidateAllDialog({ server }: { server: ServerView }) {
  const t = useT();
  const id = useId();
  const closeDialog = useApp((state) => state.closeDialog);
  const invalidateAll = useApp((state) => state.invalidateAll);
  const setNotice = useApp((state) => state.setNotice);
  const active = useApp((state) => state.sessions.summary?.active ?? state.sessions.list.length);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const matches = typed === server.name;
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    const result = await invalidateAll(typed);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    const { invalidated, at, reconnected } = result.value;
    closeDialog();
    const how = server.authKind === 'api_key' ? 'api_key' : reconnected ? 'again' : 'failed';
    setNotice(
      t.t('app.invalidate.ended', {
        count: invalidated,
        server: server.name,
        time: localTime(t, at),
        how,
      }),
    );
  };
  return (
    <Dialog
      title={
        <span className="inline-gap">
          <span>{t.t('app.invalidate.title', { name: server.name })}</span>
          <EnvironmentTag environment={server.environment} />
        </span>
      }
      role="alertdialog"
      onClose={closeDialog}
      testId="invalidate-dialog"
    >
      <form onSubmit={(event) => void submit(event)} className="form">
        <ul className="consequences">
          <li>
            {t.rich('app.invalidate.active', {
              count: active,
              server: server.name,
              b: (parts) => <strong key="b">{parts}</strong>,
              srv: (parts) => (
                <bdi key="srv" data-i18n="data">
                  {parts}
                </bdi>
              ),
            })}
          </li>
          <li>
            {server.authKind === 'api_key'
              ? t.t('app.invalidate.apiKey')
              : t.t('app.invalidate.ownSession')}
          </li>
          <li>{t.t('app.invalidate.keys')}</li>
        </ul>
        <div className="form-field">
          <label htmlFor={`${id}-confirm`}>
            {t.rich('app.invalidate.typeName', {
              server: server.name,
              name: (parts) => (
                <strong key="name" className="confirm-name" data-i18n="data">
                  {parts}
                </strong>
              ),
            })}
          </label>
          <input
            id={`${id}-confirm`}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={typed !== '' && !matches}
            aria-describedby={`${id}-status`}
          />
          <p id={`${id}-status`} className="field-hint" aria-live="polite">
            {typed === ''
              ? ''
              : matches
                ? t.t('app.invalidate.matches')
                : t.t('app.invalidate.noMatch')}
          </p>
        </div>
        <ConfirmButtons
          error={error}
          onCancel={closeDialog}
          confirmLabel={
            busy ? t.t('app.invalidate.busy') : t.t('app.invalidate.confirm', { count: active })
          }
          tone="danger"
          disabled={!matches || busy}
        />
      </form>
    </Dialog>
  );
}
