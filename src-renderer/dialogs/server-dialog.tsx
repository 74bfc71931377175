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
import { hostAndPort } from '../../src-shared/origin';
import { ConfirmButtons, Dialog } from '../components/dialog';
import { ErrorMessage } from '../components/error-message';
import { useT } from '../i18n/translator-context';
import { describeConnection, environmentLabel } from '../labels';
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
  addressWarning,
  changesOf,
  draftOf,
  fieldIssues,
  formLabeller,
  labelOfPath,
  type ServerForm,
  type ServerFormField,
} from './server-form';

/** The add / edit server dialog; `server` is the one being edited, absent when adding. */
export function ServerDialog({ server }: { server?: ServerView }) {
  const t = useT();
  const label = formLabeller(t);
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
  const issues = openIssues(state, label);
  const issueOf = (field: ServerFormField): string | undefined =>
    issues.find((issue) => issue.field === field)?.message;
  const set = (field: keyof ServerForm, value: string): void =>
    update((current) => editField(current, field, value));
  const completeTyped = (): void => update(completeAddress);

  const failed = (error: AppError, then: DialogAction): void => {
    update((current) => actionFailed(current, error, then, server));
    const first = fieldIssues(error, label)[0];
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
      setNotice(result.value.connection ? describeConnection(t, result.value.connection) : null);
      closeDialog();
      return;
    }
    const result = await addServer(draftOf(form, fingerprint));
    if (!result.ok) return failed(result.error, 'save');
    update(saveDone);
    setNotice(describeConnection(t, result.value.connection));
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
        title={t.t('app.serverDialog.certTitle')}
        role="alertdialog"
        onClose={() => update(certificateClosed)}
        testId="certificate-dialog"
      >
        <p>
          {form.name
            ? t.t('app.serverDialog.certText', { name: form.name })
            : t.t('app.serverDialog.certTextUnnamed')}
        </p>
        <CertificateDetails
          certificate={certificate.info}
          expected={null}
          imported={certificate.from === 'saved' ? (server?.expectedFingerprint ?? null) : null}
          host={hostAndPort(certificate.from === 'saved' && server ? server.baseUrl : form.baseUrl)}
        />
        <ConfirmButtons
          onCancel={() => update(certificateClosed)}
          confirmLabel={t.t('app.certDialog.trust')}
          tone="primary"
          onConfirm={() => void trust(certificate)}
        />
      </Dialog>
    );
  }

  const account = form.authKind === 'account';
  const text = (field: Exclude<ServerFormField, 'environment'>) => ({
    id: fieldId(field),
    label: label(field),
    value: form[field],
    onChange: (value: string) => set(field, value),
    issue: issueOf(field),
  });
  return (
    <Dialog
      title={
        editing
          ? t.t('app.serverDialog.editTitle', { name: server.name })
          : t.t('app.serverDialog.addTitle')
      }
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
          hint={t.t('app.serverDialog.addressHint')}
          warning={addressWarning(
            form.baseUrl,
            newOrigin ? t.t('app.serverDialog.newOrigin') : null,
          )}
        />
        <div className="form-field">
          <label htmlFor={fieldId('environment')}>{label('environment')}</label>
          <select
            id={fieldId('environment')}
            value={form.environment}
            onChange={(event) => set('environment', event.target.value)}
          >
            <option value="">{t.t('app.serverDialog.noEnvironment')}</option>
            {ENVIRONMENTS.map((environment) => (
              <option key={environment} value={environment}>
                {environmentLabel(t, environment)}
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
            <label htmlFor={`${id}-replace`}>{t.t('app.serverDialog.replace')}</label>
          </div>
        ) : null}
        {withCredentials ? (
          <fieldset className="form-fieldset">
            <legend>{t.t('app.serverDialog.signInWith')}</legend>
            <div className="radio-row">
              <label>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={account}
                  onChange={() => set('authKind', 'account')}
                />
                <span>{t.t('app.serverDialog.account')}</span>
              </label>
              <label>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={!account}
                  onChange={() => set('authKind', 'api_key')}
                />
                <span>{t.t('app.serverDialog.apiKey')}</span>
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
                    hint={t.t('app.serverDialog.otpHint')}
                  />
                ) : null}
              </>
            ) : (
              <FormTextField {...text('apiKey')} type="password" />
            )}
            <p className="field-hint">{t.t('app.serverDialog.stored')}</p>
            {account ? (
              <p className="field-hint" data-testid="api-key-advice">
                {t.t('app.serverDialog.apiKeyAdvice')}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        {pinned ? (
          <p className="field-hint">
            {t.rich('app.serverDialog.pinned', {
              fingerprint: pinned.slice(0, 23),
              fp: (parts) => (
                <span key="fp" className="mono" data-i18n="data">
                  {parts}
                </span>
              ),
            })}
          </p>
        ) : null}
        <div aria-live="polite" className="dialog-outcome">
          {outcome?.kind === 'ok' ? (
            <p className="test-ok" data-testid="test-result">
              {describeConnection(t, outcome.report)}
            </p>
          ) : null}
          {outcome?.kind === 'error' ? (
            <ErrorMessage error={outcome.error} compact labelOf={labelOfPath(label)} />
          ) : null}
        </div>
        <div className="dialog-buttons">
          <button
            type="button"
            onClick={() => void run('test', pinned)}
            disabled={busy !== null}
            className="left"
          >
            {busy === 'test' ? t.t('app.header.testing') : t.t('app.header.test')}
          </button>
          <button type="button" onClick={closeDialog}>
            {t.t('app.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy === 'save'
              ? editing
                ? t.t('app.saveBar.saving')
                : t.t('app.serverDialog.adding')
              : editing
                ? t.t('app.saveBar.save')
                : t.t('app.serverDialog.add')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
