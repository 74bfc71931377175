/**
 * Counted nouns in the app's English ("1 session", "3 sessions", "1,200 sessions"), shared
 * by the window and the tray so both count the same way.
 */

/** "1 session" / "3 sessions": the count (with thousands separators) and the noun it takes. */
export function plural(count: number, word: string): string {
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}
