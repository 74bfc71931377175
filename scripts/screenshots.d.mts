/** The screenshots docs/screenshots keeps, as the e2e suite names them. */
export const CHOSEN: readonly string[];
/** What is wrong with the chosen files in `from`, one line each; empty when nothing. */
export function problems(from: string, chosen?: readonly string[]): string[];
