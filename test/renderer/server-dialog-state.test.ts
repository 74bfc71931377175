import { describe, expect, it } from 'vitest';
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
  withCredentials,
  type ServerDialogState,
} from '../../src-renderer/dialogs/server-dialog-state';
import { formLabeller } from '../../src-renderer/dialogs/server-form';
import { windowTranslator } from './translator';

const english = formLabeller(windowTranslator('en'));
import type { CertificateInfo, ConnectionReport, ServerView } from '../../src-shared/domain';
import type { AppError } from '../../src-shared/errors';
import { serverView } from '../fixtures/server-view';

const saved: ServerView = serverView({ id: 'a', name: 'Box A', baseUrl: 'https://a.example' });

const certificate: CertificateInfo = {
  fingerprint256: 'AB:CD:EF',
  subject: 'CN=a.example',
  issuer: 'CN=a.example',
  validFrom: '2026-01-01',
  validTo: '2027-01-01',
  selfSigned: true,
};
const untrusted: AppError = {
  code: 'tls_untrusted',
  message: 'self-signed',
  reason: 'DEPTH_ZERO_SELF_SIGNED_CERT',
  certificate,
};
const otpRequired: AppError = { code: 'otp_required', message: 'code needed' };
const invalid: AppError = {
  code: 'invalid_request',
  message: 'invalid',
  issues: [
    { path: 'changes.baseUrl', message: 'must be an http:// or https:// address' },
    { path: 'name', message: 'must not be empty' },
  ],
};
const report = { server: { name: 'Box A', version: '1.0' } } as ConnectionReport;

/** A transition must not change the state it was given (React keeps the old one). */
function frozen(state: ServerDialogState): ServerDialogState {
  return Object.freeze({ ...state, form: Object.freeze({ ...state.form }) });
}

describe('the server dialog as it opens', () => {
  it('asks for credentials when adding, and keeps the stored ones when editing', () => {
    expect(openServerDialog()).toEqual({
      form: expect.objectContaining({ name: '', baseUrl: 'https://', authKind: 'account' }),
      replaceCredentials: true,
      needsOtp: false,
      busy: null,
      outcome: null,
      corrected: [],
      pinned: null,
      certificate: null,
    });
    const edit = openServerDialog(saved);
    expect(edit.replaceCredentials).toBe(false);
    expect(edit.form).toMatchObject({ name: 'Box A', baseUrl: 'https://a.example', password: '' });
    expect(withCredentials(edit, saved)).toBe(false);
  });
});

describe('typing', () => {
  it('changes the field and marks it corrected, except the sign-in kind', () => {
    const state = editField(frozen(openServerDialog()), 'name', 'Box B');
    expect(state.form.name).toBe('Box B');
    expect(state.corrected).toEqual(['name']);
    const kind = editField(frozen(state), 'authKind', 'api_key');
    expect(kind.form.authKind).toBe('api_key');
    expect(kind.corrected).toEqual(['name']);
  });

  it('hides the issue of a field the admin corrected since main named it', () => {
    const refused = actionFailed(openServerDialog(saved), invalid, 'save', saved);
    expect(openIssues(refused, english).map((issue) => issue.field)).toEqual(['baseUrl', 'name']);
    const corrected = editField(frozen(refused), 'baseUrl', 'https://b.example');
    expect(openIssues(corrected, english).map((issue) => issue.field)).toEqual(['name']);
  });

  it('completes an address typed without a scheme, and leaves a complete one as it is', () => {
    const typed = editField(openServerDialog(), 'baseUrl', 'box.example:8443');
    expect(completeAddress(frozen(typed)).form.baseUrl).toBe('https://box.example:8443');
    const complete = editField(openServerDialog(), 'baseUrl', 'http://box.example');
    expect(completeAddress(complete)).toBe(complete);
  });
});

