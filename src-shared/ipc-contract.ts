/**
 * The one IPC contract of the app: every channel between the renderer and main, declared
 * once with its request schema (parsed from `unknown` in main), its response type, and the
 * main-to-renderer events. The preload API, the main handler table and the renderer's calls
 * are all typed from here: adding a channel is one entry below plus one handler.
 *
 * Secrets travel only inward (renderer -> main, when the admin types them): no response or
 * event type below has a password, token or API key in it.
 */

import { z } from 'zod';
import type { AppError } from './errors';
import type { QuickBoxEvent, ActiveSession, SessionSummary } from './quickbox';
import type { SessionSettingsDocument, SettingsField } from './settings';
import type { FieldChange } from './settings-diff';
import {
  ENVIRONMENTS,
  type ConnectionReport,
  type Credentials,
  type PanelId,
  type RegistryProblem,
  type ServerView,
} from './domain';
import type { FleetProgress } from './fleet';
import {
  fleetRequestSchemas,
  profileRequestSchemas,
  type FleetResponseMap,
  type ProfileResponseMap,
} from './fleet-contract';
import type { DriftNotice, ServerDrift } from './drift';
import { driftRequestSchemas, type DriftResponseMap } from './drift-contract';
import { activityRequestSchemas, type ActivityResponseMap } from './activity-contract';
import { MUTE_CHOICES } from './mute';
import { NEW_ORIGIN_NEEDS_CREDENTIALS, normalizeAddress, sameOrigin } from './origin';
import { serverNameSchema } from './server-name';
import { LANGUAGES, PSEUDO_LOCALES, type Locale } from './i18n/locales';

/** A result crossing IPC: errors are values, never thrown (Electron keeps only a message). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

// Request schemas -------------------------------------------------------------------------

const serverId = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);

const baseUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') &&
        url.username === '' &&
        url.password === ''
      );
      // Stryker disable next-line BlockStatement: equivalent, zod's refine refuses any falsy answer, and an empty catch answers undefined
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address without a user name or password in it')
  // Stored and shown as the URL parser writes it: a look-alike host as the punycode it is.
  .transform(normalizeAddress);

/** A certificate's SHA-256 fingerprint as the app shows and pins it. */
export const fingerprintSchema = z
  .string()
  .regex(
    /^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/,
    'must be a SHA-256 fingerprint (32 hex pairs joined by colons)',
  );

/** Credentials as the admin types them; they go to the keychain and never come back. */
export const credentialsSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('account'),
    username: z.string().trim().min(1).max(200),
    password: z.string().min(1).max(1024),
    otp: z
      .string()
      .regex(/^\d{6,8}$/, 'must be the 6 to 8 digit code')
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('api_key'),
    // It travels in the X-API-Key header, which takes visible ASCII only.
    apiKey: z
      .string()
      .trim()
      .min(1)
      .max(1024)
      .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII characters without spaces'),
  }),
]) satisfies z.ZodType<Credentials>;

/** A server as typed into the add dialog. */
export const serverDraftSchema = z.strictObject({
  name: serverNameSchema,
  baseUrl,
  environment: z.enum(ENVIRONMENTS).nullable(),
  credentials: credentialsSchema,
  /** Set when the admin has seen and accepted a self-signed certificate. */
  pinnedFingerprint: fingerprintSchema.nullable().optional(),
});
export type ServerDraft = z.infer<typeof serverDraftSchema>;

/**
 * What `servers:update` may change. `pinnedFingerprint` is the certificate the admin reviewed
 * at a new address (a new origin drops the old pin); the current address's certificate is
 * pinned with `servers:pin-certificate`.
 */
const serverChangesSchema = z.strictObject({
  name: serverNameSchema.optional(),
  baseUrl: baseUrl.optional(),
  environment: z.enum(ENVIRONMENTS).nullable().optional(),
  credentials: credentialsSchema.optional(),
  pinnedFingerprint: fingerprintSchema.optional(),
});
export type ServerChanges = z.infer<typeof serverChangesSchema>;

/**
 * The rules of `servers:update` that need the server's stored address: credentials are bound
 * to their origin (scheme, host, port), as a browser's saved passwords are, so a new origin
 * needs credentials typed for it; a pin comes only with a new origin. Main checks a request
 * with it before anything is sent anywhere.
 */
