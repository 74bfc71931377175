/**
 * `--dry-run` of `servers add` and `servers set-credentials`: the secret is read as in the
 * real run (never from an argument) and tested against the server through
 * `servers:test-draft` (sign-in, permissions, then signed out again), and what would be saved
 * is printed; nothing is written to the server list or the keychain. A name another server
 * has is refused before anything is sent, as the real run refuses it (65). See
 * docs/adr/0147-dry-runs-test-what-they-would-save.md.
 */

import type { ServerView } from '../../src-shared/domain';
import type { ServerDraft } from '../../src-shared/ipc-contract';
import { nameKey, nameTakenMessage } from '../../src-shared/server-name';
import type { Context } from '../context';
import { EXIT, type ExitCode } from '../exit-codes';
import { CliFailure, fromAppError } from '../failure';
import { certificateText, listServers } from './servers';

/** What a dry run says it would save: the draft without its secret. */
function savedPart(draft: ServerDraft) {
  return {
    name: draft.name,
    baseUrl: draft.baseUrl,
    environment: draft.environment,
    authKind: draft.credentials.kind,
    username: draft.credentials.kind === 'account' ? draft.credentials.username : null,
    pinnedFingerprint: draft.pinnedFingerprint ?? null,
  };
}

function signInText(draft: ServerDraft): string {
  return draft.credentials.kind === 'api_key'
    ? 'an API key'
    : `account ${draft.credentials.username}`;
}

/** `servers add --dry-run`: the draft tested, nothing saved. */
export async function addDryRun(context: Context, draft: ServerDraft): Promise<ExitCode> {
  const servers = await listServers(context);
  if (servers.some((server) => nameKey(server.name) === nameKey(draft.name))) {
    throw new CliFailure(
      {
        code: 'invalid_request',
        message: nameTakenMessage(draft.name),
        issues: [{ path: 'name', message: 'another server has this name' }],
      },
      EXIT.invalid,
    );
  }
  const result = await (await context.core()).handlers['servers:test-draft'](draft);
  if (!result.ok) {
    const certificate = result.error.code === 'tls_untrusted' ? result.error.certificate : null;
    if (!certificate) throw fromAppError(result.error);
    context.out.note(
      `${draft.name} presents a certificate this computer does not trust:\n${certificateText(certificate)}`,
    );
    throw new CliFailure(
      result.error,
      EXIT.certificate,
      `Check the fingerprint with the server's administrator, then try again with --pin ${certificate.fingerprint256}`,
    );
  }
  const connection = result.value;
  context.out.result(
    { server: savedPart(draft), connection, added: false, dryRun: true },
    () =>
      `Would add ${draft.name} (${draft.baseUrl}${draft.environment ? `, ${draft.environment}` : ''}, ${signInText(draft)}): ${connection.summary}.\nDry run: nothing was saved.`,
  );
  return EXIT.ok;
}

/** `servers set-credentials --dry-run`: the new credentials tested on the server's address. */
export async function setCredentialsDryRun(
  context: Context,
  server: ServerView,
  credentials: ServerDraft['credentials'],
): Promise<void> {
  const draft: ServerDraft = {
    name: server.name,
    baseUrl: server.baseUrl,
    environment: server.environment,
    credentials,
    ...(server.pinnedFingerprint ? { pinnedFingerprint: server.pinnedFingerprint } : {}),
  };
  const connection = await context.call('servers:test-draft', draft);
  context.out.result(
    {
      server: { id: server.id, name: server.name },
      authKind: credentials.kind,
      username: credentials.kind === 'account' ? credentials.username : null,
      connection,
      saved: false,
      dryRun: true,
    },
    () =>
      `Would save the new credentials of ${server.name} (${signInText(draft)}): ${connection.summary}.\nDry run: nothing was saved.`,
  );
}
