/**
 * Secrets in the OS keychain, behind a three-call interface (the model is GitHub Desktop's
 * TokenStore over keytar). Service = the app's name, account = the server id. When no
 * keychain is usable every call fails with `keychain_unavailable` and a platform hint:
 * nothing ever falls back to plain text.
 */

import { z } from 'zod';
import type { StoredSecret } from '../../../src-shared/domain';
import type { AppErrorOf } from '../../../src-shared/errors';
import { CoreError } from '../support/core-error';

/** The keychain, as core needs it. */
export interface CredentialStore {
  set(account: string, secret: string): Promise<void>;
  get(account: string): Promise<string | null>;
  delete(account: string): Promise<boolean>;
}

/** The keychain service name under which every secret of the app is kept. */
export const KEYCHAIN_SERVICE = 'QuickBox Session Companion';

interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** What to do about a missing keychain, for the platform the app runs on. */
export function keychainHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'Open Keychain Access and unlock the login keychain, then try again.';
    case 'win32':
      return 'Check that the Windows Credential Manager service is running, then try again.';
    default:
      return 'Install and start a Secret Service (gnome-keyring or KeePassXC), unlock it, and make sure a D-Bus session is running (e.g. apt install gnome-keyring).';
  }
}

/** The keychain_unavailable error for a keytar failure (keytar throws plain Errors, no code). */
export function keychainUnavailable(cause: unknown): AppErrorOf<'keychain_unavailable'> {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return {
    code: 'keychain_unavailable',
    message: `The OS keychain cannot be used, so no password or API key can be kept or read (${reason.slice(0, 200)}).`,
    hint: keychainHint(),
  };
}

async function loadKeytar(): Promise<KeytarModule> {
  const loaded = (await import('keytar')) as KeytarModule & { default?: KeytarModule };
  return loaded.default ?? loaded;
}

/** A CredentialStore over keytar; every keytar failure becomes `keychain_unavailable`. */
export function createKeytarStore(service: string = KEYCHAIN_SERVICE): CredentialStore {
  let keytar: Promise<KeytarModule> | null = null;
  const call = async <T>(action: (module: KeytarModule) => Promise<T>): Promise<T> => {
    try {
      keytar ??= loadKeytar();
      return await action(await keytar);
    } catch (error) {
      throw new CoreError(keychainUnavailable(error));
    }
  };
  return {
    set: (account, secret) => call((module) => module.setPassword(service, account, secret)),
    get: (account) => call((module) => module.getPassword(service, account)),
    delete: (account) => call((module) => module.deletePassword(service, account)),
  };
}

/** A server's secret as kept in the keychain (one JSON string per server). */
const storedSecretSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('account'), password: z.string().min(1) }),
  z.object({ kind: z.literal('api_key'), apiKey: z.string().min(1) }),
]) satisfies z.ZodType<StoredSecret>;

/** Typed access to the secrets of servers on top of a CredentialStore. */
export class SecretVault {
  constructor(private readonly store: CredentialStore) {}

  /** Keeps the secret of a server, replacing any previous one. */
  async save(serverId: string, secret: StoredSecret): Promise<void> {
    await this.guard(() => this.store.set(serverId, JSON.stringify(secret)));
  }

  /** The secret of a server, or null when none is kept (or it is unreadable). */
  async load(serverId: string): Promise<StoredSecret | null> {
    const raw = await this.guard(() => this.store.get(serverId));
    if (raw === null) return null;
    try {
      const parsed = storedSecretSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Deletes the secret of a server; whether there was one. */
  async remove(serverId: string): Promise<boolean> {
    return this.guard(() => this.store.delete(serverId));
  }

  /** An injected store may throw plain Errors: they too mean the keychain is unusable. */
  private async guard<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof CoreError) throw error;
      throw new CoreError(keychainUnavailable(error));
    }
  }
}
