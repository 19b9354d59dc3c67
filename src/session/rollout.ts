/**
 * Rollout files: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<thread_id>.jsonl`, one JSON
 * line per record (`{timestamp, type, payload}`), appended and flushed per record so a killed process
 * loses no completed item.
 * @module
 */
import { dirname, join } from "../../lib/path.ts";
import { CodexError } from "../kernel/errors.ts";
import type { MessageItem, ResponseItem } from "../kernel/model.ts";
import type { ThreadRecorder } from "../kernel/thread.ts";
import { WriterLock } from "./writer_lock.ts";

/** The session file (or its folder) cannot be written: disk full, permission denied, read-only. */
export class SessionWriteError extends CodexError {}

function cause(err: unknown): string {
  return err instanceof Error ? err.message.replace(/: \w+ '.*'$/, "") : String(err);
}

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

/** The developer message that carries base instructions at the head of the model's input. */
export function baseInstructionsItem(text: string): MessageItem {
  return { type: "message", role: "developer", content: [{ type: "input_text", text }] };
}

/** Whether `item` is the base-instructions message for `text`. */
export function isBaseInstructionsItem(item: ResponseItem, text: string | undefined): boolean {
  return text !== undefined && item.type === "message" && item.role === "developer" &&
    item.content.length === 1 && item.content[0].type === "input_text" && item.content[0].text === text;
}

/**
 * Appends records to one rollout file, as its only writer (see `WriterLock`). A record is written whole or
 * not at all: a write that fails (disk full) is cut back off and reported as a SessionWriteError naming
 * the file and the cause; records written before it stay. As Codex does, base instructions live only in
 * `session_meta.base_instructions` and never as a `response_item` (a reader puts them back at the head
 * of the history), so Codex resuming our file sends them once.
 */
export class RolloutWriter implements ThreadRecorder {
  readonly path: string;
  #ordinal = 0;
  #lock?: WriterLock;
  readonly #base: string | undefined;
  /** Lines held back until the first user message (a session nobody wrote in leaves no file). */
  #held: string[] | undefined;
  /** The thread whose lock a deferred writer takes when it writes the file. */
  #threadId?: string;

  /**
   * Appends to `path`, numbering records from `firstOrdinal` (the number of records already there), under
   * `lock` (released by `close`); `baseInstructions` is the session's base instructions text (kept out of
   * `response_item`s).
   */
  constructor(path: string, firstOrdinal = 0, lock?: WriterLock, baseInstructions?: string) {
    this.path = path;
    this.#ordinal = firstOrdinal;
    this.#lock = lock;
    this.#base = baseInstructions;
  }

  /**
   * A writer for a new rollout. The folder is created at once (SessionWriteError when CODEX_HOME cannot
   * be written); the writer lock, the file and its session_meta line are written with the first
   * `user_message` event (a session nobody wrote in leaves no file). A fork, which starts from `history`,
   * is locked and written at once.
   */
  static create(codexHome: string, meta: SessionMeta, history: readonly ResponseItem[] = []): RolloutWriter {
    const now = new Date();
    const path = rolloutPath(codexHome, meta.id, now);
    try {
      Deno.mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new SessionWriteError(`cannot create the session folder ${dirname(path)}: ${cause(err)}`);
    }
    const writer = new RolloutWriter(path, 0, undefined, meta.base_instructions?.text);
    if (history.length === 0) {
      writer.#held = [];
      writer.#threadId = meta.id;
    } else {
      writer.#lock = RolloutWriter.#acquire(path, meta.id);
    }
    try {
      writer.append("session_meta", { ...meta, session_id: meta.id, timestamp: now.toISOString() });
      for (const item of history) writer.responseItem(item);
    } catch (err) {
      writer.close();
      throw err;
    }
    return writer;
  }

  static #acquire(path: string, threadId: string): WriterLock {
    try {
      return WriterLock.acquire(path, threadId);
    } catch (err) {
      throw new SessionWriteError(`cannot write session file ${path}: ${cause(err)}`);
    }
  }

  /** Appends one record synchronously (flushed before returning). Throws SessionWriteError. */
  append(type: string, payload: unknown): void {
    const line = JSON.stringify({
      timestamp: new Date().toISOString(),
      type,
      ordinal: this.#ordinal,
      payload,
    });
    if (this.#held) {
      this.#held.push(line);
      this.#ordinal++;
      return;
    }
    this.#write(line + "\n");
    this.#ordinal++;
  }

  /** Appends `text` whole or not at all. Throws SessionWriteError. */
  #write(text: string): void {
    const bytes = new TextEncoder().encode(text);
    let file: Deno.FsFile | undefined;
    let start = 0;
    try {
      file = Deno.openSync(this.path, { append: true, create: true, mode: 0o600 });
      start = file.statSync().size;
      let written = 0;
      while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
    } catch (err) {
      // Cut a partial record back off so the file keeps only whole lines.
      try {
        file?.truncateSync(start);
      } catch {
        // Nothing more can be done; the reader skips a torn line.
      }
      throw new SessionWriteError(`cannot write session file ${this.path}: ${cause(err)}`);
    } finally {
      file?.close();
    }
  }

  /** Releases the writer lock. */
  close(): void {
    this.#lock?.release();
    this.#lock = undefined;
  }

  /** Whether the file exists yet (a deferred writer creates it with the first user message). */
  get written(): boolean {
    return this.#held === undefined;
  }

  responseItem(item: ResponseItem): void {
    if (isBaseInstructionsItem(item, this.#base)) return;
    this.append("response_item", item);
  }

  turnContext(context: Record<string, unknown>): void {
    this.append("turn_context", context);
  }

  event(payload: { type: string; [k: string]: unknown }): void {
    this.append("event_msg", payload.type === "token_count" ? codexTokenCount(payload) : payload);
    if (this.#held && payload.type === "user_message") {
      // The held lines (session_meta first) are written together; on failure they stay held for the
      // next user message.
      try {
        Deno.mkdirSync(dirname(this.path), { recursive: true });
      } catch (err) {
        throw new SessionWriteError(`cannot create the session folder ${dirname(this.path)}: ${cause(err)}`);
      }
      this.#lock ??= RolloutWriter.#acquire(this.path, this.#threadId!);
      this.#write(this.#held.map((l) => l + "\n").join(""));
      this.#held = undefined;
    }
  }

  compacted(record: { message: string; replacement_history: ResponseItem[] }): void {
    const replacement = record.replacement_history.filter((i) => !isBaseInstructionsItem(i, this.#base));
    this.append("compacted", { ...record, replacement_history: replacement });
  }
}

type UsageRecord = Record<string, number>;

function withTotal(usage: unknown): unknown {
  if (typeof usage !== "object" || usage === null) return usage;
  const u = usage as UsageRecord;
  return { ...u, total_tokens: u.total_tokens ?? (u.input_tokens ?? 0) + (u.output_tokens ?? 0) };
}

/**
 * A `token_count` event as Codex 0.171 writes it (usages with `total_tokens`,
 * `last_usage_includes_reasoning`), so Codex resuming our rollout continues the thread's usage totals.
 */
function codexTokenCount(payload: { type: string; [k: string]: unknown }): Record<string, unknown> {
  const info = payload.info as Record<string, unknown> | undefined;
  if (!info) return payload;
  return {
    ...payload,
    info: {
      ...info,
      total_token_usage: withTotal(info.total_token_usage),
      last_token_usage: withTotal(info.last_token_usage),
      last_usage_includes_reasoning: info.last_usage_includes_reasoning ?? false,
    },
    rate_limits: payload.rate_limits ?? null,
  };
}