export function originBoundChangesSchema(currentBaseUrl: string) {
  return serverChangesSchema.superRefine((changes, context) => {
    const newOrigin = changes.baseUrl !== undefined && !sameOrigin(changes.baseUrl, currentBaseUrl);
    if (newOrigin && !changes.credentials) {
      context.addIssue({
        code: 'custom',
        path: ['credentials'],
        message: NEW_ORIGIN_NEEDS_CREDENTIALS,
      });
    }
    if (!newOrigin && changes.pinnedFingerprint !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['pinnedFingerprint'],
        message:
          "only with a new address; the current address's certificate is pinned with servers:pin-certificate",
      });
    }
  });
}

const empty = z.strictObject({}).optional();

/** The admin's language choice: follow the system, or one locale. */
export const languageChoiceSchema = z.union([
  z.literal('system'),
  z.enum([...LANGUAGES, ...PSEUDO_LOCALES]),
]);
export type LanguageChoice = 'system' | Locale;

/** The language the app speaks: the choice, the locale it means, the system's languages. */
export interface LanguageState {
  choice: LanguageChoice;
  locale: Locale;
  /** The system's preferred languages that the app speaks, in the system's order. */
  systemLanguages: Locale[];
}

/**
 * Every request/response channel: its payload schema, and (as a type only) its response.
 * Names are `domain:verb`; the preload exposes `api.<domain>.<camelCaseVerb>(payload)`.
 */
export const requestSchemas = {
  /** The registered servers, and a problem with the registry file if there was one. */
  'servers:list': empty,
  /** Tests a server that is not saved yet (the add dialog's "Test connection"). */
  'servers:test-draft': serverDraftSchema,
  /** Tests the connection, then saves the server and its secret (keychain). */
  'servers:add': serverDraftSchema,
  /**
   * Changes name, address, environment or credentials; new credentials are tested first. A
   * new scheme, host or port needs new credentials and drops the pin
   * (`originBoundChangesSchema`, checked in main against the stored address).
   */
  'servers:update': z.strictObject({
    id: serverId,
    changes: serverChangesSchema,
  }),
  /** Removes a server and its secret from the keychain. */
  'servers:remove': z.strictObject({ id: serverId }),
  /** Puts the servers in this order (every id once). */
  'servers:reorder': z.strictObject({ ids: z.array(serverId).max(1000) }),
  /** Tests a saved server: health, then auth, then permissions. */
  'servers:test': z.strictObject({ id: serverId }),
  /** Pins (or re-pins) the certificate the server presents now, after the admin saw it. */
  'servers:pin-certificate': z.strictObject({ id: serverId, fingerprint: fingerprintSchema }),
  /**
   * Marks a server's mass logouts as read: the admin opened its Operations panel. Nothing
   * else resets the unread count (listing sessions does not).
   */
  'servers:mark-read': z.strictObject({ id: serverId }),
  /**
   * Mutes a server's native notifications for an hour or until tomorrow morning (see
   * src-shared/mute.ts), or ends its mute (null). Its unread count still counts.
   */
  'servers:mute': z.strictObject({ id: serverId, until: z.enum(MUTE_CHOICES).nullable() }),
  /** The server list as JSON, without any secret. */
  'servers:export': empty,
  /**
   * Adds the servers of an exported list (they need credentials before they connect). A
   * fingerprint in the file is never pinned: it is kept as the server's expected fingerprint.
   */
  'servers:import': z.strictObject({ json: text(5 * 1024 * 1024) }),
  /** The server's session settings with their version. */
  'settings:get': z.strictObject({ serverId }),
  /** Saves settings with If-Match on `baseVersion`; the settings are checked by validateSettings. */
  'settings:save': z.strictObject({
    serverId,
    settings: z.unknown(),
    baseVersion: z.number().int().min(0),
  }),
  /** One page of the active sessions, oldest first. */
  'sessions:list': z.strictObject({
    serverId,
    username: text(200).optional(),
    cursor: text(500).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  }),
  /** How many sessions are active, per user. */
  'sessions:summary': z.strictObject({ serverId }),
  /** Ends one session. */
  'sessions:revoke': z.strictObject({ serverId, sessionId: text(200).min(1) }),
  /**
   * Ends every session on the server. `typedName` must equal the server's display name
   * exactly; main checks it again before it sends the contract's confirmation phrase.
   */
  'sessions:invalidate-all': z.strictObject({ serverId, typedName: text(200) }),
  /** The language choice and the locale it means now. */
  'language:get': empty,
  /** Keeps a new language choice; `events:language` tells every window and the tray. */
  'language:set': z.strictObject({ choice: languageChoiceSchema }),
  /** Profiles, the fleet table, plan and apply, the fleet file: see fleet-contract.ts. */
  ...profileRequestSchemas,
  ...fleetRequestSchemas,
  /** Drift from the assigned profile, and the verdicts per field: see drift-contract.ts. */
  ...driftRequestSchemas,
  /** A server's events newest first, page by page, and the fleet's: see activity-contract.ts. */
  ...activityRequestSchemas,
} as const satisfies { [C in keyof ResponseMap]: z.ZodType };

