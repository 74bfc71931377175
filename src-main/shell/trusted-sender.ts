/**
 * Decides whether an IPC message comes from our own window's main frame, showing our own
 * page. Every handler checks this before it looks at the payload.
 * Why: https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */

import { isAppPageUrl } from './app-page';

/** What the check needs of a frame (Electron's WebFrameMain has these). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** The sender of an IPC message, as Electron's IpcMainInvokeEvent carries it. */
export interface IpcSender {
  sender: unknown;
  senderFrame: SenderFrame | null;
}

/** What the check needs of the app window's webContents. */
export interface AppContents {
  mainFrame: unknown;
}

/** Why a message is refused: which part of the check it failed. */
export type SenderRefusal =
  'no app window' | 'another window' | 'not the main frame' | 'another page';

/**
 * Why a message does not come from the app window, or null when it does: by identity first
 * (its sender is the app window's webContents and its frame that webContents' main frame, so
 * no other window, webview or subframe passes whatever URL it shows), then by the page it
 * shows (the app's origin, app://quickbox, or the dev server's; see app-page.ts).
 */
export function senderRefusal(
  event: IpcSender,
  appContents: AppContents | null | undefined,
  appUrl: string,
): SenderRefusal | null {
  if (!appContents) return 'no app window';
  if (event.sender !== appContents) return 'another window';
  const frame = event.senderFrame;
  if (!frame || frame !== appContents.mainFrame || frame.parent !== null) {
    return 'not the main frame';
  }
  return isAppPageUrl(frame.url, appUrl) ? null : 'another page';
}

/** Whether a message comes from the app window (see `senderRefusal`). */
export function isTrustedSender(
  event: IpcSender,
  appContents: AppContents | null | undefined,
  appUrl: string,
): boolean {
  return senderRefusal(event, appContents, appUrl) === null;
}
