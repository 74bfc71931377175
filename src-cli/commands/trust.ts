/**
 * `qbsc servers trust <server> [--pin <sha256>]`: makes a server with a self-signed
 * certificate usable (one that came from an import has only the fingerprint the file
 * expected, never a pin). It shows the certificate the server presents now beside the
 * imported expectation and the current pin, and pins it through `servers:pin-certificate`
 * (the same server, so its profile assignment stays) only when the admin confirms: a yes
 * typed at the terminal, or `--pin` naming exactly the presented fingerprint.
 */

import { Command } from 'commander';
import type { CertificateInfo, ServerView } from '../../src-shared/domain';
import { fingerprintSchema } from '../../src-shared/ipc-contract';
import { envProxyFor } from '../../src-main/core/client/client-proxy';
import { DEFAULT_CLIENT_LIMITS } from '../../src-main/core/client/quickbox-client';
import { fetchCertificate, normalizeFingerprint } from '../../src-main/core/client/tls-trust';
import type { Context } from '../context';
import { EXIT } from '../exit-codes';
import { CliFailure, usage } from '../failure';
import type { Runner } from '../program';
import { confirm } from '../prompt';
import { withDryRun } from './safety';
import { serverNamed } from './servers';

function comparisonText(server: ServerView, presented: CertificateInfo): string {
  const fingerprint = presented.fingerprint256;
  const lines = [
    `${server.name} presents this certificate:`,
    `  presented fingerprint (SHA-256): ${fingerprint}`,
  ];
  if (server.expectedFingerprint) {
    lines.push(`  expected (from the imported file): ${server.expectedFingerprint}`);
  }
  if (server.pinnedFingerprint) lines.push(`  pinned now: ${server.pinnedFingerprint}`);
  lines.push(
    `  subject: ${presented.subject}`,
    `  issuer: ${presented.issuer}${presented.selfSigned ? ' (self-signed)' : ''}`,
    `  valid: ${presented.validFrom} to ${presented.validTo}`,
  );
  if (server.expectedFingerprint) {
    lines.push(
      normalizeFingerprint(server.expectedFingerprint) === fingerprint
        ? 'It matches the fingerprint the imported file expected.'
        : "It does NOT match the fingerprint the imported file expected: ask the server's administrator why before you trust it.",
    );
  }
  return lines.join('\n');
}

/**
 * The fingerprint the admin confirmed: `--pin` (exactly the presented one), or a typed yes;
 * a dry run asks nothing (it pins nothing) but still refuses a `--pin` that does not match.
 */
async function confirmedFingerprint(
  server: ServerView,
  presented: CertificateInfo,
  pin: string | undefined,
  dryRun: boolean,
): Promise<string> {
  const fingerprint = presented.fingerprint256;
  if (pin !== undefined) {
    if (normalizeFingerprint(pin) === fingerprint) return fingerprint;
    throw new CliFailure(
      {
        code: 'tls_pin_mismatch',
        message: `--pin ${pin} is not the fingerprint the server presents (${fingerprint}); nothing was pinned.`,
        expectedFingerprint: normalizeFingerprint(pin),
        certificate: presented,
      },
      EXIT.certificate,
    );
  }
  if (dryRun) return fingerprint;
  if (!process.stdin.isTTY) {
    throw new CliFailure(
      {
        code: 'tls_untrusted',
        message: `The certificate of ${server.name} is not trusted yet; with no terminal to confirm it, nothing was pinned.`,
        reason: 'not confirmed',
        certificate: presented,
      },
      EXIT.certificate,
      `Check the fingerprint with the server's administrator, then run: qbsc servers trust "${server.name}" --pin ${fingerprint}`,
    );
  }
  await confirm(
    'Trust this certificate (pin its fingerprint)?',
    'The certificate was not trusted; nothing was pinned.',
  );
  return fingerprint;
}

async function trustServer(
  context: Context,
  name: string,
  options: { pin?: string; dryRun?: boolean },
): Promise<void> {
  if (options.pin !== undefined && !fingerprintSchema.safeParse(options.pin).success) {
    throw usage(`--pin must be a SHA-256 fingerprint: 32 hex pairs joined by colons.`);
  }
  if (!options.dryRun) await context.assertAppNotRunning();
  const server = await serverNamed(context, name);
  if (!server.baseUrl.startsWith('https:')) {
    throw usage(`${server.name} is at an http:// address: it has no certificate to trust.`);
  }
  const presented = await fetchCertificate(
    server.baseUrl,
    DEFAULT_CLIENT_LIMITS.connectMs,
    envProxyFor(process.env),
  );
  if (!presented) {
    throw new CliFailure(
      {
        code: 'unreachable',
        message: `${server.name} presented no certificate: nothing answered over TLS at ${server.baseUrl}.`,
      },
      EXIT.unreachable,
    );
  }
  context.out.note(comparisonText(server, presented));
  if (server.pinnedFingerprint === presented.fingerprint256) {
    context.out.result(
      { server, pinned: false },
      () => `${server.name}'s certificate is already pinned; nothing changed.`,
    );
    return;
  }
  const fingerprint = await confirmedFingerprint(
    server,
    presented,
    options.pin,
    options.dryRun === true,
  );
  if (options.dryRun) {
    context.out.result(
      { server, fingerprint, pinned: false, dryRun: true },
      () =>
        `Would pin the certificate of ${server.name} (${fingerprint}).\nDry run: nothing was pinned.`,
    );
    return;
  }
  // Core fetches the certificate again and pins only if it is still this one.
  const value = await context.call('servers:pin-certificate', { id: server.id, fingerprint });
  context.out.result(
    { ...value, pinned: true },
    () =>
      `Pinned the certificate of ${server.name} (${fingerprint}).` +
      (server.expectedFingerprint
        ? `\nNext, if it has no credentials yet: qbsc servers set-credentials "${server.name}"`
        : ''),
  );
}

/** The `trust` command of `qbsc servers`. */
export function trustCommand(runner: Runner): Command {
  return withDryRun(
    new Command('trust')
      .description(
        "show a server's certificate beside the imported fingerprint, and pin it once confirmed",
      )
      .argument('<server>', 'display name or id')
      .option(
        '--pin <fingerprint>',
        'pin it if the server presents exactly this SHA-256 fingerprint',
      )
      .addHelpText(
        'after',
        '\nWithout --pin the fingerprint is asked about at the terminal; without a\nterminal, nothing is pinned.',
      ),
  ).action(runner.action(trustServer));
}
