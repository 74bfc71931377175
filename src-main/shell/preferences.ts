/**
 * The shell's own preferences ("hide to the tray when closed", "do not disturb"), in a small
 * JSON file in the user data folder, read by the JSON document store's open-or-default and
 * written atomically. A file that cannot be read is ignored with a log line: a preference is not
 * worth refusing to start over, nor worth a backup.
 */

import { join } from 'node:path';
import { z } from 'zod';
import { readJsonOrDefault } from '../core/json-document';
import { writeJsonFile } from '../core/json-file-store';
import type { Logger } from '../core/logger';

/** The preferences file, in the user data folder. */
export const PREFERENCES_FILE = 'preferences.json';

const preferencesSchema = z.object({
  /** Linux only: closing the window hides it to the tray instead of minimizing it. */
  hideToTrayOnClose: z.boolean().default(false),
  /** No native notification at all while on (the tray's switch); the counts still count. */
  doNotDisturb: z.boolean().default(false),
});

/** The shell's preferences. */
export type Preferences = z.infer<typeof preferencesSchema>;

/** What a new install starts with. */
export const DEFAULT_PREFERENCES: Preferences = { hideToTrayOnClose: false, doNotDisturb: false };

/** Reads the preferences; a missing file means the defaults, an unusable one is logged. */
export async function loadPreferences(dataDir: string, logger: Logger): Promise<Preferences> {
  return readJsonOrDefault(
    join(dataDir, PREFERENCES_FILE),
    preferencesSchema,
    { ...DEFAULT_PREFERENCES },
    logger,
    'Preferences file is not valid; using the defaults',
  );
}

/** Writes the preferences atomically (temp file, fsync, rename), so a crash leaves old or new. */
export async function savePreferences(dataDir: string, preferences: Preferences): Promise<void> {
  await writeJsonFile(join(dataDir, PREFERENCES_FILE), preferences);
}
