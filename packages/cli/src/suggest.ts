/**
 * "Did you mean" for mistyped commands and options: the closest known word by edit distance
 * (Damerau-Levenshtein with adjacent swaps, so `sael` is one edit from `seal`), when it is close
 * enough to be a typo rather than another word.
 */

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The candidate closest to `word`, or undefined when none is within a typo's reach (at most 2
 * edits, and fewer than half the word's length).
 *
 * @example
 * ```ts
 * closest('sael', ['seal', 'open']); // 'seal'
 * closest('--kee', ['--key', '--in']); // '--key'
 * closest('frobnicate', ['seal']); // undefined
 * ```
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const reach = Math.min(2, Math.floor((word.replace(/^-+/, '').length - 1) / 2));
  return bestDistance <= Math.max(1, reach) ? best : undefined;
}

/**
 * `; did you mean 'seal'?` for a message, or nothing.
 *
 * @example
 * ```ts
 * `unknown command 'sael'${didYouMean('sael', names)}`; // "unknown command 'sael'; did you mean 'seal'?"
 * ```
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : `; did you mean '${match}'?`;
}
