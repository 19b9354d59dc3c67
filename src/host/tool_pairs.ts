/**
 * History repair and the interrupted-turn note, as Codex does them. History read from an older session
 * file (ours or Codex's) is repaired before it is sent (`repairToolPairs`): a missing output becomes
 * `"aborted"`, an output without its call is dropped.
 * @module
 */
import type { ResponseItem } from "../kernel/model.ts";
import { isCall, isOutput, MISSING_OUTPUT_TEXT, outputFor } from "../kernel/tool_pairs.ts";

/**
 * The user message Codex adds to history when a turn is interrupted, so the model knows its last turn
 * ended early.
 */
export const TURN_ABORTED_TEXT =
  "<turn_aborted>\nThe user interrupted the previous turn on purpose. Any running " +
  "unified exec processes may still be running in the background. If any tools/commands were aborted, they " +
  "may have partially executed.\n</turn_aborted>";

/** The history item that marks an interrupted turn. */
export function turnAbortedMessage(): ResponseItem {
  return { type: "message", role: "user", content: [{ type: "input_text", text: TURN_ABORTED_TEXT }] };
}

/**
 * Repairs `history` in place: each call without an output gets `"aborted"` right after the call (after any
 * outputs already following it), and each output without an earlier call is removed. Returns what changed.
 */
export function repairToolPairs(history: ResponseItem[]): { added: number; removed: number } {
  let added = 0, removed = 0;
  const seen = new Set<string>();
  for (let i = 0; i < history.length; i++) {
    const item = history[i];
    if (isCall(item)) seen.add(item.call_id);
    else if (isOutput(item) && !seen.has(item.call_id)) {
      history.splice(i--, 1);
      removed++;
    }
  }
  const answered = new Set(history.filter(isOutput).map((o) => o.call_id));
  for (let i = 0; i < history.length; i++) {
    const item = history[i];
    if (!isCall(item) || answered.has(item.call_id)) continue;
    let at = i + 1;
    while (at < history.length && (isCall(history[at]) || isOutput(history[at]))) at++;
    history.splice(at, 0, outputFor(item, MISSING_OUTPUT_TEXT));
    answered.add(item.call_id);
    added++;
  }
  return { added, removed };
}
