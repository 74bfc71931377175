/**
 * The one guarded door to the OS browser: only http(s) URLs leave the app.
 * Why: https://www.electronjs.org/docs/latest/tutorial/security#15-do-not-use-shellopenexternal-with-untrusted-content
 */

/** Opens a URL in the default browser if, and only if, it is http(s). Returns whether it did. */
export async function openExternalSafely(
  url: string,
  openExternal: (url: string) => Promise<void>,
): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  await openExternal(parsed.toString());
  return true;
}
