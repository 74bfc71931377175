/**
 * The add / edit server form as pure functions: its fields and their labels, what it sends
 * (a draft, or only the changes of an edit), the `https://` an address gets when typed
 * without a scheme, and which field an `invalid_request` issue from main is about.
 */

import type { AppError } from '../../src-shared/errors';
import type { Credentials, EnvironmentTag, ServerView } from '../../src-shared/domain';
import type { RequestOf, ServerDraft } from '../../src-shared/ipc-contract';
import { mixedScriptWarning } from '../../src-shared/host-scripts';
import type { WindowMessageId } from '../../src-shared/i18n/message-ids';
import type { WindowTranslator } from '../i18n/translator-context';

/** What the admin types into the dialog. */
export interface ServerForm {
  name: string;
  baseUrl: string;
  environment: EnvironmentTag | '';
  authKind: 'account' | 'api_key';
  username: string;
  password: string;
  otp: string;
  apiKey: string;
}

/** The fields of the form that an issue can be about. */
export type ServerFormField = Exclude<keyof ServerForm, 'authKind'>;

/** The id of each field's label, as the dialog shows it (and as issues name it). */
export const SERVER_FORM_LABELS: Record<ServerFormField, WindowMessageId> = {
  name: 'app.serverForm.name',
  baseUrl: 'app.serverForm.baseUrl',
  environment: 'app.serverForm.environment',
  username: 'app.serverForm.username',
  password: 'app.serverForm.password',
  otp: 'app.serverForm.otp',
  apiKey: 'app.serverForm.apiKey',
};

/** Names a field of the form by its label, in the language shown. */
export type FormLabeller = (field: ServerFormField) => string;

/** The labeller of a translator. */
export function formLabeller(t: WindowTranslator): FormLabeller {
  return (field) => t.t(SERVER_FORM_LABELS[field]);
}

/** A problem with one field, said with the field's label. */
export interface FieldIssue {
  field: ServerFormField;
  message: string;
}

/** The form for a new server, or filled with a saved one (secrets are never filled in). */
export function initialForm(server?: ServerView): ServerForm {
  return {
    name: server?.name ?? '',
    baseUrl: server?.baseUrl ?? 'https://',
    environment: server?.environment ?? '',
    authKind: server?.authKind ?? 'account',
    username: server?.username ?? '',
    password: '',
    otp: '',
    apiKey: '',
  };
}

/**
 * An address as the admin meant it: one typed without a scheme ("box.example.com",
 * "10.0.0.5:8443") gets `https://`, as browsers and database tools complete it. An address
 * with any scheme is left as typed, so a wrong one is reported rather than rewritten.
 */
export function completeScheme(address: string): string {
  const trimmed = address.trim();
  if (trimmed === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || /^https?:/i.test(trimmed))
    return address;
  return `https://${trimmed.replace(/^\/+/, '')}`;
}

/**
 * The warning under the address: the new-origin rule (`newOrigin`, its words, when the edit
 * moves the server to another origin) and a host that mixes scripts, as typed (completed
 * with https:// as it will be sent); null when neither applies.
 */
export function addressWarning(
  typed: string,
  newOrigin: string | null,
): { text: string; testId: string } | null {
  const lookAlike = mixedScriptWarning(completeScheme(typed));
  if (newOrigin !== null) {
    return { text: lookAlike ? `${newOrigin} ${lookAlike}` : newOrigin, testId: 'new-origin' };
  }
  return lookAlike ? { text: lookAlike, testId: 'look-alike-host' } : null;
}

/** The credentials the form holds (a one-time code only when one was typed). */
export function credentialsOf(form: ServerForm): Credentials {
  if (form.authKind === 'api_key') return { kind: 'api_key', apiKey: form.apiKey };
  const otp = form.otp.trim();
  return {
    kind: 'account',
    username: form.username,
    password: form.password,
    ...(otp ? { otp } : {}),
  };
}

/** The new server the form describes, with the certificate the admin trusted (if any). */
export function draftOf(form: ServerForm, fingerprint: string | null): ServerDraft {
  return {
    name: form.name,
    baseUrl: completeScheme(form.baseUrl),
    environment: form.environment === '' ? null : form.environment,
    credentials: credentialsOf(form),
    pinnedFingerprint: fingerprint,
  };
}

/**
 * What an edit changes, and nothing else: an unchanged address must not reset the
 * server's connection, and the stored credentials stay unless the admin replaces them (a
 * new origin always asks for them: they are bound to the address they were typed for). A
 * certificate the admin trusted at a new origin goes with it.
 */
export function changesOf(
  form: ServerForm,
  server: ServerView,
  replaceCredentials: boolean,
  pinnedFingerprint: string | null = null,
): RequestOf<'servers:update'>['changes'] {
  const baseUrl = completeScheme(form.baseUrl);
  const environment = form.environment === '' ? null : form.environment;
  return {
    ...(form.name !== server.name ? { name: form.name } : {}),
    ...(baseUrl !== server.baseUrl ? { baseUrl } : {}),
    ...(environment !== server.environment ? { environment } : {}),
    ...(replaceCredentials ? { credentials: credentialsOf(form) } : {}),
    ...(pinnedFingerprint ? { pinnedFingerprint } : {}),
  };
}

/**
 * The field an issue path of main names: `baseUrl` in an add, `changes.baseUrl` in an
 * edit, `credentials.password` for the password; null for a path no field shows.
 */
export function fieldOfPath(path: string): ServerFormField | null {
  const name = path.replace(/^changes\./, '').replace(/^credentials\./, '');
  return name in SERVER_FORM_LABELS ? (name as ServerFormField) : null;
}

/** The label of the field an issue path names, or null (for the dialog's error summary). */
export function labelOfPath(label: FormLabeller): (path: string) => string | null {
  return (path) => {
    const field = fieldOfPath(path);
    return field ? label(field) : null;
  };
}

/**
 * The issues of an `invalid_request` that a field of the form shows, worded with the
 * field's label ("Address must be an http:// or https:// address ..."); none for other
 * errors. One issue per field: the first main reported.
 */
export function fieldIssues(error: AppError | null, labelOf: FormLabeller): FieldIssue[] {
  if (error?.code !== 'invalid_request') return [];
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = fieldOfPath(issue.path);
    if (!field || issues.some((known) => known.field === field)) continue;
    const label = labelOf(field);
    // Main's own rules read as the end of a sentence ("must be ..."); a library's generic
    // message starts with a capital and stands after a colon.
    const message = /^[a-z]/.test(issue.message)
      ? `${label} ${issue.message}`
      : `${label}: ${issue.message}`;
    issues.push({ field, message: message.endsWith('.') ? message : `${message}.` });
  }
  return issues;
}
