/**
 * Tool middleware: every tool call passes through a chain of wrappers, composed like Hono's `compose`.
 * A wrapper gets the call and `next`; it may change the call before passing it on, change the result,
 * or answer without calling `next` at all. Calling `next` twice is an error.
 * @module
 */
import { describeError } from "./errors.ts";
import { matchesTool } from "./hooks.ts";
import type { ToolContext, ToolResult } from "./tool.ts";

/** One tool call as wrappers see it. */
export interface ToolCallRequest {
  /** The registered name of the tool being called. */
  readonly tool: string;
  /** The model's call id. */
  readonly callId: string;
  /** The raw arguments (function tools: JSON text) or input (custom tools). */
  readonly raw: string;
  /** The context the tool will run with (a wrapper may pass a changed copy to `next`). */
  readonly ctx: ToolContext;
}

/** Runs the rest of the chain; with an argument, runs it on a changed call. */
export type ToolNext = (call?: ToolCallRequest) => Promise<ToolResult>;

/** A tool wrapper (`ctx.wrapTool`). */
export type ToolMiddleware = (call: ToolCallRequest, next: ToolNext) => Promise<ToolResult>;

/** A registered wrapper: which tools it applies to and who registered it. */
export interface ToolWrapper {
  /** Tool-name matcher: exact names separated by `|`, `*`, or a RegExp. */
  match: string | RegExp;
  /** The plugin that registered it (named in errors). */
  owner: string;
  /** The middleware. */
  wrap: ToolMiddleware;
}

/** The wrappers of `wrappers` that apply to `tool`, in order. */
export function wrappersFor(wrappers: readonly ToolWrapper[], tool: string): ToolWrapper[] {
  return wrappers.filter((w) => matchesTool(w.match, tool));
}

/**
 * Composes `wrappers` (outermost first) around `innermost`. A wrapper that throws, or calls `next` more
 * than once, fails the call with a message naming the wrapper's plugin.
 */
export function composeTool(
  wrappers: readonly ToolWrapper[],
  innermost: (call: ToolCallRequest) => Promise<ToolResult>,
): (call: ToolCallRequest) => Promise<ToolResult> {
  return (first) => {
    let index = -1;
    const dispatch = async (i: number, call: ToolCallRequest): Promise<ToolResult> => {
      if (i <= index) {
        const owner = wrappers[i - 1]?.owner ?? "?";
        throw new ToolWrapperError(
          `tool wrapper of plugin '${owner}' called next() more than once for ${call.tool}`,
        );
      }
      index = i;
      const wrapper = wrappers[i];
      if (!wrapper) return await innermost(call);
      try {
        return await wrapper.wrap(call, (changed) => dispatch(i + 1, changed ?? call));
      } catch (err) {
        if (err instanceof ToolWrapperError) throw err;
        throw new ToolWrapperError(`tool wrapper of plugin '${wrapper.owner}' failed: ${describeError(err)}`);
      }
    };
    return dispatch(0, first);
  };
}

/** A failure inside the wrapper chain, already naming the plugin. */
export class ToolWrapperError extends Error {
  /** The error name. */
  override name = "ToolWrapperError";
}
