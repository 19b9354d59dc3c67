/**
 * Keeping tool calls and their outputs paired in history. The Responses API rejects a request whose
 * `function_call`/`custom_tool_call` has no output, or whose output has no call. A turn that is aborted
 * records an output for every call it started (`abortedOutput`); history read from an older session file
 * (ours or Codex's) is repaired before it is sent (`repairToolPairs`), as Codex does: a missing output
 * becomes `"aborted"`, an output without its call is dropped.
 * @module
 */
import type { ResponseItem } from "./model.ts";
import type { ToolCall } from "./tool_router.ts";

/** The output text Codex gives a call whose output is missing from a saved history. */
export const MISSING_OUTPUT_TEXT = "aborted";

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

/** The output item answering `call` with `text`. */
export function outputFor(call: ToolCall, text: string): ResponseItem {
  return call.type === "custom_tool_call"
    ? { type: "custom_tool_call_output", call_id: call.call_id, output: text }
    : { type: "function_call_output", call_id: call.call_id, output: text };
}

/** Codex's text for a call cut short by an abort after `seconds` (tools may give their own). */
export function abortedText(seconds: number): string {
  return `aborted by user after ${seconds.toFixed(1)}s`;
}

function isCall(item: ResponseItem): item is ToolCall {
  return item.type === "function_call" || item.type === "custom_tool_call";
}

function isOutput(item: ResponseItem): item is ResponseItem & { call_id: string } {
  return item.type === "function_call_output" || item.type === "custom_tool_call_output";
}

/** The calls in `history` that have no output. */
export function unansweredCalls(history: readonly ResponseItem[]): ToolCall[] {
  const answered = new Set(history.filter(isOutput).map((o) => o.call_id));
  return history.filter(isCall).filter((c) => !answered.has(c.call_id));
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
