/**
 * The public plugin API that `mod.ts` re-exports (all of it but `z`, which `mod.ts` loads after the CLI's
 * quick answers): the kernel's plugin, hook, tool, middleware and model contracts, and what this CLI's host
 * adds to them (src/plugin_api/: its hook events, thread items, providers, sandbox, approvals, slash
 * commands), errors and the host's enumerated choices. Imports nothing heavy (no zod, no `node:` modules).
 * @module
 */
import type { Plugin as PluginOf, PluginContext as PluginContextOf } from "./kernel/plugin.ts";
import { definePlugin as defineKernelPlugin, type PluginDefinition } from "./plugin_api/define.ts";
import type {
  CommandContext as CommandContextOf,
  SlashCommand as SlashCommandOf,
} from "./plugin_api/commands.ts";
import type { SessionControl } from "./host/session_control.ts";

export { PLUGIN_API } from "./kernel/plugin.ts";
/** The kernel's generic forms (over the front end's session type), for hosts other than this CLI. */
export type { CommandContextOf, PluginContextOf, PluginOf, SlashCommandOf };
export type { ConfigEntry, SessionControl, SessionSummary } from "./host/session_control.ts";
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
export { pluginConfigKey } from "./plugin_api/config_key.ts";
export type { PluginContextExtensions } from "./kernel/plugin.ts";
export type { PluginDefinition } from "./plugin_api/define.ts";
export type { InstructionsContributor, InstructionsEnv } from "./plugin_api/commands.ts";
export type { HostConfig } from "./kernel/config.ts";
export type { ModelProviderInfo } from "./config/provider_info.ts";
export * from "./kernel/schema.ts";
import type { Schema } from "./kernel/schema.ts";
export * from "./kernel/tool.ts";
export * from "./plugin_api/tools.ts";
export * from "./kernel/tool_middleware.ts";
export * from "./kernel/hooks.ts";
export * from "./plugin_api/hooks.ts";
export * from "./kernel/model.ts";
export * from "./plugin_api/provider.ts";
export * from "./plugin_api/sandbox.ts";
export * from "./kernel/events.ts";
export * from "./plugin_api/items.ts";
export * from "./plugin_api/approval.ts";
export * from "./kernel/errors.ts";
export * from "./plugin_api/errors.ts";
export type { ItemHandle, ItemTracker } from "./kernel/items.ts";
export { type ByteSegments, truncateForModel, utf8SafeEnd } from "../lib/truncate.ts";
import "./plugin_api/context.ts";
import { APPROVAL_POLICIES, PERSONALITIES, REASONING_EFFORTS, SANDBOX_MODES } from "./config/choices.ts";

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
  approvalPolicies: APPROVAL_POLICIES,
  sandboxModes: SANDBOX_MODES,
  reasoningEfforts: REASONING_EFFORTS,
  personalities: PERSONALITIES,
};
export { defaultCodexHome, dirsFromRoot, findProjectRoot } from "./config/paths.ts";
