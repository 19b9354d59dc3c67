/**
 * Archiving, unarchiving and deleting saved sessions, as Codex does: archived rollouts move to
 * `$CODEX_HOME/archived_sessions/` (flat) and back to `sessions/YYYY/MM/DD/` from the date in their name.
 * @module
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CodexError } from "../kernel/errors.ts";
import { listRollouts } from "./list.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLLOUT = /^rollout-(\d{4})-(\d{2})-(\d{2})T[\d-]+-([0-9a-f-]{36})\.jsonl$/i;

/** The folder archived rollouts live in. */
export function archiveDir(codexHome: string): string {
  return join(codexHome, "archived_sessions");
}

function archivedRollouts(codexHome: string): string[] {
  try {
    return readdirSync(archiveDir(codexHome)).filter((f) => ROLLOUT.test(f)).sort().reverse()
      .map((f) => join(archiveDir(codexHome), f));
  } catch {
    return [];
  }
}

/** The thread id of a rollout path. */
export function rolloutId(path: string): string {
  return ROLLOUT.exec(path.slice(path.lastIndexOf("/") + 1))?.[4] ?? "";
}

/**
 * Finds a session's rollout by its id, or by a unique prefix of it (at least 4 characters), among the
 * active sessions or the archived ones. Throws CodexError naming what was expected when none or several match.
 */
export function findSession(codexHome: string, id: string, where: "active" | "archived" | "any"): string {
  if (!UUID.test(id) && !/^[0-9a-f-]{4,}$/i.test(id)) {
    throw new CodexError(`expected a session id (UUID), found '${id}'`);
  }
  const pool = [
    ...(where !== "archived" ? listRollouts(codexHome) : []),
    ...(where !== "active" ? archivedRollouts(codexHome) : []),
  ];
  const hits = pool.filter((p) => rolloutId(p).toLowerCase().startsWith(id.toLowerCase()));
  const place = where === "active" ? "saved" : where === "archived" ? "archived" : "saved or archived";
  if (hits.length === 0) throw new CodexError(`no ${place} session with id '${id}' in ${codexHome}`);
  if (hits.length > 1 && !hits.every((h) => rolloutId(h) === rolloutId(hits[0]))) {
    throw new CodexError(`'${id}' matches ${hits.length} sessions; give more of the id`);
  }
  return hits[0];
}

/** Moves a session's rollout into archived_sessions/. Returns the thread id. */
export function archiveSession(codexHome: string, id: string): string {
  const path = findSession(codexHome, id, "active");
  mkdirSync(archiveDir(codexHome), { recursive: true });
  renameSync(path, join(archiveDir(codexHome), path.slice(path.lastIndexOf("/") + 1)));
  return rolloutId(path);
}

/** Moves an archived rollout back to sessions/YYYY/MM/DD/. Returns the thread id. */
export function unarchiveSession(codexHome: string, id: string): string {
  const path = findSession(codexHome, id, "archived");
  const name = path.slice(path.lastIndexOf("/") + 1);
  const [, y, m, d] = ROLLOUT.exec(name)!;
  const dir = join(codexHome, "sessions", y, m, d);
  mkdirSync(dir, { recursive: true });
  renameSync(path, join(dir, name));
  return rolloutId(path);
}

/** Deletes a session's rollout (active or archived) for good. Returns the thread id. */
export function deleteSession(codexHome: string, id: string): string {
  const path = findSession(codexHome, id, "any");
  rmSync(path);
  return rolloutId(path);
}
