/**
 * Secrets without a desktop keychain: each server's password or API key (and a webhook's
 * signing secret) comes from one source, the OS keychain as the app keeps it, a file that
 * only its owner may read, an environment variable, or a systemd credential
 * ($CREDENTIALS_DIRECTORY). The core reads them through a CredentialStore that never writes:
 * the watcher only reads.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CredentialStore } from '../../src-main/core/credential-store';
import type { SecretSource } from './config';

/** A secret that cannot be read, with the reason in words (never the secret). */
export class SecretError extends Error {}

/** The words of a source, for messages (never its value). */
export function sourceText(source: SecretSource): string {
  if ('keychain' in source) return 'the OS keychain';
  if ('file' in source) return `the file ${source.file}`;
  if ('env' in source) return `the environment variable ${source.env}`;
  return `the systemd credential ${source.credential}`;
}

/** Removes one final line break (files and `echo` add it). */
function chomp(text: string): string {
  return text.replace(/\r?\n$/, '');
}

/** Reads a secret file, refusing one that others than its owner may read or write. */
export async function readSecretFile(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw new SecretError(
      `The secret file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  if (!stat.isFile()) throw new SecretError(`The secret file ${file} is not a regular file.`);
  const mode = stat.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    const octal = mode.toString(8).padStart(4, '0');
    throw new SecretError(
      `The secret file ${file} has mode ${octal}: others than its owner may read it, so it is refused. Run: chmod 600 ${file}`,
    );
  }
  return chomp(await fs.readFile(file, 'utf8'));
}

/**
 * The secret of a non-keychain source. `env` is the process's environment (the credential
 * folder is `$CREDENTIALS_DIRECTORY`, set by systemd's LoadCredential*=).
 */
export async function readSecret(
  source: Exclude<SecretSource, { keychain: true }>,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  let value: string;
  if ('file' in source) {
    value = await readSecretFile(source.file);
  } else if ('env' in source) {
    const found = env[source.env];
    if (found === undefined) {
      throw new SecretError(`The environment variable ${source.env} is not set.`);
    }
    value = chomp(found);
  } else {
    const folder = env['CREDENTIALS_DIRECTORY'];
    if (!folder) {
      throw new SecretError(
        `The systemd credential ${source.credential} is asked for, but $CREDENTIALS_DIRECTORY is not set (is the watcher run by a unit with LoadCredential= or LoadCredentialEncrypted=?).`,
      );
    }
    // systemd's credential files are the service's own (mode 0400): read as such.
    value = await readSecretFile(path.join(folder, source.credential));
  }
  if (value.length === 0) throw new SecretError(`${sourceText(source)} holds an empty secret.`);
  return value;
}

/** How the core finds a server's secret: its source, and whether it is a password or a key. */
export interface SecretPlan {
  source(serverId: string): SecretSource;
  authKind(serverId: string): 'account' | 'api_key' | null;
}

/**
 * The core's CredentialStore for the watcher: the keychain for servers whose secret is kept
 * there, the configured source for the others (shaped as the keychain keeps a secret). The
 * watcher never writes a secret.
 */
export function watcherCredentialStore(
  plan: SecretPlan,
  keychain: () => CredentialStore,
  env: NodeJS.ProcessEnv,
): CredentialStore {
  const readOnly = (): Promise<never> =>
    Promise.reject(new SecretError('The watcher never writes a secret.'));
  return {
    async get(account) {
      const source = plan.source(account);
      if ('keychain' in source) return keychain().get(account);
      const kind = plan.authKind(account);
      if (!kind) return null;
      const value = await readSecret(source, env);
      return JSON.stringify(
        kind === 'account' ? { kind, password: value } : { kind, apiKey: value },
      );
    },
    set: readOnly,
    delete: readOnly,
  };
}
