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
import { formatTime } from '../labels';
import { useApp } from '../store-context';
import { CertificateDetails } from './certificate-details';

/** Remove a server; its stored secret goes too. */
export function RemoveServerDialog({ server }: { server: ServerView }) {
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
        <>
          Remove {server.name}? <EnvironmentTag environment={server.environment} />
        </>
      }
      role="alertdialog"
      onClose={closeDialog}
      testId="remove-dialog"
    >
      <p>
        The app forgets this server and deletes its stored{' '}
        {server.authKind === 'api_key' ? 'API key' : 'password'} from the system keychain. Nothing
        changes on the server itself; you can add it again later.
      </p>
      <ConfirmButtons
        error={error}
        onCancel={closeDialog}
        confirmLabel="Remove server"
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
          ? `The certificate of ${server.name} changed`
          : `Check the certificate of ${server.name}`
      }
      role="alertdialog"
      onClose={closeDialog}
      testId="certificate-dialog"
    >
      <p>
        {expected
          ? 'The server now presents a different certificate from the one you trusted. This happens when the server gets a new certificate, and also when someone intercepts the connection. Do not trust the new one until you have checked its fingerprint on the server.'
          : 'This certificate is not vouched for by any authority. Trust it only after checking its fingerprint on the server.'}
      </p>
      <CertificateDetails
        certificate={certificate}
        expected={expected}
        imported={expected ? null : server.expectedFingerprint}
        host={hostAndPort(server.baseUrl)}
      />
      <ConfirmButtons
        error={error}
        onCancel={closeDialog}
        confirmLabel={expected ? 'Trust the new certificate' : 'Trust this certificate'}
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
    setNotice(`${session.username}’s session from ${session.ip} has ended.`);
  };
  return (
    <Dialog
      title={`Revoke ${session.username}’s session?`}
      role="alertdialog"
      onClose={closeDialog}
      testId="revoke-dialog"
    >
      <p>
        The session on <bdi>{serverName}</bdi> from <span className="mono">{session.ip}</span> (
        <bdi>{session.userAgent}</bdi>), started {formatTime(session.createdAt)}, ends now.{' '}
        <bdi>{session.username}</bdi> has to log in again on that device.
        {session.current ? ' This is the app’s own session: the app will sign in again.' : ''}
      </p>
      <ConfirmButtons
        error={error}
        onCancel={closeDialog}
        confirmLabel="Revoke session"
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
  const closeDialog = useApp((state) => state.closeDialog);
  const confirmLeave = useApp((state) => state.confirmLeave);
  const names = fields.map((field) => FIELD_RULES[field].label);
  return (
    <Dialog
      title="Discard unsaved changes?"
      role="alertdialog"
      onClose={closeDialog}
      testId="unsaved-dialog"
    >
      <p>
        {wholeServer ? `Leaving ${serverName} drops` : 'Leaving this panel drops'} your unsaved
        changes to: {names.join(', ')}.
      </p>
      <ConfirmButtons
        onCancel={closeDialog}
        cancelLabel="Stay"
        confirmLabel="Discard changes"
        tone="danger"
        onConfirm={confirmLeave}
      />
    </Dialog>
  );
}