describe('a new origin', () => {
  it('asks for the credentials again when an edit moves to another host, scheme or port', () => {
    const state = openServerDialog(saved);
    for (const address of ['https://b.example', 'http://a.example', 'https://a.example:8443']) {
      const moved = editField(state, 'baseUrl', address);
      expect(isNewOrigin(moved, saved), address).toBe(true);
      expect(withCredentials(moved, saved), address).toBe(true);
    }
    const samePlace = editField(state, 'baseUrl', 'https://a.example/dashboard');
    expect(isNewOrigin(samePlace, saved)).toBe(false);
    expect(isNewOrigin(editField(state, 'baseUrl', 'not an address'), saved)).toBe(false);
    expect(isNewOrigin(editField(openServerDialog(), 'baseUrl', 'https://b.example'))).toBe(false);
  });

  it('follows the replace box when the origin stays', () => {
    const state = replaceCredentials(frozen(openServerDialog(saved)), true);
    expect(withCredentials(state, saved)).toBe(true);
    expect(withCredentials(replaceCredentials(state, false), saved)).toBe(false);
  });
});

describe('a test or save', () => {
  it('starts busy with the address completed and the last result and corrections cleared', () => {
    const before = editField(
      actionFailed(openServerDialog(), invalid, 'save'),
      'baseUrl',
      'b.example',
    );
    const started = actionStarted(frozen(before), 'test');
    expect(started).toMatchObject({ busy: 'test', outcome: null, corrected: [] });
    expect(started.form.baseUrl).toBe('https://b.example');
  });

  it('ends with the report, or with nothing when a save went through', () => {
    const started = actionStarted(openServerDialog(), 'test');
    expect(testPassed(frozen(started), report)).toMatchObject({
      busy: null,
      outcome: { kind: 'ok', report },
    });
    expect(saveDone(actionStarted(openServerDialog(), 'save')).busy).toBeNull();
  });

  it('shows the one-time code field from the first time the server asks for it', () => {
    const asked = actionFailed(
      frozen(actionStarted(openServerDialog(), 'save')),
      otpRequired,
      'save',
    );
    expect(asked).toMatchObject({ needsOtp: true, busy: null, outcome: { kind: 'error' } });
    expect(actionFailed(asked, invalid, 'save').needsOtp).toBe(true);
    expect(actionFailed(openServerDialog(), invalid, 'save').needsOtp).toBe(false);
  });

  it('shows a self-signed certificate at the address it was presented for', () => {
    const from = (state: ServerDialogState, then: 'test' | 'save', server?: ServerView) =>
      actionFailed(frozen(state), untrusted, then, server).certificate?.from;
    const edit = openServerDialog(saved);
    const moved = editField(edit, 'baseUrl', 'https://b.example');
    expect(from(openServerDialog(), 'test')).toBe('typed');
    expect(from(openServerDialog(), 'save')).toBe('typed');
    expect(from(edit, 'test', saved)).toBe('saved');
    expect(from(edit, 'save', saved)).toBe('saved');
    expect(from(moved, 'test', saved)).toBe('saved');
    expect(from(moved, 'save', saved)).toBe('typed');
    const review = actionFailed(edit, untrusted, 'test', saved).certificate;
    expect(review).toEqual({ info: certificate, then: 'test', from: 'saved' });
  });

  it('shows no certificate for a refusal that carries none', () => {
    const none: AppError = { ...untrusted, certificate: null } as AppError;
    expect(actionFailed(openServerDialog(), none, 'test').certificate).toBeNull();
  });
});

describe('the certificate', () => {
  const review = actionFailed(openServerDialog(), untrusted, 'save').certificate!;

  it('trusted at the typed address goes with the draft', () => {
    const shown = actionFailed(openServerDialog(), untrusted, 'save');
    expect(certificateTrusted(frozen(shown), review)).toMatchObject({
      certificate: null,
      pinned: 'AB:CD:EF',
    });
  });

  it('trusted at the saved address is pinned there, not sent with the form', () => {
    const shown = actionFailed(openServerDialog(saved), untrusted, 'test', saved);
    const trusted = certificateTrusted(shown, shown.certificate!);
    expect(trusted).toMatchObject({ certificate: null, pinned: null });
    const refused = pinFailed(frozen(trusted), untrusted);
    expect(refused).toMatchObject({ outcome: { kind: 'error', error: untrusted } });
    expect(refused.certificate).toBeNull();
  });

  it('put away leaves everything else as it was', () => {
    const shown = actionFailed(openServerDialog(), untrusted, 'save');
    expect(certificateClosed(frozen(shown))).toEqual({ ...shown, certificate: null });
  });
});
