/**
 * Routes the model's tool calls to registered tools through the middleware chain: output truncation
 * (outermost), then PreToolUse/PostToolUse hooks, then plugins' `wrapTool` wrappers, then the tool.
 * Every failure becomes output for the model.
 * @module
 */
import { isApproved } from "./approval.ts";
import { describeError } from "./errors.ts";
import type { HookBus, HookCommon } from "./hooks.ts";
import type { ContentPart, CustomToolCallItem, FunctionCallItem, ResponseItem } from "./model.ts";
import type { RegisteredTool, ToolContext, ToolResult } from "./tool.ts";
import { composeTool, type ToolCallRequest, type ToolWrapper, wrappersFor } from "./tool_middleware.ts";
import { truncateForModel } from "./truncate.ts";
import { abortedText, outputFor } from "./tool_pairs.ts";

/** A tool call from the model. */
export type ToolCall = FunctionCallItem | CustomToolCallItem;

/** What the router needs from the thread. */
export interface RouterDeps {
  tools: ReadonlyMap<string, RegisteredTool>;
  hooks: HookBus;
  hookCommon: Omit<HookCommon, "hook_event_name">;
  /** Plugins' tool wrappers, in registration order. */
  wrappers?: readonly ToolWrapper[];
  /** Finds the tool for a call (default: by name). */
  resolve?: (call: ToolCall) => RegisteredTool | undefined;
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

function withContext(result: ToolResult, extra: string[]): ToolResult {
  if (extra.length === 0 || typeof result.output !== "string") return result;
  return { ...result, output: `${result.output}\n\n${extra.join("\n")}` };
}

/** The outermost wrapper: `tool_output_token_limit` truncation of text outputs. */
function truncation(limit: number | undefined): ToolWrapper {
  return {
    match: "*",
    owner: "kernel",
    wrap: async (call, next) => {
      const result = await next(call);
      if (limit === undefined || result.bounded || typeof result.output !== "string") return result;
      return { ...result, output: truncateForModel(result.output, limit).body };
    },
  };
}

/** PreToolUse (deny / ask / allow / rewrite / context) and PostToolUse (block / context) around the call. */
function hookWrapper(tool: RegisteredTool, deps: RouterDeps): ToolWrapper {
  const common = (call: ToolCallRequest, input: unknown) => ({
    ...deps.hookCommon,
    tool_name: tool.name,
    tool_input: input,
    tool_use_id: call.callId,
  });
  return {
    match: "*",
    owner: "kernel",
    wrap: async (call, next) => {
      const toolInput = tool.parseInput(call.raw);
      const pre = await deps.hooks.decide("PreToolUse", {
        ...common(call, toolInput),
        hook_event_name: "PreToolUse",
      }, tool.hookNames);
      if (pre.decision === "deny") {
        const reason = pre.reason ?? "no reason given";
        return {
          output: `The ${tool.name} call was blocked by a PreToolUse hook: ${reason}`,
          success: false,
        };
      }
      let ctx = call.ctx;
      if (pre.decision === "ask") {
        const answer = await ctx.approve({
          kind: "tool",
          tool_name: tool.name,
          summary: `${tool.name} ${call.raw}`.slice(0, 200),
          cwd: ctx.cwd,
          reason: pre.reason ?? "a PreToolUse hook asks for approval",
          details: toolInput,
        });
        if (!isApproved(answer)) {
          const why = answer.feedback ?? answer.reason;
          return { output: `The ${tool.name} call was not approved${why ? `: ${why}` : ""}`, success: false };
        }
      }
      if (pre.decision === "ask" || pre.decision === "allow") {
        const reason = pre.decision === "ask"
          ? "approved at the PreToolUse prompt"
          : "allowed by a PreToolUse hook";
        ctx = { ...ctx, approve: () => Promise.resolve({ decision: "approved", reason }) };
      }
      const input = pre.input.tool_input;
      const raw = input === toolInput ? call.raw : typeof input === "string" ? input : JSON.stringify(input);
      let result: ToolResult;
      try {
        result = await next({ ...call, raw, ctx });
      } catch (err) {
        result = { output: `tool ${tool.name} failed: ${describeError(err)}`, success: false };
      }
      if (result.success === false) {
        await deps.hooks.observe("PostToolUseFailure", {
          ...common(call, input),
          hook_event_name: "PostToolUseFailure",
          error: outputText(result.output),
        }, tool.hookNames);
        return withContext(result, pre.additionalContext);
      }
      const post = await deps.hooks.decide("PostToolUse", {
        ...common(call, input),
        hook_event_name: "PostToolUse",
        tool_response: outputText(result.output),
      }, tool.hookNames);
      if (post.decision === "deny") {
        const reason = post.reason ?? "no reason given";
        result = {
          output: `The ${tool.name} output was blocked by a PostToolUse hook: ${reason}`,
          success: false,
        };
      }
      return withContext(result, [...pre.additionalContext, ...post.additionalContext]);
    },
  };
}

/** Runs one call through the middleware chain and the tool; never throws; an aborted call still gets an output. */
export async function dispatchToolCall(call: ToolCall, deps: RouterDeps): Promise<ResponseItem> {
  const signal = deps.signal;
  if (!signal) return outputItem(call, await runChain(call, deps));
  if (signal.aborted) return outputFor(call, abortedText(0));
  const started = performance.now();
  let abortedAfter: number | undefined;
  const onAbort = () => abortedAfter = (performance.now() - started) / 1000;
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const result = await runChain(call, deps);
    if (abortedAfter === undefined || result.aborted) return outputItem(call, result);
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
    [
      truncation(deps.outputTokenLimit),
      hookWrapper(tool, deps),
      ...wrappersFor(deps.wrappers ?? [], tool.name),
    ],
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
