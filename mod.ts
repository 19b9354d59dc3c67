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
  type CommandContext as CommandContextOf,
  definePlugin as defineKernelPlugin,
  type Plugin as PluginOf,
  type PluginContext as PluginContextOf,
  type PluginDefinition,
  type SlashCommand as SlashCommandOf,
} from "./src/kernel/plugin.ts";
import type { SessionControl } from "./src/host/session_control.ts";
import { z as zod } from "zod";

export { PLUGIN_API } from "./src/kernel/plugin.ts";
/** The kernel's generic forms (over the front end's session type), for hosts other than this CLI. */
export type { CommandContextOf, PluginContextOf, PluginOf, SlashCommandOf };
export type { ConfigEntry, SessionControl, SessionSummary } from "./src/host/session_control.ts";
/** A plugin; its slash commands see the interactive session as `SessionControl`. */
export type Plugin = PluginOf<SessionControl>;
/** What a plugin's `setup` may register. */
export type PluginContext = PluginContextOf<SessionControl>;
/** Context handed to a slash command: the interactive session is `session`. */
export type CommandContext = CommandContextOf<SessionControl>;
/** A slash command (`/name args`), registered with `ctx.command`. */
export type SlashCommand = SlashCommandOf<SessionControl>;
/**
 * Declares a plugin (identity function that gives type checking). With a `config` zod schema, `setup`'s
 * `ctx.config` is the plugin's own config table, typed by that schema.
 */
export function definePlugin<Z extends Schema = Schema>(
  plugin: PluginDefinition<SessionControl, Z>,
): Plugin {
  return defineKernelPlugin(plugin);
}
export { pluginConfigKey } from "./src/kernel/plugin.ts";
export type {
  InstructionsContributor,
  InstructionsEnv,
  PluginDefinition,
  ToolCallResolver,
} from "./src/kernel/plugin.ts";
export type { HostConfig } from "./src/kernel/config.ts";
export type { ModelProviderInfo } from "./src/config/provider_info.ts";
export * from "./src/kernel/schema.ts";
import type { Schema } from "./src/kernel/schema.ts";
export * from "./src/kernel/tool.ts";
export * from "./src/kernel/tool_middleware.ts";
export * from "./src/kernel/hooks.ts";
export * from "./src/kernel/model.ts";
export * from "./src/kernel/sandbox.ts";
export * from "./src/kernel/events.ts";
export * from "./src/kernel/approval.ts";
export * from "./src/kernel/errors.ts";
export type { ItemHandle, ItemTracker } from "./src/kernel/items.ts";
export { type ByteSegments, truncateForModel, utf8SafeEnd } from "./src/kernel/truncate.ts";
import { ApprovalPolicySchema, ConfigSchema, SandboxModeSchema } from "./src/config/schema.ts";
import { PersonalitySchema } from "./src/config/personality.ts";

/** The values the host accepts for its enumerated settings (for commands that switch or complete them). */
export interface HostChoices {
  /** `approval_policy` values. */
  readonly approvalPolicies: readonly string[];
  /** `sandbox_mode` values. */
  readonly sandboxModes: readonly string[];
  /** `model_reasoning_effort` values. */
  readonly reasoningEfforts: readonly string[];
  /** `personality` values. */
  readonly personalities: readonly string[];
}

/** The values the host accepts for its enumerated settings, from its config schema. */
export const HOST_CHOICES: HostChoices = {
  approvalPolicies: ApprovalPolicySchema.options,
  sandboxModes: SandboxModeSchema.options,
  reasoningEfforts: ConfigSchema.shape.model_reasoning_effort.unwrap().options,
  personalities: PersonalitySchema.options,
};
export { defaultCodexHome, dirsFromRoot, findProjectRoot } from "./src/config/layers.ts";
/** The zod this CLI uses: tool parameters and plugin config tables are its schemas. */
export const z: typeof zod = zod;

if (import.meta.main) {
  // No top-level await: plugins loaded at run time import this module for its API, so its evaluation
  // must finish while the CLI runs.
  import("./src/cli/entry.ts").then(({ main }) => main(Deno.args));
}
