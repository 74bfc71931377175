/**
 * "Did you mean ...?": the known word closest to a mistyped one by edit distance
 * (Damerau-Levenshtein: insertions, deletions, substitutions and swapped neighbours, case
 * aside), offered only when it is close enough to be a typo of it, as git and commander do.
 */

/** The optimal-string-alignment distance between `a` and `b`, case aside. */
export function editDistance(a: string, b: string): number {
  const s = [...a.toLowerCase()];
  const t = [...b.toLowerCase()];
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= s.length; i += 1) {
    for (let j = 1; j <= t.length; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      (rows[i] as number[])[j] = best;
    }
  }
  return at(s.length, t.length);
}

/**
 * The candidate closest to `word`, or null when none is close: at most a third of the word's
 * length away (at least 1, at most 3 edits), or the only one that starts with it.
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= limit && (best === null || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  if (best) return best.candidate;
  const starting = candidates.filter(
    (candidate) => word.length > 0 && candidate.toLowerCase().startsWith(word.toLowerCase()),
  );
  return starting.length === 1 ? (starting[0] ?? null) : null;
}

/** ` Did you mean "x"?` (with a leading space), or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates);
  return match === null ? '' : ` Did you mean "${match}"?`;
}
