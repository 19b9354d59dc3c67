/**
 * The host's tool wrappers, outermost in every call's chain: `tool_output_token_limit` truncation, then
 * the PreToolUse / PostToolUse / PostToolUseFailure hooks.
 * @module
 */
import { describeError } from "../kernel/errors.ts";
import type { ContentPart } from "../kernel/model.ts";
import type { Registry } from "../kernel/registry.ts";
import type { ToolResult } from "../kernel/tool.ts";
import type { ToolCallRequest, ToolWrapper } from "../kernel/tool_middleware.ts";
import { truncateForModel } from "../../lib/truncate.ts";
import { isApproved } from "../plugin_api/approval.ts";
import "../plugin_api/context.ts";
import type { HookCommon } from "../plugin_api/hooks.ts";

/** Tool outputs above this many tokens are truncated unless `tool_output_token_limit` says otherwise. */
export const DEFAULT_TOOL_OUTPUT_TOKEN_LIMIT = 10_000;

function outputText(output: string | ContentPart[]): string {
  if (typeof output === "string") return output;
  return output.map((p) => ("text" in p ? p.text : "")).join("\n");
}

function withContext(result: ToolResult, extra: string[]): ToolResult {
  if (extra.length === 0 || typeof result.output !== "string") return result;
  return { ...result, output: `${result.output}\n\n${extra.join("\n")}` };
}

/** The outermost wrapper: `tool_output_token_limit` truncation of text outputs. */
export function truncation(limit: number | undefined): ToolWrapper {
  return {
    match: "*",
    owner: "host",
    wrap: async (call, next) => {
      const result = await next(call);
      if (limit === undefined || result.bounded || typeof result.output !== "string") return result;
      return { ...result, output: truncateForModel(result.output, limit).body };
    },
  };
}

/**
 * PreToolUse (deny / ask / allow / rewrite / context) and PostToolUse (block / context) around each call;
 * `hookCommon` gives the thread's common hook fields for a turn.
 */
export function toolHooks(
  registry: Registry,
  hookCommon: (turnId: string) => Omit<HookCommon, "hook_event_name">,
): ToolWrapper {
  const hooks = registry.hooks;
  return {
    match: "*",
    owner: "host",
    wrap: async (call, next) => {
      const tool = registry.tools.get(call.tool);
      if (!tool) return await next();
      const common = (call: ToolCallRequest, input: unknown) => ({
        ...hookCommon(call.ctx.turnId),
        tool_name: tool.name,
        tool_input: input,
        tool_use_id: call.callId,
      });
      const toolInput = tool.parseInput(call.raw);
      const pre = await hooks.decide("PreToolUse", {
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
        await hooks.observe("PostToolUseFailure", {
          ...common(call, input),
          hook_event_name: "PostToolUseFailure",
          error: outputText(result.output),
        }, tool.hookNames);
        return withContext(result, pre.additionalContext);
      }
      const post = await hooks.decide("PostToolUse", {
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
