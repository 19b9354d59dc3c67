/**
 * The tool contract. A tool plugin declares its arguments with a zod schema (the single source of the
 * TypeScript type and of the JSON schema sent to the model) and an `execute` function.
 * @module
 */
import type { Schema, SchemaOutput } from "./schema.ts";
import type { ItemTracker } from "./items.ts";
import type { ContentPart, JsonSchema, ToolSpec } from "./model.ts";
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

/** State kept for the lifetime of a session, shared by the tools of one plugin (e.g. running processes). */
export interface ToolSessionState {
  /** Returns the value under `key`, creating it with `init` on first use. */
  get<T>(key: string, init: () => T): T;
  /** Registers cleanup to run when the session ends. */
  onDispose(fn: () => void | Promise<void>): void;
}

/**
 * What the host adds to every tool context (the sandbox, the approval policy, `approve`: see
 * src/plugin_api/context.ts), by declaration merging.
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
  /** Session-scoped state of the plugin that registered this tool. */
  session: ToolSessionState;
  /** Reports a non-fatal problem to the user (an `error` item). */
  warn(message: string): void;
}

/** What every tool definition declares. */
export interface ToolCommon {
  /** The tool name the model calls. */
  name: string;
  /** Other names hook matchers may use for this tool (e.g. `Bash` for the shell tool). */
  hookNames?: string[];
  /** What the tool does, for the model. */
  description: string;
  /** Whether calls may run concurrently with other parallel-safe calls of the same response. */
  parallel?: boolean;
  /** Whether the tool is offered under this config (default: always). */
  enabled?: (config: Config) => boolean;
}

/** A JSON function tool: the model sends `arguments` matching `parameters`. */
export interface FunctionToolDefinition<S extends Schema> extends ToolCommon {
  /** Function (JSON arguments) or custom (freeform input) tool. */
  kind?: "function";
  /** Zod schema of the arguments (also the JSON schema sent to the model). */
  parameters: S;
  /**
   * The JSON schema sent to the model, when it comes from elsewhere (e.g. an MCP server's `inputSchema`);
   * `parameters` then only validates (use a permissive schema such as `z.record(z.string(), z.unknown())`).
   */
  jsonSchema?: JsonSchema;
  /** Runs the tool. */
  execute(args: SchemaOutput<S>, ctx: ToolContext): Promise<ToolResult | string>;
}

/** A freeform (custom) tool: the model sends raw text, optionally constrained by a grammar. */
export interface CustomToolDefinition extends ToolCommon {
  /** Function (JSON arguments) or custom (freeform input) tool. */
  kind: "custom";
  /** Optional grammar the input must follow. */
  format?: { type: "grammar"; syntax: "lark" | "regex"; definition: string };
  /** Runs the tool. */
  execute(input: string, ctx: ToolContext): Promise<ToolResult | string>;
}

/** A tool after registration: its wire spec and a type-erased invoker that validates raw input. */
export interface RegisteredTool {
  /** The tool name the model calls. */
  name: string;
  /** The tool's name followed by the other names hook matchers may use for it. */
  hookNames: string[];
  /** The plugin that registered it; its tools share one `ToolSessionState`. */
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
