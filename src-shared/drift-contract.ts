/**
 * The drift part of the IPC contract: the verdicts per drifted field (adopt into the
 * profile, accept as an exception until a date) and the drift list. Reverting goes through
 * `fleet:plan` with the profile as source and the server as target. Merged into
 * `ipc-contract.ts` like the fleet's channels.
 */

import { z } from 'zod';
import type { Profile } from './fleet';
import type { ServerDrift } from './drift';
import { SETTINGS_FIELDS, type SettingsField } from './settings';

const id = z.string().min(1).max(100);
const field = z.enum(SETTINGS_FIELDS as [SettingsField, ...SettingsField[]]);

/** The request schemas of the drift channels (merged into `requestSchemas`). */
export const driftRequestSchemas = {
  /** Every server with an assigned profile: its drifted fields and its drift history. */
  'drift:list': z.strictObject({}).optional(),
  /** Copies the server's current value of `field` into its profile. */
  'drift:adopt': z.strictObject({ serverId: id, field }),
  /**
   * Accepts the server's value of `field` as an exception until `until` (a future date);
   * `until: null` removes the exception.
   */
  'drift:accept': z.strictObject({ serverId: id, field, until: z.iso.datetime().nullable() }),
} as const satisfies { [C in keyof DriftResponseMap]: z.ZodType };

/** The responses of the drift channels (merged into `ResponseMap`). */
export interface DriftResponseMap {
  'drift:list': { servers: ServerDrift[] };
  /** The changed profile, and every server assigned to it compared again. */
  'drift:adopt': { profile: Profile; servers: ServerDrift[] };
  'drift:accept': { server: ServerDrift };
}
