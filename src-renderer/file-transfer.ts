/**
 * Files in and out of the sandboxed window, without Node and within the Content Security
 * Policy: a download offered from a Blob URL (Electron asks where to save it, as a browser
 * does), and the text of a file the admin picked with an <input type=file>.
 */

import type { Result } from '../src-shared/ipc-contract';

/** The largest file an import accepts (`servers:import` and the fleet file: 5 MiB). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** A file the admin picked: its name, and its text or why it was refused unread. */
export interface PickedFile {
  name: string;
  text: Result<string>;
}

/**
 * Takes the file picked in `input` (null when none) and clears the input, so that picking
 * the same file again, after fixing it, reads it again. A file over MAX_IMPORT_BYTES is
 * refused unread, as main would refuse it; `kind` says what was expected ("a fleet file").
 */
export async function takePickedFile(
  input: HTMLInputElement,
  kind: string,
): Promise<PickedFile | null> {
  const file = input.files?.[0];
  input.value = '';
  if (!file) return null;
  if (file.size <= MAX_IMPORT_BYTES)
    return { name: file.name, text: { ok: true, value: await file.text() } };
  const size = `is ${Math.ceil(file.size / 1024 / 1024)} MiB; ${kind} is at most 5 MiB`;
  return {
    name: file.name,
    text: {
      ok: false,
      error: {
        code: 'invalid_request',
        message: `The file ${size}.`,
        issues: [{ path: 'json', message: size }],
      },
    },
  };
}

/** Offers `text` as a file download named `fileName`. */
export function offerDownload(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returned; the URL is not needed after.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The export's file name, dated so that successive exports do not overwrite each other. */
export function exportFileName(now: Date): string {
  return `quickbox-servers-${now.toISOString().slice(0, 10)}.json`;
}
