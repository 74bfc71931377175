/**
 * The rule of a server's display name, for the add and edit dialogs, qbsc and imports
 * alike: 1 to 100 characters after trimming, none of them a control or text-direction
 * character (they would act on a terminal, or show the name as another one), and unique in
 * the list as `nameKey` compares names (every name-based command needs to find one server).
 */

import { z } from 'zod';
import { codePointLabel, firstUnsafeCharacter } from './unsafe-text';

/** A display name as typed, trimmed and checked. */
export const serverNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .superRefine((name, context) => {
    const unsafe = firstUnsafeCharacter(name);
    if (unsafe !== null) {
      context.addIssue({
        code: 'custom',
        message: `must not contain control characters or text-direction marks (it has ${codePointLabel(unsafe)})`,
      });
    }
  });

/**
 * How names are compared for uniqueness: Unicode NFC (an é typed as one character or as e
 * and an accent is one name), without surrounding space, and without case.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('en');
}

/** The words of a name that another server already has. */
export function nameTakenMessage(name: string): string {
  return `Another server is already named "${name}" (names are compared without case); choose another name.`;
}
