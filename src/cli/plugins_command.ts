/**
 * `codex plugins list`: every loaded plugin, its version and where it came from (built-in, compiled-in,
 * or the file named in `plugins_ts`), plus what it registered, then the plugin bundles loaded (Codex's
 * `codex plugin list` shows what the marketplaces offer).
 * @module
 */
import type { Plugin } from "../kernel/plugin.ts";
import { bundleStore, type CommonOptions, openHost } from "../host/mod.ts";

/** Prints the plugin table. Returns the exit code. */
export async function listPlugins(
  common: CommonOptions,
  compiledIn: Plugin[],
  json: boolean,
): Promise<number> {
  const { registry, bundles } = await openHost({ frontEnd: "plugins", flags: common, plugins: compiledIn });
  if (json) {
    console.log(JSON.stringify(registry.plugins, null, 2));
    return 0;
  }
  const rows = registry.plugins.map((p) => [p.name, p.version ?? "-", p.source]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length), i === 0 ? 4 : 7));
  console.log(`${"NAME".padEnd(widths[0])}  ${"VERSION".padEnd(widths[1])}  SOURCE`);
  for (const r of rows) console.log(`${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`);
  console.log("");
  for (const line of bundleStore.formatBundles(bundles)) console.log(line);
  return 0;
}
