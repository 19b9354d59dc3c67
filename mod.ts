/**
 * Entry point and public plugin API.
 *
 * Run the CLI: `deno run -A mod.ts exec "hello"`. Write a plugin:
 * ```ts
 * import { z } from "npm:zod@4.6.7"; // the same zod this CLI uses (tool parameters are zod schemas)
 * import { definePlugin } from "./mod.ts";
 * export default definePlugin({ name: "acme", api: 1, setup(ctx) { ctx.tool({ ... }); } });
 * ```
 * @module
 */
import {
  type CommandContext as KernelCommandContext,
  definePlugin as defineKernelPlugin,
  type Plugin as KernelPlugin,
  type PluginContext as KernelPluginContext,
  type SlashCommand as KernelSlashCommand,
} from "./src/kernel/plugin.ts";
import type { SessionControl } from "./src/host/session_control.ts";

export { PLUGIN_API } from "./src/kernel/plugin.ts";
export type { ConfigEntry, SessionControl, SessionSummary } from "./src/host/session_control.ts";
/** A plugin; its slash commands see the interactive session as `SessionControl`. */
export type Plugin = KernelPlugin<SessionControl>;
/** What a plugin's `setup` may register. */
export type PluginContext = KernelPluginContext<SessionControl>;
/** Context handed to a slash command: the interactive session is `session`. */
export type CommandContext = KernelCommandContext<SessionControl>;
/** A slash command (`/name args`), registered with `ctx.command`. */
export type SlashCommand = KernelSlashCommand<SessionControl>;
/** Declares a plugin (identity function that gives type checking). */
export const definePlugin: (plugin: Plugin) => Plugin = defineKernelPlugin;
export type {
  CustomToolDefinition,
  FunctionToolDefinition,
  ToolContext,
  ToolResult,
} from "./src/kernel/tool.ts";
export type {
  HookDecision,
  HookEvent,
  HookHandler,
  HookInput,
  HookInputs,
  HookOptions,
  HookOutput,
} from "./src/kernel/hooks.ts";
export type {
  ContentPart,
  ModelClient,
  ModelEvent,
  ModelProviderInfo,
  ModelRequest,
  ProviderCreateOptions,
  ProviderRegistration,
  ResponseItem,
  ToolSpec,
} from "./src/kernel/model.ts";
export type { SandboxBackend, SandboxPolicy, SpawnSpec } from "./src/kernel/sandbox.ts";
export type { ThreadEvent, ThreadItem, Usage } from "./src/kernel/events.ts";
export { CodexError, ConfigError, ModelError } from "./src/kernel/errors.ts";

if (import.meta.main) {
  // No top-level await: plugins loaded at run time import this module for its API, so its evaluation
  // must finish while the CLI runs.
  import("./src/cli/entry.ts").then(({ main }) => main(Deno.args));
}
