/**
 * `codex resume` without an id: lists recent sessions with previews and reads a number.
 * @module
 */
import type { Session, SessionSource } from "../../host/mod.ts";
import type { LineSource } from "./line_source.ts";
import { recentSessions, sessionRows } from "./recent_sessions.ts";

/** How many sessions the picker lists. */
export const PICKER_LIMIT = 10;

/** Asks which session to resume; undefined when none was chosen (end of input, empty answer). */
export async function chooseSession(
  setup: Pick<Session, "codexHome" | "cwd">,
  source: LineSource,
  print: (text: string) => void,
): Promise<SessionSource | undefined> {
  const sessions = recentSessions(setup.codexHome, PICKER_LIMIT);
  if (sessions.length === 0) {
    print("No saved sessions to resume; starting a new one.");
    return { kind: "new" };
  }
  print("Recent sessions (newest first):");
  for (const line of sessionRows(sessions, setup.cwd)) print(line);
  for (;;) {
    const answer = await source.answer(
      `Resume which session? [1-${sessions.length}, Enter to cancel] `,
      new AbortController().signal,
    );
    if (answer === null || answer === "aborted" || answer.trim() === "") {
      print("No session resumed.");
      return undefined;
    }
    const n = Number(answer.trim());
    const chosen = Number.isInteger(n) ? sessions[n - 1] : sessions.find((s) => s.id === answer.trim());
    if (chosen) return { kind: "resume", id: chosen.id, last: false, all: false };
    print(`expected a number from 1 to ${sessions.length} or a session id, found '${answer.trim()}'`);
  }
}
