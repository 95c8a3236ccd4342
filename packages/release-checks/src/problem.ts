/**
 * One finding of a release check: where it is and which rule or tool reported it.
 *
 * @example
 * const problem: Problem = { file: '.github/workflows/ci.yml', line: 12, rule: 'pin-sha', message: '...' };
 */
export interface Problem {
  /** Path relative to the repository root. */
  file: string;
  /** 1-based line, when the tool or rule knows it. */
  line?: number;
  /** `actionlint:<kind>`, `schema` (GitHub's own workflow/action schema) or one of our policy rule ids. */
  rule: string;
  message: string;
}

/**
 * Formats problems one per line as `file:line: [rule] message`, the shape editors and CI logs link.
 *
 * @example
 * formatProblems([{ file: 'a.yml', line: 3, rule: 'pin-sha', message: 'not pinned' }]);
 * // 'a.yml:3: [pin-sha] not pinned'
 */
export function formatProblems(problems: readonly Problem[]): string {
  return problems
    .map((p) => `${p.file}${p.line === undefined ? '' : `:${p.line}`}: [${p.rule}] ${p.message}`)
    .join('\n');
}
