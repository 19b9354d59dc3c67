/**
 * Plugin-owned config tables: a plugin that declares a `config` zod schema owns the top-level table
 * `[<configKey>]` of config.toml. Each layer's table is validated against the plugin's schema with the
 * same source/key/expected/found errors as the host's keys; the plugin then gets the merged table.
 * @module
 */
import type { Plugin } from "../kernel/plugin.ts";
import { pluginConfigKey } from "../kernel/plugin.ts";
import type { ConfigLayer, UnknownKeys } from "./layers.ts";
import { isTable, mergeTables } from "./overrides.ts";
import { unknownKeysError, validateWith } from "./validate.ts";

/** Reads each plugin's own table from `layers` (lowest precedence first), validated by its schema. */
export function pluginTableReader(layers: readonly ConfigLayer[]): (plugin: Plugin) => unknown {
  return (plugin) => {
    const schema = plugin.config;
    if (!schema) return undefined;
    const key = pluginConfigKey(plugin);
    let merged: unknown = {};
    for (const layer of layers) {
      const value = layer.values[key];
      if (value === undefined) continue;
      validateWith(schema, value, layer.source, [key], true);
      merged = isTable(value) && isTable(merged) ? mergeTables(merged, value) : value;
    }
    return validateWith(schema, merged, "the merged configuration", [key]);
  };
}

/** Drops the unknown-key warnings config loading gave for the tables in `ownedKeys` (plugins own them). */
export function withoutOwnedTables(warnings: readonly string[], ownedKeys: readonly string[]): string[] {
  return warnings.filter((w) =>
    !ownedKeys.some((key) =>
      w.startsWith(`ignoring unknown config key \`${key}\``) ||
      w.startsWith(`ignoring unknown config key \`${key}.`)
    )
  );
}

function owned(key: string, ownedKeys: readonly string[]): boolean {
  return ownedKeys.some((k) => key === k || key.startsWith(`${k}.`));
}

/**
 * `--strict-config` once the plugins have declared their tables: throws the first source's unknown keys
 * that no plugin owns (`ownedKeys`), in the same words as an unknown key of the host's schema.
 */
export function rejectUnownedKeys(unknown: readonly UnknownKeys[], ownedKeys: readonly string[]): void {
  for (const { source, keys } of unknown) {
    const rest = keys.filter((k) => !owned(k, ownedKeys));
    if (rest.length > 0) throw unknownKeysError(source, rest);
  }
}
