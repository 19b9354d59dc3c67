/**
 * Rollout files: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<thread_id>.jsonl`, one JSON
 * line per record (`{timestamp, type, payload}`), appended and flushed per record so a killed process
 * loses no completed item.
 * @module
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ResponseItem } from "../kernel/model.ts";
import type { ThreadRecorder } from "../kernel/thread.ts";

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** The rollout path for a thread started at `date` (local time, as Codex names them). */
export function rolloutPath(codexHome: string, threadId: string, date: Date = new Date()): string {
  const y = date.getFullYear(), m = pad(date.getMonth() + 1), d = pad(date.getDate());
  const stamp = `${y}-${m}-${d}T${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`;
  return join(codexHome, "sessions", String(y), m, d, `rollout-${stamp}-${threadId}.jsonl`);
}

/** Session metadata written as the first line (forks add `forked_from_id`). */
export interface SessionMeta {
  id: string;
  cwd: string;
  originator: string;
  cli_version: string;
  source: "exec" | "cli" | "mcp";
  model_provider: string;
  base_instructions?: { text: string };
  [key: string]: unknown;
}

/** Appends records to one rollout file. */
export class RolloutWriter implements ThreadRecorder {
  readonly path: string;
  #ordinal = 0;
  /** Lines held back until the first user message (a session nobody wrote in leaves no file). */
  #held: string[] | undefined;

  /** Appends to `path`, numbering records from `firstOrdinal` (the number of records already there). */
  constructor(path: string, firstOrdinal = 0) {
    this.path = path;
    this.#ordinal = firstOrdinal;
  }

  /**
   * A writer for a new rollout. The folder, the file and its session_meta line are written with the
   * first `user_message` event (a session nobody wrote in leaves no file); a fork, which starts from
   * `history`, is written at once.
   */
  static create(codexHome: string, meta: SessionMeta, history: readonly ResponseItem[] = []): RolloutWriter {
    const now = new Date();
    const path = rolloutPath(codexHome, meta.id, now);
    const writer = new RolloutWriter(path);
    if (history.length === 0) writer.#held = [];
    else mkdirSync(join(path, ".."), { recursive: true });
    writer.append("session_meta", { ...meta, session_id: meta.id, timestamp: now.toISOString() });
    for (const item of history) writer.responseItem(item);
    return writer;
  }

  /** Appends one record synchronously (flushed before returning). */
  append(type: string, payload: unknown): void {
    const line = JSON.stringify({
      timestamp: new Date().toISOString(),
      type,
      ordinal: this.#ordinal++,
      payload,
    });
    if (this.#held) {
      this.#held.push(line);
      return;
    }
    appendFileSync(this.path, line + "\n", { mode: 0o600 });
  }

  /** Whether the file exists yet (a deferred writer creates it with the first user message). */
  get written(): boolean {
    return this.#held === undefined;
  }

  responseItem(item: ResponseItem): void {
    this.append("response_item", item);
  }

  turnContext(context: Record<string, unknown>): void {
    this.append("turn_context", context);
  }

  event(payload: { type: string; [k: string]: unknown }): void {
    this.append("event_msg", payload);
    if (this.#held && payload.type === "user_message") {
      const lines = this.#held;
      this.#held = undefined;
      mkdirSync(join(this.path, ".."), { recursive: true });
      appendFileSync(this.path, lines.map((l) => l + "\n").join(""), { mode: 0o600 });
    }
  }

  compacted(record: { message: string; replacement_history: ResponseItem[] }): void {
    this.append("compacted", record);
  }
}
