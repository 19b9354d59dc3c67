/**
 * `codex archive|unarchive|delete SESSION` and `codex sessions export SESSION --format markdown|json`.
 * @module
 */
import { writeFileSync } from "node:fs";
import { defaultCodexHome } from "../config/mod.ts";
import { UsageError } from "../plugin_api/errors.ts";
import {
  archiveSession,
  deleteSession,
  EXPORT_FORMATS,
  type ExportFormat,
  exportSession,
  findSession,
  readRollout,
  unarchiveSession,
} from "../session/mod.ts";

/** `codex archive ID` / `codex unarchive ID`. */
export function archiveCommand(id: string, archive: boolean): number {
  const done = archive ? archiveSession(defaultCodexHome(), id) : unarchiveSession(defaultCodexHome(), id);
  console.log(`${archive ? "Archived" : "Unarchived"} session ${done}.`);
  return 0;
}

/** `codex delete ID [--force]`: asks for confirmation on a terminal; elsewhere `--force` is required. */
export function deleteCommand(id: string, force: boolean): number {
  const home = defaultCodexHome();
  if (!force) {
    if (!Deno.stdin.isTerminal()) {
      throw new UsageError(
        "delete: cannot confirm deletion without an interactive terminal; rerun with --force",
      );
    }
    const path = findSession(home, id, "any");
    const answer = prompt(`Permanently delete session ${path}? [y/N]`);
    if (!answer || !/^y(es)?$/i.test(answer.trim())) {
      console.error("Not deleted.");
      return 1;
    }
  }
  console.log(`Deleted session ${deleteSession(home, id)}.`);
  return 0;
}

/** `codex sessions export ID --format F [-o FILE]`. */
export function exportCommand(id: string, format: string, output: string | undefined): number {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: expected one of ${EXPORT_FORMATS.join(", ")}, found '${format}'`);
  }
  const contents = readRollout(findSession(defaultCodexHome(), id, "any"));
  for (const w of contents.warnings) console.error(`Warning: ${w}`);
  const text = exportSession(contents, format as ExportFormat);
  if (output) writeFileSync(output, text);
  else Deno.stdout.writeSync(new TextEncoder().encode(text));
  return 0;
}
