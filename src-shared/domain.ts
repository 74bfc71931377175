/**
 * The domain types and constants the renderer and main share about servers and panels.
 * Plain TypeScript with no package dependency, so the renderer can import the constants without
 * pulling the IPC schemas (zod) into its bundle.
 */

import { SETTINGS_SECTIONS } from './settings-sections';

/** The environment tag shown as a colour wherever a server is named. */
export const ENVIRONMENTS = ['production', 'staging', 'test'] as const;
export type EnvironmentTag = (typeof ENVIRONMENTS)[number];

/**
 * A server's credentials: as the admin types them (`servers:add`, `servers:update`), as the
 * client signs in with them, and, less the username and code, as the keychain keeps them.
 * They travel only inward: no response or event carries them.
 */
export type Credentials =
  | { kind: 'account'; username: string; password: string; otp?: string }
  | { kind: 'api_key'; apiKey: string };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * What the keychain keeps of a server's credentials: the secret alone. The username is in
 * the registry (it is shown), and a one-time code is good for one sign-in only.
 */
export type StoredSecret = DistributiveOmit<Credentials, 'username' | 'otp'>;

/** The state a server is in, as the sidebar and the tray show it. */
export type ServerState =
  | 'unknown'
  | 'connected'
  | 'read_only'
  | 'unreachable'
  | 'auth_failed'
  /** The admin's sign-in elsewhere evicted the app's session; it waits to be asked back. */
  | 'signed_out_elsewhere'
  | 'certificate_untrusted'
  | 'certificate_changed'
  | 'keychain_unavailable'
  | 'no_credentials';

/** The live status of a server (not persisted but for `lastEventId`). */
export interface ServerStatus {
  state: ServerState;
  /** A sentence for the admin, null when all is well or nothing is known yet. */
  message: string | null;
  checkedAt: string | null;
  unreadMassLogouts: number;
}

/** A server as the renderer sees it: no secret, ever. */
export interface ServerView {
  id: string;
  name: string;
  baseUrl: string;
  environment: EnvironmentTag | null;
  authKind: Credentials['kind'];
  /** The account's username; null for an API key. */
  username: string | null;
  /** SHA-256 fingerprint pinned for a self-signed certificate (uppercase hex with colons). */
  pinnedFingerprint: string | null;
  /**
   * The fingerprint an imported list said this server's certificate has: never trusted, only
   * shown beside the presented one when the admin reviews the certificate. Null once pinned.
   */
  expectedFingerprint: string | null;
  lastEventId: number;
  status: ServerStatus;
  /**
   * Until when the server's notifications are muted (ISO), null when they are not: its
   * unread count still counts. Core drops the end once it has passed.
   */
  mutedUntil: string | null;
}

/** What the app learns of a TLS certificate, to show before the admin pins it. */
export interface CertificateInfo {
  /** SHA-256 of the DER certificate, uppercase hex pairs joined by colons. */
  fingerprint256: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  selfSigned: boolean;
}

/** The outcome of a connection test: health, then identity, then permissions. */
export interface ConnectionReport {
  server: { name: string; version: string };
  identity: {
    username: string;
    via: 'session' | 'api_key';
    permissions: string[];
    scopes: string[] | null;
  };
  canRead: boolean;
  canUpdate: boolean;
  missingPermissions: string[];
  /** e.g. "Connected, read-only (missing admin.settings.update)". */
  summary: string;
}

/** Why the server registry file could not be used as it was. */
export interface RegistryProblem {
  code: 'registry_corrupt' | 'registry_unreadable';
  message: string;
  /** Where the unusable file was moved aside to (null when it could not be moved). */
  movedTo: string | null;
  /** Whether the servers were recovered from the backup of the last good file. */
  restoredFromBackup: boolean;
}

/** The panels of a server, as its tabs show them: one per settings section, then the others. */
export const PANELS = [...SETTINGS_SECTIONS, 'operations', 'activity'] as const;
export type PanelId = (typeof PANELS)[number];
