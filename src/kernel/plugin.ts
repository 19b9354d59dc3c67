/**
 * The plugin contract. Built-in plugins and organizations' plugins use exactly this API.
 * @module
 */
import type { Schema } from "./schema.ts";
import type { HostConfig as Config } from "./config.ts";
import type { HookEvent, HookEventAliases, HookHandler, HookOptions } from "./hooks.ts";
import type { ToolMiddleware } from "./tool_middleware.ts";

/** The plugin API major version this kernel implements. */
export const PLUGIN_API = 1;

/**
 * Registration methods the host adds to every plugin's context (tools, slash commands, providers,
 * sandbox backends, instructions, shared contributions: see src/plugin_api/context.ts), by declaration
 * merging. `S` is the front end's session that slash commands get.
 */
// deno-lint-ignore no-empty-interface
export interface PluginContextExtensions<S> {}

/**
 * What `setup` may register. `S` is the front end's session slash commands get (see `CommandContext`);
 * `C` is the plugin's own config table (the host config for a plugin without a `config` schema).
 */
export interface PluginContext<S = unknown, C = Config> extends PluginContextExtensions<S> {
  /**
   * The plugin's configuration (read-only): its own table, parsed by its `config` schema, when the plugin
   * declares one; otherwise the effective host configuration.
   */
  readonly config: C;
  /** The effective host configuration (read-only). */
  readonly hostConfig: Config;
  /**
   * Wraps calls of the tools `match` selects (exact names separated by `|`, `*`, or a RegExp). Wrappers run
   * in registration order inside the host's hook and truncation wrappers; each may answer without
   * calling `next`, or call it once (a second call is an error).
   */
  wrapTool(match: string | RegExp, middleware: ToolMiddleware): void;
  /** Adds a hook handler. `event` may be an alias (Codex's `AfterAgent`, `AfterToolUse`). */
  on<E extends HookEvent>(
    event: E | keyof HookEventAliases,
    handler: HookHandler<E>,
    options?: HookOptions,
  ): void;
  /** Reports a non-fatal setup problem; sessions show it as an `error` item (like config warnings). */
  warn(message: string): void;
}

/** A plugin. `S` as in `PluginContext`. */
export interface Plugin<S = unknown> {
  /** Unique name. */
  name: string;
  /** The plugin's version, shown by `codex plugins list`. */
  version?: string;
  /** The plugin API major it was written for; must equal `PLUGIN_API`. */
  api: number;
  /** `pre` plugins set up before normal ones, `post` after. */
  enforce?: "pre" | "post";
  /** Names of plugins that must be loaded first. */
  requires?: string[];
  /**
   * The schema of the plugin's own config table (`[<configKey>]` in config.toml), merged into the host
   * schema: its values are validated with the same file/key/expected/found errors, and `ctx.config` is
   * the parsed table.
   */
  config?: Schema;
  /** The config table's key (default: the name with `-` replaced by `_`). */
  configKey?: string;
  /** Registers what the plugin provides. */
  setup(ctx: PluginContext<S, unknown>): void | Promise<void>;
}
