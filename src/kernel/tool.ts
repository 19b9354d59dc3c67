/**
 * The tool contract as the router sees it: a registered tool is a wire spec and a type-erased invoker of
 * the model's raw input; it returns a `ToolResult` and runs with a `ToolContext`. How plugins declare
 * tools (zod definitions, `ctx.tool`) is the host's (src/plugin_api/tools.ts).
 * @module
 */
import type { ItemTracker } from "./items.ts";
import type { ContentPart, ToolSpec } from "./model.ts";
import type { HostConfig as Config } from "./config.ts";

/** What a tool returns to the model. A plain string is shorthand for `{ output, success: true }`. */
export interface ToolResult {
  /** What the model sees. */
  output: string | ContentPart[];
  /** False when the call failed; the output still goes back to the model. */
  success?: boolean;
  /** True when the tool already bounded its output (the host's truncation then leaves it as it is). */
  bounded?: boolean;
  /**
   * True when the tool stopped because the turn was aborted and `output` is its own account of that
   * (otherwise an aborted call's output is replaced with "aborted by user after Ns").
   */
  aborted?: boolean;
}

/**
 * What the host adds to every tool context (the sandbox, the approval policy, `approve`, the plugin's
 * session state: see src/plugin_api/context.ts), by declaration merging.
 */
// deno-lint-ignore no-empty-interface
export interface ToolContextExtensions {}

/** Everything a running tool may use. */
export interface ToolContext extends ToolContextExtensions {
  /** The model's call id. */
  callId: string;
  /** The thread id. */
  threadId: string;
  /** The turn id. */
  turnId: string;
  /** The turn's working directory (absolute). */
  cwd: string;
  /** Aborted when the turn is interrupted. */
  signal: AbortSignal;
  /** Emits thread items (command_execution, file_change, todo_list, …). */
  items: ItemTracker;
  /** The effective configuration. */
  config: Config;
  /** Reports a non-fatal problem to the user (an `error` item). */
  warn(message: string): void;
}

/** A tool after registration: its wire spec and a type-erased invoker that validates raw input. */
export interface RegisteredTool {
  /** The tool name the model calls. */
  name: string;
  /** The tool's name followed by the other names hook matchers may use for it. */
  hookNames: string[];
  /** The plugin that registered it. */
  owner: string;
  /** Function (JSON arguments) or custom (freeform input) tool. */
  kind: "function" | "custom";
  /** The wire spec sent to the model. */
  spec: ToolSpec;
  /** Whether calls may run in parallel. */
  parallel: boolean;
  /** Whether the tool is offered under `config`. */
  enabled(config: Config): boolean;
  /** Runs the tool on the model's raw `arguments` (function) or `input` (custom) text. */
  invoke(raw: string, ctx: ToolContext): Promise<ToolResult>;
  /** Parses raw input for hooks; returns the raw text when it is not valid JSON. */
  parseInput(raw: string): unknown;
}
