/**
 * Routes the model's tool calls to registered tools through the middleware chain (the host's wrappers,
 * outermost, then plugins' `wrapTool` wrappers), then the tool. Every failure becomes output for the model.
 * @module
 */
import { describeError } from "./errors.ts";
import type { CustomToolCallItem, FunctionCallItem, ResponseItem } from "./model.ts";
import type { RegisteredTool, ToolContext, ToolResult } from "./tool.ts";
import { composeTool, type ToolWrapper, wrappersFor } from "./tool_middleware.ts";
import { abortedText, outputFor } from "./tool_pairs.ts";

/** A tool call from the model. */
export type ToolCall = FunctionCallItem | CustomToolCallItem;

/** What the router needs from the thread. */
export interface RouterDeps {
  tools: ReadonlyMap<string, RegisteredTool>;
  /** Tool wrappers, outermost first (those not matching a call's tool are skipped). */
  wrappers?: readonly ToolWrapper[];
  /** Finds the tool for a call (default: by name). */
  resolve?: (call: ToolCall) => RegisteredTool | undefined;
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

/** Runs one call through the middleware chain and the tool; never throws; an aborted call still gets an output. */
export async function dispatchToolCall(call: ToolCall, deps: RouterDeps): Promise<ResponseItem> {
  const signal = deps.signal;
  if (!signal) return outputFor(call, (await runChain(call, deps)).output);
  if (signal.aborted) return outputFor(call, abortedText(0));
  const started = performance.now();
  let abortedAfter: number | undefined;
  const onAbort = () => abortedAfter = (performance.now() - started) / 1000;
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const result = await runChain(call, deps);
    if (abortedAfter === undefined || result.aborted) return outputFor(call, result.output);
    return outputFor(call, abortedText(abortedAfter));
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

async function runChain(call: ToolCall, deps: RouterDeps): Promise<ToolResult> {
  const tool = deps.resolve ? deps.resolve(call) : deps.tools.get(call.name);
  if (!tool) {
    const what = call.type === "custom_tool_call" ? "custom tool call" : "call";
    return { output: `unsupported ${what}: ${call.name}`, success: false };
  }
  const chain = composeTool(
    wrappersFor(deps.wrappers ?? [], tool.name),
    // A call whose turn was aborted while its hooks ran is not started.
    (c) =>
      c.ctx.signal.aborted
        ? Promise.resolve({ output: "aborted", success: false })
        : tool.invoke(c.raw, c.ctx),
  );
  try {
    return await chain({
      tool: tool.name,
      callId: call.call_id,
      raw: rawInput(call),
      ctx: deps.contextFor(call, tool),
    });
  } catch (err) {
    return { output: `tool ${tool.name} failed: ${describeError(err)}`, success: false };
  }
}

/** Runs the calls of one response: concurrently when every tool allows it, else one by one. Outputs keep call order. */
export async function dispatchToolCalls(calls: ToolCall[], deps: RouterDeps): Promise<ResponseItem[]> {
  const find = (c: ToolCall) => (deps.resolve ? deps.resolve(c) : deps.tools.get(c.name));
  const allParallel = calls.every((c) => find(c)?.parallel ?? false);
  if (allParallel) return await Promise.all(calls.map((c) => dispatchToolCall(c, deps)));
  const out: ResponseItem[] = [];
  for (const c of calls) out.push(await dispatchToolCall(c, deps));
  return out;
}
