/**
 * Which session an `exec` run works on: a new one, a resumed one (same thread id, same rollout file), or
 * a fork (a new thread starting from a copy of another's history).
 * @module
 */
import { CodexError } from "../kernel/errors.ts";
import { findLatestRollout, findRolloutById } from "../session/list.ts";
import { readRollout, type RolloutContents } from "../session/reader.ts";
import { reopenRollout } from "../session/reopen.ts";

/** The session an `exec` run continues, if any. */
export type SessionSource =
  | { kind: "new" }
  | { kind: "resume"; id?: string; last: boolean; all: boolean }
  | { kind: "fork"; id?: string; last?: boolean; all?: boolean };

/**
 * Loads the rollout a resume or fork starts from. A resume takes the session's writer lock (failing when
 * another process writes it) and cuts a torn last line; the result then carries the lock.
 */
export function loadSource(
  source: SessionSource,
  codexHome: string,
  cwd: string,
): RolloutContents | undefined {
  if (source.kind === "new") return undefined;
  if (source.last) {
    const path = findLatestRollout(codexHome, source.all ? undefined : cwd);
    if (!path) {
      throw new CodexError(
        source.all
          ? "No previous session found."
          : `No previous session found for ${cwd} (use --all to search every directory).`,
      );
    }
    return source.kind === "resume" ? reopenRollout(path) : readRollout(path);
  }
  const id = source.id ?? "";
  const path = findRolloutById(codexHome, id);
  if (!path) throw new CodexError(`No session found with id ${id} under ${codexHome}/sessions.`);
  return source.kind === "resume" ? reopenRollout(path) : readRollout(path);
}
