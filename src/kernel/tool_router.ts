/**
 * Routes the model's tool calls to registered tools: PreToolUse may block or rewrite a call,
 * PostToolUse/PostToolUseFailure observe results, and every failure becomes output for the model.
 * @module
 */
import { describeError } from "./errors.ts";
import type { HookBus, HookCommon } from "./hooks.ts";
import type { ContentPart, CustomToolCallItem, FunctionCallItem, ResponseItem } from "./model.ts";
import type { RegisteredTool, ToolContext, ToolResult } from "./tool.ts";
import { truncateForModel } from "./truncate.ts";
import { abortedText, outputFor } from "./tool_pairs.ts";

/** A tool call from the model. */
export type ToolCall = FunctionCallItem | CustomToolCallItem;

/** What the router needs from the thread. */
export interface RouterDeps {
  tools: ReadonlyMap<string, RegisteredTool>;
  hooks: HookBus;
  hookCommon: Omit<HookCommon, "hook_event_name">;
  /** Text outputs above this many (approximate) tokens keep head and tail around a marker. */
  outputTokenLimit?: number;
  /** Builds the tool context for one call. */
  contextFor(call: ToolCall, tool: RegisteredTool): ToolContext;
  /**
   * The turn's abort signal. A call not started when it fires is not run; a call running when it fires
   * gets "aborted by user after Ns" as output (unless the tool reported the abort itself). Either way
   * every call gets an output.
   */
  signal?: AbortSignal;
}

function rawInput(call: ToolCall): string {
  return call.type === "function_call" ? call.arguments : call.input;
}

function outputText(output: string | ContentPart[]): string {
  if (typeof output === "string") return output;
  return output.map((p) => ("text" in p ? p.text : "")).join("\n");
}

function outputItem(call: ToolCall, result: ToolResult): ResponseItem {
  if (call.type === "custom_tool_call") {
    return { type: "custom_tool_call_output", call_id: call.call_id, output: outputText(result.output) };
  }
  return { type: "function_call_output", call_id: call.call_id, output: result.output };
}

/** Runs one call through hooks and the tool; never throws; an aborted call still gets an output. */
export async function dispatchToolCall(call: ToolCall, deps: RouterDeps): Promise<ResponseItem> {
  const signal = deps.signal;
  if (!signal) return await runCall(call, deps, () => undefined);
  if (signal.aborted) return outputFor(call, abortedText(0));
  const started = performance.now();
  let abortedAfter: number | undefined;
  const onAbort = () => abortedAfter = (performance.now() - started) / 1000;
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    return await runCall(call, deps, () => abortedAfter);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/** `abortedAfter` says how many seconds into the call the turn was aborted (undefined: it was not). */
async function runCall(
  call: ToolCall,
  deps: RouterDeps,
  abortedAfter: () => number | undefined,
): Promise<ResponseItem> {
  const name = call.type === "function_call" && call.namespace
    ? `${call.namespace}__${call.name}`
    : call.name;
  const tool = deps.tools.get(name);
  if (!tool) return outputItem(call, { output: `unsupported call: ${call.name}`, success: false });

  let raw = rawInput(call);
  const toolInput = tool.parseInput(raw);
  const pre = await deps.hooks.run("PreToolUse", {
    ...deps.hookCommon,
    hook_event_name: "PreToolUse",
    tool_name: tool.name,
    tool_input: toolInput,
    tool_use_id: call.call_id,
  }, tool.name);
  if (pre.decision === "deny") {
    const reason = pre.reason ?? "no reason given";
    return outputItem(call, {
      output: `The ${tool.name} call was blocked by a PreToolUse hook: ${reason}`,
      success: false,
    });
  }
  if (pre.input.tool_input !== toolInput) {
    raw = typeof pre.input.tool_input === "string"
      ? pre.input.tool_input
      : JSON.stringify(pre.input.tool_input);
  }

  const abortedBefore = abortedAfter();
  if (abortedBefore !== undefined) return outputFor(call, abortedText(abortedBefore));
  let result: ToolResult;
  try {
    result = await tool.invoke(raw, deps.contextFor(call, tool));
  } catch (err) {
    result = { output: `tool ${tool.name} failed: ${describeError(err)}`, success: false };
  }
  const seconds = abortedAfter();
  if (seconds !== undefined) {
    return result.aborted ? outputItem(call, result) : outputFor(call, abortedText(seconds));
  }
  if (result.success === false) {
    await deps.hooks.run("PostToolUseFailure", {
      ...deps.hookCommon,
      hook_event_name: "PostToolUseFailure",
      tool_name: tool.name,
      tool_input: pre.input.tool_input,
      tool_use_id: call.call_id,
      error: outputText(result.output),
    }, tool.name);
  } else {
    await deps.hooks.run("PostToolUse", {
      ...deps.hookCommon,
      hook_event_name: "PostToolUse",
      tool_name: tool.name,
      tool_input: pre.input.tool_input,
      tool_use_id: call.call_id,
      tool_response: outputText(result.output),
    }, tool.name);
  }
  if (pre.additionalContext.length > 0 && typeof result.output === "string") {
    result = { ...result, output: `${result.output}\n\n${pre.additionalContext.join("\n")}` };
  }
  if (deps.outputTokenLimit !== undefined && !result.bounded && typeof result.output === "string") {
    result = { ...result, output: truncateForModel(result.output, deps.outputTokenLimit).body };
  }
  return outputItem(call, result);
}

/** Runs the calls of one response: concurrently when every tool allows it, else one by one. Outputs keep call order. */
export async function dispatchToolCalls(calls: ToolCall[], deps: RouterDeps): Promise<ResponseItem[]> {
  const allParallel = calls.every((c) => deps.tools.get(c.name)?.parallel ?? false);
  if (allParallel) return await Promise.all(calls.map((c) => dispatchToolCall(c, deps)));
  const out: ResponseItem[] = [];
  for (const c of calls) out.push(await dispatchToolCall(c, deps));
  return out;
}
