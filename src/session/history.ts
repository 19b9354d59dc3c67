/**
 * `$CODEX_HOME/history.jsonl`: one line `{"session_id","ts","text"}` per submitted user message
 * (`ts` in Unix seconds), append-only, mode 0600. `[history] persistence = "none"` writes nothing;
 * `max_bytes` (0 or unset: unlimited) trims the oldest lines after a write that made the file larger,
 * down to at most 80% of it (the newest line is always kept). Writers hold an exclusive lock on the file,
 * so concurrent sessions neither interleave nor lose lines.
 * @module
 */
import { join } from "node:path";
import type { Config } from "../config/schema.ts";

/** One history line. */
export interface HistoryEntry {
  session_id: string;
  /** Unix time in seconds. */
  ts: number;
  text: string;
}

/** The `[history]` config table. */
export type HistoryConfig = NonNullable<Config["history"]>;

/** Share of `max_bytes` the file is trimmed to once it exceeds it. */
export const HISTORY_TRIM_RATIO = 0.8;

/** Path of the history file under `codexHome`. */
export function historyPath(codexHome: string): string {
  return join(codexHome, "history.jsonl");
}

const encoder = new TextEncoder();

/** Keeps the newest lines of `text` (complete lines ending in `\n`) whose total size fits `budget`. */
function newestLines(text: string, budget: number): string {
  const lines = text.split("\n").filter((l) => l !== "").map((l) => l + "\n");
  const kept: string[] = [];
  let size = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const n = encoder.encode(lines[i]).length;
    if (kept.length > 0 && size + n > budget) break;
    kept.unshift(lines[i]);
    size += n;
  }
  return kept.join("");
}

/**
 * Appends `entry` (`ts` defaults to now) unless `config.persistence` is `"none"`. Returns whether a line
 * was written.
 */
export function appendHistory(
  codexHome: string,
  entry: { session_id: string; text: string; ts?: number },
  config: HistoryConfig = {},
): boolean {
  if (config.persistence === "none") return false;
  const line: HistoryEntry = {
    session_id: entry.session_id,
    ts: entry.ts ?? Math.floor(Date.now() / 1000),
    text: entry.text,
  };
  Deno.mkdirSync(codexHome, { recursive: true });
  const path = historyPath(codexHome);
  const file = Deno.openSync(path, { read: true, write: true, create: true, mode: 0o600 });
  try {
    file.lockSync(true);
    if ((Deno.statSync(path).mode ?? 0o600) & 0o077) Deno.chmodSync(path, 0o600);
    file.seekSync(0, Deno.SeekMode.End);
    const bytes = encoder.encode(JSON.stringify(line) + "\n");
    let written = 0;
    while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
    const max = config.max_bytes ?? 0;
    if (max > 0 && file.statSync().size > max) {
      file.seekSync(0, Deno.SeekMode.Start);
      const all = new TextDecoder().decode(readAll(file));
      const kept = encoder.encode(newestLines(all, Math.floor(max * HISTORY_TRIM_RATIO)));
      file.truncateSync(0);
      file.seekSync(0, Deno.SeekMode.Start);
      let done = 0;
      while (done < kept.length) done += file.writeSync(kept.subarray(done));
    }
    return true;
  } finally {
    file.close();
  }
}

function readAll(file: Deno.FsFile): Uint8Array {
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(64 * 1024);
  while (true) {
    const n = file.readSync(buf);
    if (n === null || n === 0) break;
    chunks.push(buf.slice(0, n));
  }
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function isEntry(value: unknown): value is HistoryEntry {
  const v = value as HistoryEntry;
  return typeof v === "object" && v !== null && typeof v.session_id === "string" &&
    typeof v.ts === "number" && typeof v.text === "string";
}

/** The last `limit` entries (oldest first); malformed lines are skipped; none when there is no file. */
export function readHistory(codexHome: string, limit = Infinity): HistoryEntry[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(historyPath(codexHome));
  } catch {
    return [];
  }
  const entries: HistoryEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value = JSON.parse(line);
      if (isEntry(value)) entries.push(value);
    } catch { /* a torn or foreign line: skipped */ }
  }
  return limit >= entries.length ? entries : entries.slice(entries.length - Math.max(0, limit));
}
