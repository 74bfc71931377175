/**
 * What every settings panel shares: the loading and error states, and the read-only
 * banner with its reason when the account cannot change settings.
 */

import type { ReactNode } from 'react';
import type { SessionSettings } from '../../src-shared/settings';
import { ErrorMessage } from '../components/error-message';
import { useT } from '../i18n/translator-context';
import { selectSelectedServer, useApp } from '../store-context';

/** The read-only reason, or null when the settings can be changed. */
export function ReadOnlyBanner() {
  const t = useT();
  const canUpdate = useApp((state) => state.editor.canUpdate);
  const server = useApp(selectSelectedServer);
  const status = useApp((state) => state.editor.status);
  if (canUpdate || status !== 'ready' || !server) return null;
  return (
    <div className="banner banner-info" role="note" data-testid="read-only-banner">
      <p>
        {t.rich('app.readOnly.text', {
          via: server.authKind === 'api_key' ? 'api_key' : 'account',
          user: server.username ?? '',
          permission: 'admin.settings.update',
          b: (parts) => <strong key="b">{parts}</strong>,
          code: (parts) => (
            <code key="code" data-i18n="data">
              {parts}
            </code>
          ),
        })}
      </p>
      <p>{t.t('app.readOnly.how')}</p>
    </div>
  );
}

/** Renders its children with the draft once the settings are loaded. */
export function SettingsFrame({ children }: { children(draft: SessionSettings): ReactNode }) {
  const t = useT();
  const status = useApp((state) => state.editor.status);
  const loadError = useApp((state) => state.editor.loadError);
  const draft = useApp((state) => state.editor.draft);
  const serverId = useApp((state) => state.editor.serverId);
  const loadSettings = useApp((state) => state.loadSettings);
  const openDialog = useApp((state) => state.openDialog);
  if (status === 'loading' || status === 'idle') {
    return (
      <p className="loading" role="status">
        {t.t('app.settings.loading')}
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
            {t.t('app.settings.reviewCertificate')}
          </button>
        ) : null}
        {['unauthorized', 'no_credentials', 'otp_required', 'forbidden'].includes(
          loadError.code,
        ) ? (
          <button type="button" onClick={() => openDialog({ kind: 'edit-server', serverId })}>
            {t.t('app.settings.editServer')}
          </button>
        ) : null}
        <button type="button" onClick={() => void loadSettings(serverId)}>
          {t.t('app.tryAgain')}
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
