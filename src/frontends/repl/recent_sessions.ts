/**
 * Recent saved sessions with a preview of their first message, for `/resume` and `codex resume`
 * without an id. Sessions without any user message are left out.
 * @module
 */
import type { SessionSummary } from "../../host/mod.ts";
import type { ResponseItem } from "../../kernel/model.ts";
import { listRollouts, peekMeta } from "../../session/list.ts";
import { readRollout } from "../../session/reader.ts";
import { SUMMARY_PREFIX } from "../../host/compaction.ts";

/** Context items the CLI adds as user messages; not what the person typed. */
const CONTEXT_PREFIX =
  /^(# AGENTS\.md|<environment_context>|<user_instructions>|<user_shell_command>|<skill)/;

/** The text of the messages the person typed, in order. */
export function userMessages(history: readonly ResponseItem[]): string[] {
  const out: string[] = [];
  for (const item of history) {
    if (item.type !== "message" || item.role !== "user") continue;
    const text = item.content.map((p) => ("text" in p ? p.text : "")).join(" ").trim();
    if (text && !CONTEXT_PREFIX.test(text) && !text.startsWith(SUMMARY_PREFIX)) out.push(text);
  }
  return out;
}

/** Up to `limit` sessions, newest first, each with the first user message as preview. */
export function recentSessions(codexHome: string, limit = 20): SessionSummary[] {
  const out: SessionSummary[] = [];
  for (const path of listRollouts(codexHome)) {
    if (out.length >= limit) break;
    const meta = peekMeta(path) as { id?: string; cwd?: string; timestamp?: string } | undefined;
    let preview: string | undefined;
    try {
      preview = userMessages(readRollout(path).history)[0];
    } catch { /* unreadable: skipped */ }
    if (preview === undefined) continue;
    out.push({
      id: meta?.id ?? "?",
      cwd: meta?.cwd ?? "?",
      path,
      startedAt: meta?.timestamp ?? "",
      preview: preview.replace(/\s+/g, " ").slice(0, 80),
    });
  }
  return out;
}

/** The lines listing `sessions` with numbers (the current directory's sessions without their cwd). */
export function sessionRows(sessions: readonly SessionSummary[], cwd: string): string[] {
  const rows = sessions.map((s, i) => [
    `${i + 1}.`,
    s.startedAt.replace("T", " ").slice(0, 16),
    (s.cwd === cwd ? "" : `[${s.cwd}] `) + s.preview,
  ]);
  const widths = [0, 0];
  for (const r of rows) for (const i of [0, 1]) widths[i] = Math.max(widths[i], r[i].length);
  return rows.map((r) => `  ${r[0].padStart(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`);
}
