/**
 * The shell's own preferences (only "hide to the tray when closed" for now), in a small
 * JSON file in the user data folder, written atomically. A file that cannot be read is
 * ignored with a log line: a preference is not worth refusing to start over.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../core/logger';
import { writeFileAtomic } from '../core/server-registry';

/** The preferences file, in the user data folder. */
export const PREFERENCES_FILE = 'preferences.json';

const preferencesSchema = z.object({
  /** Linux only: closing the window hides it to the tray instead of minimizing it. */
  hideToTrayOnClose: z.boolean().default(false),
});

/** The shell's preferences. */
export type Preferences = z.infer<typeof preferencesSchema>;

/** What a new install starts with. */
export const DEFAULT_PREFERENCES: Preferences = { hideToTrayOnClose: false };

/** Reads the preferences; a missing file means the defaults, an unusable one is logged. */
export async function loadPreferences(dataDir: string, logger: Logger): Promise<Preferences> {
  const file = join(dataDir, PREFERENCES_FILE);
  let reason: string;
  try {
    const parsed = preferencesSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) return parsed.data;
    reason = parsed.error.message;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_PREFERENCES };
    reason = String(error);
  }
  logger.warn('Preferences file is not valid; using the defaults', { file, reason });
  return { ...DEFAULT_PREFERENCES };
}

/** Writes the preferences atomically (temp file, fsync, rename), so a crash leaves old or new. */
export async function savePreferences(dataDir: string, preferences: Preferences): Promise<void> {
  await writeFileAtomic(
    join(dataDir, PREFERENCES_FILE),
    `${JSON.stringify(preferences, null, 2)}\n`,
  );
}
