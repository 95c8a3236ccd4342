/**
 * Undo for an export that fails half-way. The runner reads GITHUB_ENV and GITHUB_OUTPUT only when
 * the step ends, and @actions/core only appends to them (issueFileCommand: appendFileSync), so
 * cutting a file back to the size it had before the export removes everything this step wrote
 * there, as if the export had not started.
 */
import { statSync, truncateSync } from 'node:fs';

/** The file commands an export writes to, by their variable names. */
export const EXPORT_FILES = ['GITHUB_ENV', 'GITHUB_OUTPUT'] as const;

/** What {@link ExportCheckpoint.rollback} did, file by file (by variable name, never a path). */
export interface RollbackResult {
  /** Files cut back to their size before the export. */
  readonly restored: string[];
  /** Files that could not be cut back (with the error code), whose entries stay. */
  readonly failed: string[];
}

/** The state of the file commands before an export, to return to when it fails. */
export interface ExportCheckpoint {
  rollback(): RollbackResult;
}

/**
 * Records the size of each file command the environment names. A file that does not exist yet
 * counts as empty.
 *
 * @example
 * ```ts
 * const checkpoint = fileCommandCheckpoint();
 * try { exportAll(); } catch { checkpoint.rollback(); }
 * ```
 */
export function fileCommandCheckpoint(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ExportCheckpoint {
  const files = EXPORT_FILES.flatMap((name) => {
    const path = env[name];
    if (!path) return [];
    let size = 0;
    try {
      size = statSync(path).size;
    } catch {
      // Not there yet: whatever the export writes is to go.
    }
    return [{ name, path, size }];
  });
  return {
    rollback() {
      const restored: string[] = [];
      const failed: string[] = [];
      for (const { name, path, size } of files) {
        try {
          if (statSync(path).size > size) truncateSync(path, size);
          restored.push(name);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // A file that cannot be read cannot have been written either (EISDIR, ENOENT).
          if (code === 'ENOENT') restored.push(name);
          else failed.push(`${name} (${code ?? 'error'})`);
        }
      }
      return { restored, failed };
    },
  };
}
