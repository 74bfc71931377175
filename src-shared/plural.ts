/**
 * Counted nouns in the app's English ("1 session", "3 sessions", "1,200 sessions"), and the
 * words that agree with a count ("is" / "are"), shared by the window, the tray, core and qbsc
 * so all count the same way. A hand-written `n === 1 ? 'x' : 'xs'` is refused by the lint
 * (eslint.config.mjs): it is written here once.
 */

/** The form of a word or phrase that agrees with a count, without the count ("is" / "are"). */
export function agree(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

/**
 * "1 session" / "3 sessions": the count (with thousands separators) and the noun it takes;
 * `many` for a noun whose plural is not its singular and an s.
 */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count.toLocaleString('en-US')} ${agree(count, word, many)}`;
}
