/**
 * Add or edit a server: name, address, environment, and an account (with a one-time code
 * when the server asks) or an API key. "Test connection" says the result in words; a
 * self-signed certificate is shown for the admin to check before it is pinned.
 */

import { useId, useState, type FormEvent } from 'react';
import type { AppError } from '../../src-shared/errors';
import {
  ENVIRONMENTS,
  type CertificateInfo,
  type ConnectionReport,
  type EnvironmentTag,
  type ServerView,
} from '../../src-shared/domain';
import type { Credentials, ServerDraft } from '../../src-shared/ipc-contract';
import { ConfirmButtons, Dialog } from '../components/dialog';
import { ErrorMessage } from '../components/error-message';
import { ENVIRONMENT_LABELS, describeConnection } from '../labels';
import { useApi, useApp } from '../store-context';
import { CertificateDetails } from './certificate-details';

type Outcome = { kind: 'ok'; report: ConnectionReport } | { kind: 'error'; error: AppError } | null;

interface Form {
  name: string;
  baseUrl: string;
  environment: EnvironmentTag | '';
  authKind: 'account' | 'api_key';
  username: string;
  password: string;
  otp: string;
  apiKey: string;
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return url;
  }
}

/** The add / edit server dialog; `server` is the one being edited, absent when adding. */
export function ServerDialog({ server }: { server?: ServerView }) {
  const api = useApi();
  const closeDialog = useApp((state) => state.closeDialog);
  const loadServers = useApp((state) => state.loadServers);
  const navigate = useApp((state) => state.navigate);
  const loadSettings = useApp((state) => state.loadSettings);
  const setNotice = useApp((state) => state.setNotice);
  const id = useId();
  const editing = server !== undefined;
  const [form, setForm] = useState<Form>({
    name: server?.name ?? '',
    baseUrl: server?.baseUrl ?? 'https://',
    environment: server?.environment ?? '',
    authKind: server?.authKind ?? 'account',
    username: server?.username ?? '',
    password: '',
    otp: '',
    apiKey: '',
  });
  const [replaceCredentials, setReplaceCredentials] = useState(!editing);
  const [needsOtp, setNeedsOtp] = useState(false);
  const [busy, setBusy] = useState<null | 'test' | 'save'>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pinned, setPinned] = useState<string | null>(null);
  const [certificate, setCertificate] = useState<{
    info: CertificateInfo;
    then: 'test' | 'save';
  } | null>(null);

  const field = (key: keyof Form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));

  const credentials = (): Credentials =>
    form.authKind === 'account'
      ? {
          kind: 'account',
          username: form.username,
          password: form.password,
          ...(form.otp.trim() ? { otp: form.otp.trim() } : {}),
        }
      : { kind: 'api_key', apiKey: form.apiKey };

  const draft = (fingerprint: string | null): ServerDraft => ({
    name: form.name,
    baseUrl: form.baseUrl,
    environment: form.environment === '' ? null : form.environment,
    credentials: credentials(),
    pinnedFingerprint: fingerprint,
  });

  const failed = (error: AppError, then: 'test' | 'save'): void => {
    if (error.code === 'otp_required') setNeedsOtp(true);
    if (error.code === 'tls_untrusted' && error.certificate && !editing) {
      setCertificate({ info: error.certificate, then });
    }
    setOutcome({ kind: 'error', error });
  };

  const run = async (action: 'test' | 'save', fingerprint: string | null): Promise<void> => {
    setBusy(action);
    setOutcome(null);
    if (action === 'test') {
      const result = editing
        ? await api.servers.test({ id: server.id })
        : await api.servers.testDraft(draft(fingerprint));
      setBusy(null);
      if (result.ok) {
        setOutcome({
          kind: 'ok',
          report: 'connection' in result.value ? result.value.connection : result.value,
        });
      } else failed(result.error, 'test');
      return;
    }
    if (editing) {
      const result = await api.servers.update({
        id: server.id,
        // Only what changed: an unchanged address must not reset the server's connection.
        changes: {
          ...(form.name !== server.name ? { name: form.name } : {}),
          ...(form.baseUrl !== server.baseUrl ? { baseUrl: form.baseUrl } : {}),
          ...((form.environment || null) !== server.environment
            ? { environment: form.environment === '' ? null : form.environment }
            : {}),
          ...(replaceCredentials ? { credentials: credentials() } : {}),
        },
      });
      setBusy(null);
      if (!result.ok) return failed(result.error, 'save');
      await loadServers();
      setNotice(result.value.connection ? describeConnection(result.value.connection) : null);
      closeDialog();
      void loadSettings(server.id);
      return;
    }
    const result = await api.servers.add(draft(fingerprint));
    setBusy(null);
    if (!result.ok) return failed(result.error, 'save');
    await loadServers();
    navigate({ serverId: result.value.server.id, panel: 'timeouts' });
    setNotice(describeConnection(result.value.connection));
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void run('save', pinned);
  };

  if (certificate) {
    return (
      <Dialog
        key="certificate"
        title="Check this server’s certificate"
        role="alertdialog"
        onClose={() => setCertificate(null)}
        testId="certificate-dialog"
      >
        <p>
          {form.name || 'This server'} presents a certificate that no authority vouches for (it is
          self-signed). Anyone between you and the server could present one like it. Trust it only
          after checking that its fingerprint is the one on the server.
        </p>
        <CertificateDetails
          certificate={certificate.info}
          expected={null}
          host={hostOf(form.baseUrl)}
        />
        <ConfirmButtons
          onCancel={() => setCertificate(null)}
          confirmLabel="Trust this certificate"
          tone="primary"
          onConfirm={() => {
            const fingerprint = certificate.info.fingerprint256;
            setPinned(fingerprint);
            setCertificate(null);
            void run(certificate.then, fingerprint);
          }}
        />
      </Dialog>
    );
  }

  const account = form.authKind === 'account';
  return (
    <Dialog
      title={editing ? `Edit ${server.name}` : 'Add a server'}
      onClose={closeDialog}
      testId="server-dialog"
    >
      <form onSubmit={submit} className="form" noValidate>
        <div className="form-field">
          <label htmlFor={`${id}-name`}>Display name</label>
          <input
            id={`${id}-name`}
            value={form.name}
            onChange={field('name')}
            required
            data-autofocus
            autoComplete="off"
          />
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-url`}>Address</label>
          <input
            id={`${id}-url`}
            value={form.baseUrl}
            onChange={field('baseUrl')}
            required
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-url-hint`}
          />
          <p className="field-hint" id={`${id}-url-hint`}>
            The dashboard’s address, for example https://box.example.com
          </p>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-env`}>Environment</label>
          <select id={`${id}-env`} value={form.environment} onChange={field('environment')}>
            <option value="">None</option>
            {ENVIRONMENTS.map((environment) => (
              <option key={environment} value={environment}>
                {ENVIRONMENT_LABELS[environment]}
              </option>
            ))}
          </select>
        </div>
        {editing ? (
          <div className="form-field checkbox-field">
            <input
              id={`${id}-replace`}
              type="checkbox"
              checked={replaceCredentials}
              onChange={(event) => setReplaceCredentials(event.target.checked)}
            />
            <label htmlFor={`${id}-replace`}>Replace the stored credentials</label>
          </div>
        ) : null}
        {replaceCredentials ? (
          <fieldset className="form-fieldset">
            <legend>Sign in with</legend>
            <div className="radio-row">
              <label>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={account}
                  onChange={() => setForm((current) => ({ ...current, authKind: 'account' }))}
                />{' '}
                An admin account
              </label>
              <label>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={!account}
                  onChange={() => setForm((current) => ({ ...current, authKind: 'api_key' }))}
                />{' '}
                A local API key
              </label>
            </div>
            {account ? (
              <>
                <div className="form-field">
                  <label htmlFor={`${id}-user`}>Username</label>
                  <input
                    id={`${id}-user`}
                    value={form.username}
                    onChange={field('username')}
                    autoComplete="off"
                  />
                </div>
                <div className="form-field">
                  <label htmlFor={`${id}-password`}>Password</label>
                  <input
                    id={`${id}-password`}
                    type="password"
                    value={form.password}
                    onChange={field('password')}
                    autoComplete="off"
                  />
                </div>
                {needsOtp ? (
                  <div className="form-field">
                    <label htmlFor={`${id}-otp`}>One-time code</label>
                    <input
                      id={`${id}-otp`}
                      value={form.otp}
                      onChange={field('otp')}
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      aria-describedby={`${id}-otp-hint`}
                    />
                    <p className="field-hint" id={`${id}-otp-hint`}>
                      The 6-digit code from the account’s authenticator app.
                    </p>
                  </div>
                ) : null}
              </>
            ) : (
              <div className="form-field">
                <label htmlFor={`${id}-key`}>API key</label>
                <input
                  id={`${id}-key`}
                  type="password"
                  value={form.apiKey}
                  onChange={field('apiKey')}
                  autoComplete="off"
                />
              </div>
            )}
            <p className="field-hint">Stored in the system keychain, never in a file.</p>
            {account ? (
              <p className="field-hint" data-testid="api-key-advice">
                An account signs in as a session, which counts towards the server’s sessions per
                user: with a low limit, your own sign-in elsewhere ends the app’s session. An API
                key is not a session, so it avoids that.
              </p>
            ) : null}
          </fieldset>
        ) : null}
        {pinned ? (
          <p className="field-hint">
            Certificate trusted: <span className="mono">{pinned.slice(0, 23)}…</span>
          </p>
        ) : null}
        <div aria-live="polite" className="dialog-outcome">
          {outcome?.kind === 'ok' ? (
            <p className="test-ok" data-testid="test-result">
              {describeConnection(outcome.report)}
            </p>
          ) : null}
          {outcome?.kind === 'error' ? <ErrorMessage error={outcome.error} compact /> : null}
        </div>
        <div className="dialog-buttons">
          <button
            type="button"
            onClick={() => void run('test', pinned)}
            disabled={busy !== null}
            className="left"
          >
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy === 'save' ? (editing ? 'Saving…' : 'Adding…') : editing ? 'Save' : 'Add server'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
