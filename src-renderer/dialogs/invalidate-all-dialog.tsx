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
import { plural } from '../../src-shared/plural';
import { formatTime } from '../labels';
import { useApp } from '../store-context';

/** The type-to-confirm dialog for ending every session on a server. */
export function InvalidateAllDialog({ server }: { server: ServerView }) {
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
    setNotice(
      `${plural(invalidated, 'session')} ended on ${server.name} at ${formatTime(at)}. ${
        server.authKind === 'api_key'
          ? 'The app uses an API key, so it stayed connected.'
          : reconnected
            ? 'The app signed in again with the stored account and is still connected.'
            : 'The app could not sign in again: edit the server to check its credentials.'
      }`,
    );
  };
  return (
    <Dialog
      title={
        <>
          Invalidate all sessions on {server.name}?{' '}
          <EnvironmentTag environment={server.environment} />
        </>
      }
      role="alertdialog"
      onClose={closeDialog}
      testId="invalidate-dialog"
    >
      <form onSubmit={(event) => void submit(event)} className="form">
        <ul className="consequences">
          <li>
            <strong>{plural(active, 'active session')}</strong> on {server.name} end now, for every
            user.
          </li>
          <li>
            {server.authKind === 'api_key'
              ? 'The app signs in with an API key, which is not a session: it stays connected.'
              : 'You will be logged out too: the app’s own session ends, and it signs in again with the stored account.'}
          </li>
          <li>
            Local API keys are not affected: scripts and integrations using them keep working.
          </li>
        </ul>
        <div className="form-field">
          <label htmlFor={`${id}-confirm`}>
            Type <strong className="confirm-name">{server.name}</strong> to confirm
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
                ? 'The name matches.'
                : 'This does not match the server name yet.'}
          </p>
        </div>
        <ConfirmButtons
          error={error}
          onCancel={closeDialog}
          confirmLabel={busy ? 'Invalidating…' : `Invalidate ${plural(active, 'session')}`}
          tone="danger"
          disabled={!matches || busy}
        />
      </form>
    </Dialog>
  );
}
