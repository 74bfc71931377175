/**
 * Add or edit a server: name, address, environment, and an account (with a one-time code
 * when the server asks) or an API key. "Test connection" says the result in words; a
 * self-signed certificate is shown for the admin to check before it is pinned (beside the
 * fingerprint an imported list expected, if any). Credentials are bound to their origin: a
 * new scheme, host or port asks for them again, and says so before saving. A value main
 * refuses is shown on its field, by its label.
 */

import { useId, useState, type FormEvent } from 'react';
import { ENVIRONMENTS, type ServerView } from '../../src-shared/domain';
import type { AppError } from '../../src-shared/errors';
import { NEW_ORIGIN_NEEDS_CREDENTIALS, hostAndPort } from '../../src-shared/origin';
import { ConfirmButtons, Dialog } from '../components/dialog';
import { ErrorMessage } from '../components/error-message';
import { ENVIRONMENT_LABELS, describeConnection } from '../labels';
import { useApp } from '../store-context';
import { CertificateDetails } from './certificate-details';
import { FormTextField } from './form-field';
import {
  actionFailed,
  actionStarted,
  certificateClosed,
  certificateTrusted,
  completeAddress,
  editField,
  isNewOrigin,
  openIssues,
  openServerDialog,
  pinFailed,
  replaceCredentials,
  saveDone,
  testPassed,
  withCredentials as credentialsShown,
  type CertificateReview,
  type DialogAction,
  type ServerDialogState,
} from './server-dialog-state';
import {
  SERVER_FORM_LABELS,
  addressWarning,
  changesOf,
  draftOf,
  fieldIssues,
  labelOfPath,
  type ServerForm,
  type ServerFormField,
} from './server-form';

