/**
 * Session setup stage 2: the plugin registry. Built-in plugins (all of them for an agent session, only
 * the sandbox backends for `doctor`/`sandbox`), then compiled-in ones, then `plugins_ts` files (which
 * requirements.toml may restrict), each recorded with where it came from.
 * @module
 */
import { type Config, disabledPlugins } from "../config/mod.ts";
import type { ConfigLayer } from "../config/layers.ts";
import { pluginTableReader } from "../config/plugin_tables.ts";
import type { Requirements } from "../config/requirements.ts";
import type { Plugin } from "../kernel/plugin.ts";
import { HostRegistry } from "./registry.ts";
import { loadRuntimePlugins } from "./plugin_loader.ts";

/** Inputs of `loadRegistry`. */
export interface RegistryInputs {
  /** Plugins compiled into this binary (and tests' extra plugins). */
  compiledIn?: readonly Plugin[];
  /** Plugins the host makes for this session (e.g. the plugin bundles' one), set up after the built-ins. */
  hostMade?: readonly Plugin[];
  /** requirements.toml, which may restrict `plugins_ts`. */
  requirements?: Requirements;
  /** Which built-ins: every one (`all`, the default), only the sandbox backends, or none. */
  builtins?: "all" | "sandbox" | "none";
  /** The config layers, from which plugins with a `config` schema read (and validate) their own table. */
  layers?: readonly ConfigLayer[];
}

/** Sets up the built-in, compiled-in and `plugins_ts` plugins, recording where each came from. */
export async function loadRegistry(config: Config, inputs: RegistryInputs = {}): Promise<HostRegistry> {
  const builtins = inputs.builtins === "none"
    ? []
    : inputs.builtins === "sandbox"
    ? (await import("../../sandbox/mod.ts")).SANDBOX_PLUGINS
    : (await import("../../plugins/mod.ts")).BUILTIN_PLUGINS;
  const off = disabledPlugins(config.features);
  const requirements = inputs.requirements;
  const runtime = await loadRuntimePlugins(config, requirements?.allowed_plugins_ts, requirements?.source);
  const compiledIn = inputs.compiledIn ?? [];
  const hostMade = inputs.hostMade ?? [];
  const sources = new Map(runtime.sources);
  for (const p of hostMade) sources.set(p, "host");
  for (const p of compiledIn) sources.set(p, "compiled-in");
  const enabled = builtins.filter((p) => !off.has(p.name));
  const pluginConfig = inputs.layers ? pluginTableReader(inputs.layers) : undefined;
  const registry = new HostRegistry({ pluginConfig });
  await registry.load([...enabled, ...hostMade, ...compiledIn, ...runtime.plugins], config, sources);
  return registry;
}
