/**
 * Declaring a plugin with its own typed config table.
 * @module
 */
import type { HostConfig as Config } from "../kernel/config.ts";
import type { Plugin, PluginContext } from "../kernel/plugin.ts";
import type { Schema, SchemaOutput } from "../kernel/schema.ts";

/** A plugin declaration whose `setup` sees its own config table typed by its schema `Z`. */
export interface PluginDefinition<S, Z extends Schema> extends Omit<Plugin<S>, "setup" | "config"> {
  /** The schema of the plugin's own config table. */
  config?: Z;
  /** Registers what the plugin provides. */
  setup(ctx: PluginContext<S, Schema extends Z ? Config : SchemaOutput<Z>>): void | Promise<void>;
}

/** Declares a plugin (identity function that gives type checking). */
export function definePlugin<S = unknown, Z extends Schema = Schema>(
  plugin: PluginDefinition<S, Z>,
): Plugin<S> {
  return plugin as Plugin<S>;
}