/** The add / edit server dialog; `server` is the one being edited, absent when adding. */
export function ServerDialog({ server }: { server?: ServerView }) {
  const closeDialog = useApp((state) => state.closeDialog);
  const setNotice = useApp((state) => state.setNotice);
  const testDraft = useApp((state) => state.testDraft);
  const testServer = useApp((state) => state.testServer);
  const addServer = useApp((state) => state.addServer);
  const updateServer = useApp((state) => state.updateServer);
  const pinCertificate = useApp((state) => state.pinCertificate);
  const id = useId();
  const editing = server !== undefined;
  const [state, setState] = useState<ServerDialogState>(() => openServerDialog(server));
  const update = (change: (current: ServerDialogState) => ServerDialogState): void =>
    setState(change);
  const { form, needsOtp, busy, outcome, pinned, certificate } = state;
  const newOrigin = isNewOrigin(state, server);
  const withCredentials = credentialsShown(state, server);

  const fieldId = (field: ServerFormField): string => `${id}-${field}`;
  const issues = openIssues(state);
  const issueOf = (field: ServerFormField): string | undefined =>
    issues.find((issue) => issue.field === field)?.message;
  const set = (field: keyof ServerForm, value: string): void =>
    update((current) => editField(current, field, value));
  const completeTyped = (): void => update(completeAddress);

  const failed = (error: AppError, then: DialogAction): void => {
    update((current) => actionFailed(current, error, then, server));
    const first = fieldIssues(error)[0];
    if (first) document.getElementById(fieldId(first.field))?.focus();
  };

  const run = async (action: DialogAction, fingerprint: string | null): Promise<void> => {
    // Enter in the address field submits without leaving it: the address is completed here too.
    update((current) => actionStarted(current, action));
    if (action === 'test') {
      const result = editing
        ? await testServer(server.id)
        : await testDraft(draftOf(form, fingerprint));
      if (!result.ok) return failed(result.error, 'test');
      const report = 'connection' in result.value ? result.value.connection : result.value;
      update((current) => testPassed(current, report));
      return;
    }
    if (editing) {
      const result = await updateServer({
        id: server.id,
        changes: changesOf(form, server, withCredentials, newOrigin ? fingerprint : null),
      });
      if (!result.ok) return failed(result.error, 'save');
      update(saveDone);
      setNotice(result.value.connection ? describeConnection(result.value.connection) : null);
      closeDialog();
      return;
    }
    const result = await addServer(draftOf(form, fingerprint));
    if (!result.ok) return failed(result.error, 'save');
    update(saveDone);
    setNotice(describeConnection(result.value.connection));
  };

  /** The admin trusts the certificate: pinned at the saved address now, or sent with the draft. */
  const trust = async (review: CertificateReview): Promise<void> => {
    const fingerprint = review.info.fingerprint256;
    update((current) => certificateTrusted(current, review));
    if (review.from === 'typed') return run(review.then, fingerprint);
    if (!server) return;
    const result = await pinCertificate(server.id, fingerprint);
    if (!result.ok) return update((current) => pinFailed(current, result.error));
    return run(review.then, null);
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
        onClose={() => update(certificateClosed)}
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
          imported={certificate.from === 'saved' ? (server?.expectedFingerprint ?? null) : null}
          host={hostAndPort(certificate.from === 'saved' && server ? server.baseUrl : form.baseUrl)}
        />
        <ConfirmButtons
          onCancel={() => update(certificateClosed)}
          confirmLabel="Trust this certificate"
          tone="primary"
          onConfirm={() => void trust(certificate)}
        />
      </Dialog>
    );
  }

  const account = form.authKind === 'account';
  const text = (field: Exclude<ServerFormField, 'environment'>) => ({
    id: fieldId(field),
    label: SERVER_FORM_LABELS[field],
    value: form[field],
    onChange: (value: string) => set(field, value),
    issue: issueOf(field),
  });
  return (
    <Dialog
      title={editing ? `Edit ${server.name}` : 'Add a server'}
      onClose={closeDialog}
      testId="server-dialog"
    >
      <form onSubmit={submit} className="form" noValidate>
        <FormTextField {...text('name')} required autoFocus />
        <FormTextField
          {...text('baseUrl')}
          onBlur={completeTyped}
          required
          spellCheck={false}
          hint="The dashboard’s address, for example https://box.example.com"
          warning={addressWarning(form.baseUrl, newOrigin ? NEW_ORIGIN_NEEDS_CREDENTIALS : null)}
        />
        <div className="form-field">
          <label htmlFor={fieldId('environment')}>{SERVER_FORM_LABELS.environment}</label>
          <select
            id={fieldId('environment')}
            value={form.environment}
            onChange={(event) => set('environment', event.target.value)}
          >
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
              checked={withCredentials}
              disabled={newOrigin}
              aria-describedby={newOrigin ? `${fieldId('baseUrl')}-hint` : undefined}
              onChange={(event) =>
                update((current) => replaceCredentials(current, event.target.checked))
              }
            />
            <label htmlFor={`${id}-replace`}>Replace the stored credentials</label>
          </div>
        ) : null}
        {withCredentials ? (
          <fieldset className="form-fieldset">
            <legend>Sign in with</legend>
            <div className="radio-row">
              <label>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={account}
                  onChange={() => set('authKind', 'account')}
                />{' '}
                An admin account
              </label>
              <label>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={!account}
                  onChange={() => set('authKind', 'api_key')}
                />{' '}
                A local API key
              </label>
            </div>
            {account ? (
              <>
                <FormTextField {...text('username')} />
                <FormTextField {...text('password')} type="password" />
                {needsOtp ? (
                  <FormTextField
                    {...text('otp')}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    hint="The 6-digit code from the account’s authenticator app."
                  />
                ) : null}
              </>
            ) : (
              <FormTextField {...text('apiKey')} type="password" />
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
          {outcome?.kind === 'error' ? (
            <ErrorMessage error={outcome.error} compact labelOf={labelOfPath} />
          ) : null}
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
