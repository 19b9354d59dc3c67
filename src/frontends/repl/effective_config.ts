/**
 * Effective config values with the layer each came from, for `/config`.
 * @module
 */
import type { Config } from "../../config/schema.ts";
import type { ConfigLayer } from "../../config/layers.ts";
import { isTable, type Table } from "../../config/overrides.ts";
import type { ConfigEntry } from "../../host/mod.ts";

function flatten(table: Table, prefix: string[] = [], out: [string, unknown][] = []): [string, unknown][] {
  for (const [k, v] of Object.entries(table)) {
    if (isTable(v) && Object.keys(v).length > 0) flatten(v, [...prefix, k], out);
    else out.push([[...prefix, k].join("."), v]);
  }
  return out;
}

/** Every set key (dotted), its value, and the highest layer defining it; key defaults marked `default`. */
export function effectiveConfig(layers: readonly ConfigLayer[], config: Config): ConfigEntry[] {
  const source = new Map<string, string>();
  for (const layer of layers) for (const [key] of flatten(layer.values)) source.set(key, layer.source);
  const entries = flatten(config as Table).map(([key, value]) => ({
    key,
    value,
    source: source.get(key) ?? "default",
  }));
  const defaults: [string, unknown][] = [
    ["model_provider", "openai"],
    ["approval_policy", "on-request"],
    ["sandbox_mode", "read-only"],
  ];
  for (const [key, value] of defaults) {
    if (!entries.some((e) => e.key === key)) entries.push({ key, value, source: "default" });
  }
  return entries.sort((a, b) => a.key.localeCompare(b.key));
}
