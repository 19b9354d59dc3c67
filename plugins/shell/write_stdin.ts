/**
 * The `write_stdin` tool: sends characters to a process kept by `exec_command` and returns the output
 * produced since the last read; an empty `chars` just polls.
 * @module
 */
import { z } from "zod";
import type { FunctionToolDefinition, ToolContext, ToolResult } from "../../mod.ts";
import { maxOutputTokens, writeYieldMs } from "./limits.ts";
import { respond } from "./respond.ts";
import { processStore } from "./sessions.ts";

/** Arguments of `write_stdin`. */
export const WriteStdinParams = z.object({
  session_id: z.number().describe("Identifier of the running unified exec session."),
  chars: z.string().optional().describe(
    "Bytes to write to stdin (may be empty to poll). With pipes, \\u0003 sends SIGINT and \\u0004 closes stdin.",
  ),
  yield_time_ms: z.number().optional().describe(
    "How long to wait (in milliseconds) for output before yielding. Writes: default 250, max 30000. " +
      "Empty polls: 5000-300000; returns early when the process exits.",
  ),
  max_output_tokens: z.number().optional().describe(
    "Maximum number of tokens to return. Excess output will be truncated.",
  ),
}).meta({ additionalProperties: false });

/** Parsed `write_stdin` arguments. */
export type WriteStdinArgs = z.output<typeof WriteStdinParams>;

async function run(args: WriteStdinArgs, ctx: ToolContext): Promise<ToolResult> {
  const startedAt = performance.now();
  const store = processStore(ctx.session);
  const tp = store.get(args.session_id);
  if (!tp) {
    return { output: `write_stdin failed: Unknown session ID ${args.session_id}`, success: false };
  }
  const chars = args.chars ?? "";
  if (chars !== "") await tp.proc.send(chars);
  const waitMs = writeYieldMs(args.yield_time_ms, chars === "", ctx.config.background_terminal_max_timeout);
  return await respond(tp, {
    ctx,
    store,
    waitMs,
    maxOutputTokens: maxOutputTokens(args.max_output_tokens, ctx.config.tool_output_token_limit),
    startedAt,
  });
}

/** The `write_stdin` tool definition. */
export function writeStdinTool(): FunctionToolDefinition<typeof WriteStdinParams> {
  return {
    name: "write_stdin",
    description: "Writes characters to an existing unified exec session and returns recent output.",
    parameters: WriteStdinParams,
    parallel: true,
    execute: run,
  };
}
