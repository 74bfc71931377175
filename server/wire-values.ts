/**
 * How the contract spells values on the wire, for every route: bodies read as plain objects,
 * query integers clamped to their range, instants written as ISO 8601 UTC.
 */

/** Whether a parsed body is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An instant (ms since the epoch) as the contract writes it. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A whole-number query value clamped to `min..max`; `fallback` when it is not a whole number. */
export function clampInteger(raw: unknown, min: number, max: number, fallback: number): number {
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw.trim())) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}
