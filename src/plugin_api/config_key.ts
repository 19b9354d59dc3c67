/**
 * Where a plugin's own config table lives in config.toml.
 * @module
 */
import type { Plugin } from "../kernel/plugin.ts";

/** The config table key of `plugin` (`configKey`, default: the name with `-` replaced by `_`). */
export function pluginConfigKey(plugin: Pick<Plugin, "name" | "configKey">): string {
  return plugin.configKey ?? plugin.name.replaceAll("-", "_");
}
