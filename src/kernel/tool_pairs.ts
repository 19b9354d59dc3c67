/**
 * Keeping tool calls and their outputs paired in history. The Responses API rejects a request whose
 * `function_call`/`custom_tool_call` has no output, or whose output has no call: a turn that fails or is
 * aborted records an output for every call it started (the host repairs history read from a saved session).
 * @module
 */
import type { ContentPart, ResponseItem } from "./model.ts";
import type { ToolCall } from "./tool_router.ts";

/** The output text Codex gives a call whose output is missing from a saved history. */
export const MISSING_OUTPUT_TEXT = "aborted";

/** The output item answering `call` with `output` (a custom tool's output is text: parts are joined). */
export function outputFor(call: ToolCall, output: string | ContentPart[]): ResponseItem {
  if (call.type === "function_call") return { type: "function_call_output", call_id: call.call_id, output };
  const text = typeof output === "string"
    ? output
    : output.map((p) => ("text" in p ? p.text : "")).join("\n");
  return { type: "custom_tool_call_output", call_id: call.call_id, output: text };
}

/** Codex's text for a call cut short by an abort after `seconds` (tools may give their own). */
export function abortedText(seconds: number): string {
  return `aborted by user after ${seconds.toFixed(1)}s`;
}

/** Whether `item` is a tool call. */
export function isCall(item: ResponseItem): item is ToolCall {
  return item.type === "function_call" || item.type === "custom_tool_call";
}

/** Whether `item` is a tool call's output. */
export function isOutput(item: ResponseItem): item is ResponseItem & { call_id: string } {
  return item.type === "function_call_output" || item.type === "custom_tool_call_output";
}

/** The calls in `history` that have no output. */
export function unansweredCalls(history: readonly ResponseItem[]): ToolCall[] {
  const answered = new Set(history.filter(isOutput).map((o) => o.call_id));
  return history.filter(isCall).filter((c) => !answered.has(c.call_id));
}
