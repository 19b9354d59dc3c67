/**
 * How plugins declare tools (`ctx.tool`): arguments as a zod schema (the single source of the TypeScript
 * type and of the JSON schema sent to the model) and an `execute` function; and the session state the
 * tools of one plugin share.
 * @module
 */
import type { Schema, SchemaOutput } from "../kernel/schema.ts";
import type { HostConfig as Config } from "../kernel/config.ts";
import type { JsonSchema } from "../kernel/model.ts";
import type { ToolContext, ToolResult } from "../kernel/tool.ts";

/** State kept for the lifetime of a session, shared by the tools of one plugin (e.g. running processes). */
export interface ToolSessionState {
  /** Returns the value under `key`, creating it with `init` on first use. */
  get<T>(key: string, init: () => T): T;
  /** Registers cleanup to run when the session ends. */
  onDispose(fn: () => void | Promise<void>): void;
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

/** Maps a call's `namespace` and `name` to a registered tool name (see `PluginContext.resolveToolCall`). */
export type ToolCallResolver = (call: { namespace: string; name: string }) => string | undefined;