/** The response of each request channel (the fleet's are in fleet-contract.ts). */
export interface ResponseMap
  extends ProfileResponseMap, FleetResponseMap, DriftResponseMap, ActivityResponseMap {
  'servers:list': { servers: ServerView[]; registryProblem: RegistryProblem | null };
  'servers:test-draft': ConnectionReport;
  'servers:add': { server: ServerView; connection: ConnectionReport };
  'servers:update': { server: ServerView; connection: ConnectionReport | null };
  'servers:remove': { removed: true };
  'servers:reorder': { servers: ServerView[] };
  'servers:test': { server: ServerView; connection: ConnectionReport };
  'servers:pin-certificate': { server: ServerView };
  'servers:mark-read': { read: true };
  'servers:mute': { server: ServerView };
  'servers:export': { json: string; count: number };
  'servers:import': {
    added: ServerView[];
    skipped: { name: string; reason: string }[];
  };
  'settings:get': { settings: SessionSettingsDocument; canUpdate: boolean };
  'settings:save': {
    settings: SessionSettingsDocument;
    changed: SettingsField[];
    /** Sessions active now, which keep the values they started with. */
    activeSessions: number;
    /** The save's answer was lost; the settings read back are the ones sent. */
    answerLost?: true;
    /**
     * Saved, but the settings read back differ from the ones sent (`settings` is what was
     * read back), or could not be read back (`mismatched` empty).
     */
    unverified?: { message: string; mismatched: FieldChange[] };
  };
  'sessions:list': { sessions: ActiveSession[]; nextCursor: string | null };
  'sessions:summary': SessionSummary;
  'sessions:revoke': { revoked: true };
  'sessions:invalidate-all': {
    invalidated: number;
    at: string;
    /** Whether the app logged itself back in with the stored account afterwards. */
    reconnected: boolean;
  };
  'language:get': LanguageState;
  'language:set': LanguageState;
}

/** The main-to-renderer events. */
export interface EventMap {
  /** A mass logout happened on a server (whoever caused it). */
  'events:mass-logout': { serverId: string; serverName: string; event: QuickBoxEvent };
  /** Any event of a server's feed, for panels that show live data. */
  'events:server-event': { serverId: string; event: QuickBoxEvent };
  /** A server's status (or the list) changed. */
  'servers:changed': { servers: ServerView[] };
  /**
   * The shell asks the window to show a server's panel (a notification was clicked), or the
   * fleet-wide activity (a grouped notification was clicked).
   */
  'ui:navigate': { serverId: string; panel: PanelId } | { fleet: 'activity' };
  /** A fleet refresh, plan or apply got one more answer (n of N), with what it was. */
  'events:fleet-progress': FleetProgress;
  /** Someone changed a server so that it no longer matches its assigned profile. */
  'events:drift': DriftNotice;
  /**
   * A server's settings as core last read them: after a save or an apply (read back), a
   * refresh, a plan, or a drift check. The window takes them in instead of reading again.
   */
  'events:settings': { serverId: string; settings: SessionSettingsDocument };
  /**
   * The profiles and assignments after every saved change of them, whoever made it (this
   * window, a drift verdict, a fleet import, a removed server's assignment going): what
   * `profiles:list` answers. The window takes them in instead of reading again.
   */
  'profiles:changed': ProfileResponseMap['profiles:list'];
  /**
   * The drift of the servers whose drift changed (a check of a settings change, an
   * assignment or a profile edit compared again, an exception accepted or removed, a field
   * adopted, a profile renamed), and the servers that follow no profile any more (`gone`).
   */
  'drift:changed': { servers: ServerDrift[]; gone: string[] };
  /** The language choice changed: every window and the shell show the new locale at once. */
  'events:language': LanguageState;
}

export type RequestChannel = keyof typeof requestSchemas;
export type EventChannel = keyof EventMap;
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]>;
export type ResponseOf<C extends RequestChannel> = ResponseMap[C];

/** Every request channel, at run time. */
export const REQUEST_CHANNELS = Object.keys(requestSchemas) as RequestChannel[];

/** Every event channel, at run time. */
export const EVENT_CHANNELS: readonly EventChannel[] = [
  'events:mass-logout',
  'events:server-event',
  'events:fleet-progress',
  'events:drift',
  'events:settings',
  'events:language',
  'servers:changed',
  'profiles:changed',
  'drift:changed',
  'ui:navigate',
];
