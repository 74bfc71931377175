/**
 * Decides whether an IPC message comes from our own window's main frame, showing our own
 * page. Every handler checks this before it looks at the payload.
 * Why: https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */

/** What the check needs of a frame (Electron's WebFrameMain has these). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Whether a frame is a main frame whose URL is the app's own page: the built renderer's
 * file:// URL (exact path), or the dev server's origin in development.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, appUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  let sender: URL;
  let app: URL;
  try {
    sender = new URL(frame.url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') {
    return sender.protocol === 'file:' && sender.pathname === app.pathname;
  }
  return (app.protocol === 'http:' || app.protocol === 'https:') && sender.origin === app.origin;
}
