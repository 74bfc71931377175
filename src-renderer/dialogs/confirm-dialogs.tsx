/**
 * The confirmations: remove a server, trust a changed certificate, revoke a session,
 * leave unsaved changes. Each has Cancel as its default (focused) button and shows its
 * error inline.
 */

import { useState } from 'react';
import type { AppError } from '../../src-shared/errors';
import type { CertificateInfo, ServerView } from '../../src-shared/domain';
import type { ActiveSession } from '../../src-shared/quickbox';
import { hostAndPort } from '../../src-shared/origin';
import { FIELD_RULES, type SettingsField } from '../../src-shared/settings';
import { ConfirmButtons, Dialog } from '../components/dialog';
import { EnvironmentTag } from '../components/environment-tag';
import { useT } from '../i18n/translator-context';
import { localTime } from '../labels';
import { useApp } from '../store-context';
import { CertificateDetails } from './certificate-details';

/** Remove a server; its stored secret goes too. */
export function RemoveServerDialog({ server }: { server: ServerView }) {
  const t = useT();
  const closeDialog = useApp((state) => state.closeDialog);
  const removeServer = useApp((state) => state.removeServer);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async (): Promise<void> => {
    setBusy(true);
    const result = await removeServer(server.id);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    closeDialog();
  };
  return (
    <Dialog
      title={
        <span className="inline-gap">
          <span>{t.t('app.remove.title', { name: server.name })}</span>
          <EnvironmentTag environment={server.environment} />
        </span>
      }
      role="alertdialog"
      onClose={closeDialog}
      testId="remove-dialog"
    >
      <p>
        {t.t('app.remove.text', { kind: server.authKind === 'api_key' ? 'api_key' : 'password' })}
      </p>
      <ConfirmButtons
        error={error}
        onCancel={closeDialog}
        confirmLabel={t.t('app.remove.confirm')}
        tone="danger"
        disabled={busy}
        onConfirm={() => void remove()}
      />
    </Dialog>
  );
}

/** Trust the certificate a saved server presents now (first time, or after it changed). */
export function CertificateDialog({
  server,
  certificate,
  expected,
}: {
  server: ServerView;
  certificate: CertificateInfo;
  expected: string | null;
}) {
  const t = useT();
  const closeDialog = useApp((state) => state.closeDialog);
  const pinCertificate = useApp((state) => state.pinCertificate);
  const [error, setError] = useState<AppError | null>(null);
  const pin = async (): Promise<void> => {
    const result = await pinCertificate(server.id, certificate.fingerprint256);
    if (!result.ok) return setError(result.error);
    closeDialog();
  };
  return (
    <Dialog
      title={
        expected
          ? t.t('app.certDialog.changedTitle', { name: server.name })
          : t.t('app.certDialog.checkTitle', { name: server.name })
      }
      role="alertdialog"
      onClose={closeDialog}
      testId="certificate-dialog"
    >
      <p>{expected ? t.t('app.certDialog.changedText') : t.t('app.certDialog.checkText')}</p>
      <CertificateDetails
        certificate={certificate}
        expected={expected}
        imported={expected ? null : server.expectedFingerprint}
        host={hostAndPort(server.baseUrl)}
      />
      <ConfirmButtons
        error={error}
        onCancel={closeDialog}
        confirmLabel={expected ? t.t('app.certDialog.trustNew') : t.t('app.certDialog.trust')}
        tone="primary"
        onConfirm={() => void pin()}
      />
    </Dialog>
  );
}

/** Revoke one session. */
export function RevokeSessionDialog({
  session,
  serverName,
}: {
  session: ActiveSession;
  serverName: string;
}) {
  const t = useT();
  const closeDialog = useApp((state) => state.closeDialog);
  const revokeSession = useApp((state) => state.revokeSession);
  const setNotice = useApp((state) => state.setNotice);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const revoke = async (): Promise<void> => {
    setBusy(true);
    const result = await revokeSession(session.id);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    closeDialog();
    setNotice(t.t('app.revoke.ended', { user: session.username, ip: session.ip }));
  };
  return (
    <Dialog
      title={t.t('app.revoke.title', { user: session.username })}
      role="alertdialog"
      onClose={closeDialog}
      testId="revoke-dialog"
    >
      <p>
        {t.rich('app.revoke.text', {
          server: serverName,
          ip: session.ip,
          agent: session.userAgent,
          user: session.username,
          time: localTime(t, session.createdAt),
          own: session.current ? 'yes' : 'no',
          srv: (parts) => (
            <bdi key="srv" data-i18n="data">
              {parts}
            </bdi>
          ),
          addr: (parts) => (
            <span key="addr" className="mono" data-i18n="data">
              {parts}
            </span>
          ),
          ua: (parts) => (
            <bdi key="ua" data-i18n="data">
              {parts}
            </bdi>
          ),
          who: (parts) => (
            <bdi key="who" data-i18n="data">
              {parts}
            </bdi>
          ),
        })}
      </p>
      <ConfirmButtons
        error={error}
        onCancel={closeDialog}
        confirmLabel={t.t('app.revoke.confirm')}
        tone="danger"
        disabled={busy}
        onConfirm={() => void revoke()}
      />
    </Dialog>
  );
}

/** Leave a server or panel with unsaved changes. */
export function UnsavedDialog({
  fields,
  wholeServer,
  serverName,
}: {
  fields: SettingsField[];
  wholeServer: boolean;
  serverName: string;
}) {
  const t = useT();
  const closeDialog = useApp((state) => state.closeDialog);
  const confirmLeave = useApp((state) => state.confirmLeave);
  const names = fields.map((field) => FIELD_RULES[field].label);
  return (
    <Dialog
      title={t.t('app.unsaved.title')}
      role="alertdialog"
      onClose={closeDialog}
      testId="unsaved-dialog"
    >
      <p>
        {t.t('app.unsaved.text', {
          whole: wholeServer ? 'yes' : 'no',
          name: serverName,
          fields: t.list(names),
        })}
      </p>
      <ConfirmButtons
        onCancel={closeDialog}
        cancelLabel={t.t('app.unsaved.stay')}
        confirmLabel={t.t('app.unsaved.discard')}
        tone="danger"
        onConfirm={confirmLeave}
      />
    </Dialog>
  );
}
