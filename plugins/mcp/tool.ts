/**
 * One MCP tool as a function tool: the server's `inputSchema` goes to the model, each call is shown as
 * an `mcp_tool_call` item and answered with content parts.
 * @module
 */
import { z } from "zod";
import {
  type FunctionToolDefinition,
  isApproved,
  type JsonSchema,
  type McpToolCallItem,
  type ToolContext,
} from "../../mod.ts";
import type { McpConnection } from "./connection.ts";
import { contentParts, itemResult, wallTimePart } from "./output.ts";
import type { Tool } from "./sdk.ts";
import { approvalMode } from "./server_config.ts";
import { elicitThroughApprover } from "./elicitation.ts";

/** Arguments are validated by the server; locally any JSON object passes. */
const Arguments = z.record(z.string(), z.unknown());

/** The JSON schema sent for a tool: its `inputSchema`, with `properties` present as the API expects. */
export function toolJsonSchema(tool: Tool): JsonSchema {
  const schema: JsonSchema = { ...tool.inputSchema };
  if (schema.properties === undefined) schema.properties = {};
  return schema;
}

/**
 * Whether a call needs a person's approval judging by the tool's annotations, as Codex 0.171 decides:
 * a destructive tool always does, a read-only one never; otherwise it does unless the server says the
 * tool is neither destructive nor open-world (a missing hint counts as `true`).
 */
export function annotationsNeedApproval(annotations: Tool["annotations"]): boolean {
  if (annotations?.destructiveHint === true) return true;
  if (annotations?.readOnlyHint === true) return false;
  return (annotations?.destructiveHint ?? true) || (annotations?.openWorldHint ?? true);
}

/** Whether a call of `tool` needs approval: `approve` never, `prompt` always, `auto` by annotations. */
export function needsApproval(connection: McpConnection, tool: Tool): boolean {
  const mode = approvalMode(connection.spec, tool.name);
  if (mode === "approve") return false;
  if (mode === "prompt") return true;
  return annotationsNeedApproval(tool.annotations);
}

/** Asks for approval when the call needs it; returns why the call may not run, if it may not. */
async function approve(
  connection: McpConnection,
  tool: Tool,
  name: string,
  args: Record<string, unknown>,
  ctx: ToolContext,
): Promise<string | undefined> {
  if (!needsApproval(connection, tool)) return undefined;
  if (ctx.approvalPolicy === "never") {
    return "MCP tool call requires approval, but approval policy is never";
  }
  const answer = await ctx.approve({
    kind: "mcp_tool_call",
    tool_name: name,
    summary: `${connection.spec.name}.${tool.name}(${JSON.stringify(args)})`,
    cwd: ctx.cwd,
    cacheKey: name,
    details: args,
  });
  if (isApproved(answer)) return undefined;
  const feedback = answer.feedback?.trim();
  return feedback
    ? `MCP tool call rejected by user. Feedback from the user: ${feedback}`
    : "MCP tool call rejected by user";
}

/** Wraps `tool` of `connection` under the model-visible `name`. */
export function mcpTool(
  connection: McpConnection,
  tool: Tool,
  name: string,
): FunctionToolDefinition<typeof Arguments> {
  const server = connection.spec.name;
  return {
    name,
    description: tool.description ?? tool.title ?? `Tool '${tool.name}' of MCP server '${server}'.`,
    parameters: Arguments,
    jsonSchema: toolJsonSchema(tool),
    parallel: connection.spec.parallel,
    async execute(args, ctx) {
      const item = ctx.items.start<Omit<McpToolCallItem, "id">>({
        type: "mcp_tool_call",
        server,
        tool: tool.name,
        arguments: args,
        result: null,
        error: null,
        status: "in_progress",
      });
      const started = performance.now();
      const refusal = await approve(connection, tool, name, args, ctx);
      if (refusal !== undefined) {
        item.complete({ error: { message: refusal }, status: "failed" });
        return { output: refusal, success: false };
      }
      try {
        const result = await connection.call(tool.name, args, {
          signal: ctx.signal,
          onProgress: (progress) => item.update({ progress }),
          onElicit: elicitThroughApprover(server, tool.name, ctx),
        });
        const failed = result.isError === true;
        item.complete({
          result: itemResult(result),
          status: failed ? "failed" : "completed",
          progress: undefined,
        });
        return {
          output: [wallTimePart(performance.now() - started), ...contentParts(result)],
          success: !failed,
        };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        item.complete({ error: { message }, status: "failed", progress: undefined });
        return {
          output: [wallTimePart(performance.now() - started), { type: "input_text", text: message }],
          success: false,
        };
      }
    },
  };
}
