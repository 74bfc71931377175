/**
 * The words for a JSON file of the app's own that could not be used as it was (the server
 * list, the profiles): what was wrong, where the file went, and what was recovered. One
 * home, so every file of the app is reported the same way.
 */

import type { OpenedJsonFile, UnusableFile } from './json-file-store';

/** What a file is called in the sentences. */
export interface FileWords {
  /** "The server list": the subject of "could not be read". */
  subject: string;
  /** "The servers were restored from the backup of the last good list." */
  restored: string;
  /** "The list starts empty." */
  startsEmpty: string;
}

/** An unusable file, told to the admin. */
export interface FileProblem {
  kind: UnusableFile['kind'];
  message: string;
  movedTo: string | null;
  restoredFromBackup: boolean;
}

/** What went wrong with the file at load, in words; null when there is nothing to tell. */
export function describeFileProblem(
  opened: OpenedJsonFile<unknown>,
  words: FileWords,
): FileProblem | null {
  const { file } = opened;
  const backup: UnusableFile | null = typeof opened.backup === 'object' ? opened.backup : null;
  if (file === 'ok') return null;
  const backupNote = !backup
    ? ''
    : backup.movedTo
      ? ` Its backup could not be used either (${backup.reason}) and was moved aside to ${backup.movedTo}.`
      : ` Its backup could not be used either (${backup.reason}); it was left in place and the app will not change it until it is fixed or removed.`;
  if (file === 'missing') {
    // With a usable (or no) backup this is a first start or a quiet recovery.
    if (!backup) return null;
    return {
      kind: backup.kind,
      message: `${words.subject} file is missing.${backupNote} ${words.startsEmpty}`,
      movedTo: backup.movedTo,
      restoredFromBackup: false,
    };
  }
  const what =
    file.kind === 'corrupt'
      ? `${words.subject} could not be read: ${file.reason}.`
      : `${words.subject} file could not be opened (${file.reason}).`;
  const next = file.movedTo
    ? ` It was moved aside to ${file.movedTo}.`
    : ' It was left in place and the app will not change it until it is fixed or removed.';
  const recovery = opened.restoredFromBackup
    ? ` ${words.restored}`
    : backup
      ? `${backupNote} ${words.startsEmpty}`
      : ` No usable backup was found, so ${words.startsEmpty.charAt(0).toLowerCase()}${words.startsEmpty.slice(1)}`;
  return {
    kind: file.kind,
    message: what + next + recovery,
    movedTo: file.movedTo,
    restoredFromBackup: opened.restoredFromBackup,
  };
}
