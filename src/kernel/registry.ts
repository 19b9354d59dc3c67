/**
 * The plugin registry: runs each plugin's `setup` in order (enforce pre, normal, post; `requires`
 * honoured) and holds what they registered. The host subclasses it to add its own registrations
 * (`PluginContextExtensions`) and to name its hook events.
 * @module
 */
import type { HostConfig as Config } from "./config.ts";
import { CodexError, describeError, PluginError } from "./errors.ts";
import { HookBus, type HookEvent, type HookHandler } from "./hooks.ts";
import { type Plugin, PLUGIN_API, type PluginContext, type PluginContextExtensions } from "./plugin.ts";
import type { RegisteredTool } from "./tool.ts";
import type { ToolWrapper } from "./tool_middleware.ts";

/** Where a loaded plugin came from (shown by `codex plugins list`). */
export interface LoadedPlugin {
  name: string;
  version?: string;
  source: string;
}

/** Holds everything plugins registered. */
export abstract class Registry {
  /** Tools offered to the model, by name (the host's `ctx.tool` adds them). */
  readonly tools = new Map<string, RegisteredTool>();
  readonly hooks = new HookBus();
  /** Tool wrappers plugins registered (`ctx.wrapTool`), in registration order. */
  readonly toolWrappers: ToolWrapper[] = [];
  readonly plugins: LoadedPlugin[] = [];
  /** Non-fatal problems plugins reported during setup (`ctx.warn`). */
  readonly warnings: string[] = [];

  /**
   * Sets up `plugins` in order. `sources` maps plugins to where they came from. A plugin with a `config`
   * schema gets its own table, which the host reads (`pluginConfig`).
   */
  async load(plugins: Plugin[], config: Config, sources: Map<Plugin, string> = new Map()): Promise<void> {
    const rank = (p: Plugin) => (p.enforce === "pre" ? 0 : p.enforce === "post" ? 2 : 1);
    const ordered = [...plugins].sort((a, b) => rank(a) - rank(b));
    const names = new Set(ordered.map((p) => p.name));
    for (const plugin of ordered) {
      const source = sources.get(plugin) ?? "built-in";
      if (Math.trunc(plugin.api) !== PLUGIN_API) {
        throw new PluginError(
          `plugin '${plugin.name}' (${source}) was written for plugin API ${plugin.api}; this CLI implements API ${PLUGIN_API}`,
        );
      }
      for (const need of plugin.requires ?? []) {
        if (!names.has(need)) {
          throw new PluginError(`plugin '${plugin.name}' requires plugin '${need}', which is not loaded`);
        }
        if (!this.plugins.some((p) => p.name === need)) {
          throw new PluginError(
            `plugin '${plugin.name}' requires '${need}' to be set up first; order it earlier`,
          );
        }
      }
      const own = plugin.config ? this.pluginConfig(plugin, config) : config;
      try {
        await plugin.setup(this.#context(plugin, config, own));
      } catch (err) {
        if (err instanceof CodexError) throw err;
        throw new PluginError(`plugin '${plugin.name}' (${source}) failed in setup: ${describeError(err)}`);
      }
      this.plugins.push({ name: plugin.name, version: plugin.version, source });
    }
  }

  /** The own config table of a plugin that declares a `config` schema (validated; throws when invalid). */
  protected abstract pluginConfig(plugin: Plugin, config: Config): unknown;

  /** The host's registration methods for plugin `owner` (see `PluginContextExtensions`). */
  protected abstract extensions(owner: string): PluginContextExtensions<unknown>;

  /** The canonical name of hook event `name` (which may be an alias); undefined when unknown. */
  protected abstract hookEvent(name: string): HookEvent | undefined;

  #context(plugin: Plugin, config: Config, own: unknown): PluginContext<unknown, unknown> {
    const owner = plugin.name;
    return {
      ...this.extensions(owner),
      config: own,
      hostConfig: config,
      wrapTool: (match, wrap) => {
        this.toolWrappers.push({ match, owner, wrap });
      },
      on: (event, handler, options) => {
        const canonical = this.hookEvent(event);
        if (!canonical) {
          throw new PluginError(`plugin '${owner}' subscribes to unknown hook event '${event}'`);
        }
        this.hooks.on(canonical, handler as unknown as HookHandler<HookEvent>, options, owner);
      },
      warn: (message) => {
        this.warnings.push(message);
      },
    };
  }

  /** The tool a call names (the host may also resolve namespaced calls). */
  resolveTool(call: { namespace?: string; name: string }): RegisteredTool | undefined {
    return this.tools.get(call.name);
  }
}
