/**
 * Files in and out of the sandboxed window, without Node and within the Content Security
 * Policy: a download offered from a Blob URL (Electron asks where to save it, as a browser
 * does), and the text of a file the admin picked with an <input type=file>.
 */

/** The largest file an import accepts (`servers:import` and the fleet file: 5 MiB). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

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
