/**
 * Reads a rollout file back (this CLI's or Codex 0.171's): the session meta, the model-visible history (the
 * session's base instructions first, then the `response_item`s; a `compacted` record replaces everything
 * before it), and the thread's cumulative usage. A corrupt line (e.g. a partial write cut by
 * `kill -9`) is skipped with a warning; completed records before it are kept.
 * @module
 */
import { readFileSync } from "../../lib/fs.ts";
import { CodexError } from "../kernel/errors.ts";
import { emptyUsage, type Usage } from "../kernel/events.ts";
import type { ResponseItem } from "../kernel/model.ts";
import { baseInstructionsItem, isBaseInstructionsItem, type SessionMeta } from "./rollout.ts";
import type { WriterLock } from "./writer_lock.ts";

/** What a rollout holds. */
export interface RolloutContents {
  path: string;
  meta: SessionMeta;
  history: ResponseItem[];
  /** Thread-cumulative usage from the last `token_count` record. */
  usage: Usage;
  /**
   * The ordinal the next record gets: the number of records read, or one past the highest `ordinal`
   * seen when that is larger (Codex's files may skip numbers).
   */
  records: number;
  warnings: string[];
  /** The writer lock, when the rollout was reopened to append to it (see `reopenRollout`). */
  lock?: WriterLock;
}

interface Line {
  type: string;
  payload: Record<string, unknown>;
}

/** Parses a rollout file. Throws CodexError when it has no session_meta. */
export function readRollout(path: string): RolloutContents {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CodexError(`cannot read session file ${path}: ${(err as Error).message}`);
  }
  const raw = text.split("\n");
  if (raw.at(-1) === "") raw.pop();
  const warnings: string[] = [];
  let meta: SessionMeta | undefined;
  let history: ResponseItem[] = [];
  let usage = emptyUsage();
  let records = 0;
  let maxOrdinal = -1;
  raw.forEach((lineText, i) => {
    let line: Line;
    try {
      line = JSON.parse(lineText);
      if (typeof line?.type !== "string" || typeof line.payload !== "object" || line.payload === null) {
        throw new Error("not a rollout record");
      }
    } catch {
      const where = i === raw.length - 1 ? "a corrupt trailing line" : `corrupt line ${i + 1}`;
      warnings.push(`skipped ${where} in ${path}`);
      return;
    }
    records++;
    const ordinal = (line as { ordinal?: unknown }).ordinal;
    if (typeof ordinal === "number" && ordinal >= maxOrdinal) maxOrdinal = ordinal;
    switch (line.type) {
      case "session_meta":
        meta ??= line.payload as unknown as SessionMeta;
        break;
      case "response_item":
        history.push(modelItem(line.payload));
        break;
      case "compacted": {
        const replacement = line.payload.replacement_history;
        if (Array.isArray(replacement)) history = replacement.map(modelItem);
        break;
      }
      case "event_msg": {
        const info = line.payload.info as { total_token_usage?: Usage } | undefined;
        if (line.payload.type === "token_count" && info?.total_token_usage) {
          usage = { ...emptyUsage(), ...info.total_token_usage };
        }
        break;
      }
    }
  });
  if (!meta) throw new CodexError(`${path} is not a session file: expected a session_meta record first`);
  const base = meta.base_instructions?.text;
  if (typeof base === "string" && !(history[0] && isBaseInstructionsItem(history[0], base))) {
    history.unshift(baseInstructionsItem(base));
  }
  return { path, meta, history, usage, records: Math.max(records, maxOrdinal + 1), warnings };
}

/** Fields Codex 0.171 stores on history items for itself and never sends to the model. */
const ROLLOUT_ONLY_FIELDS = ["internal_chat_message_metadata_passthrough"];

/** A stored history item as the model should see it again. */
function modelItem(payload: unknown): ResponseItem {
  const item = { ...(payload as Record<string, unknown>) };
  for (const field of ROLLOUT_ONLY_FIELDS) delete item[field];
  return item as unknown as ResponseItem;
}
