/**
 * What every settings panel shares: the loading and error states, and the read-only
 * banner with its reason when the account cannot change settings.
 */

import type { ReactNode } from 'react';
import type { SessionSettings } from '../../src-shared/settings';
import { ErrorMessage } from '../components/error-message';
import { selectSelectedServer, useApp } from '../store-context';

/** The read-only reason, or null when the settings can be changed. */
export function ReadOnlyBanner() {
  const canUpdate = useApp((state) => state.editor.canUpdate);
  const server = useApp(selectSelectedServer);
  const status = useApp((state) => state.editor.status);
  if (canUpdate || status !== 'ready' || !server) return null;
  const who =
    server.authKind === 'api_key' ? 'The API key' : `The account “${server.username ?? ''}”`;
  return (
    <div className="banner banner-info" role="note" data-testid="read-only-banner">
      <p>
        <strong>Read-only.</strong> {who} can look at these settings but not change them: it lacks
        the permission <code>admin.settings.update</code>.
      </p>
      <p>
        To change them, edit this server and use an account or API key that has that permission.
      </p>
    </div>
  );
}

/** Renders its children with the draft once the settings are loaded. */
export function SettingsFrame({ children }: { children(draft: SessionSettings): ReactNode }) {
  const status = useApp((state) => state.editor.status);
  const loadError = useApp((state) => state.editor.loadError);
  const draft = useApp((state) => state.editor.draft);
  const serverId = useApp((state) => state.editor.serverId);
  const loadSettings = useApp((state) => state.loadSettings);
  const openDialog = useApp((state) => state.openDialog);
  if (status === 'loading' || status === 'idle') {
    return (
      <p className="loading" role="status">
        Loading settings…
      </p>
    );
  }
  if (status === 'error' && loadError && serverId) {
    const certificate =
      (loadError.code === 'tls_pin_mismatch' || loadError.code === 'tls_untrusted') &&
      loadError.certificate
        ? loadError.certificate
        : null;
    return (
      <ErrorMessage error={loadError}>
        {certificate ? (
          <button
            type="button"
            onClick={() =>
              openDialog({
                kind: 'certificate',
                serverId,
                certificate,
                expected:
                  loadError.code === 'tls_pin_mismatch' ? loadError.expectedFingerprint : null,
              })
            }
          >
            Review the certificate…
          </button>
        ) : null}
        {['unauthorized', 'no_credentials', 'otp_required', 'forbidden'].includes(
          loadError.code,
        ) ? (
          <button type="button" onClick={() => openDialog({ kind: 'edit-server', serverId })}>
            Edit server…
          </button>
        ) : null}
        <button type="button" onClick={() => void loadSettings(serverId)}>
          Try again
        </button>
      </ErrorMessage>
    );
  }
  if (!draft) return null;
  return (
    <>
      <ReadOnlyBanner />
      {children(draft)}
    </>
  );
}
