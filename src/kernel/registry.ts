/**
 * The plugin registry: runs each plugin's `setup` in order (enforce pre, normal, post; `requires`
 * honoured) and holds what they registered. The host subclasses it to add its own registrations
 * (`PluginContextExtensions`) and to name its hook events.
 * @module
 */
import type { z } from "zod";
import type { SchemaOutput } from "./schema.ts";
import { toolParametersSchema } from "./json_schema.ts";
import type { HostConfig as Config } from "./config.ts";
import { CodexError, describeError, PluginError } from "./errors.ts";
import { HookBus, type HookEvent, type HookHandler } from "./hooks.ts";
import {
  type Plugin,
  PLUGIN_API,
  pluginConfigKey,
  type PluginContext,
  type PluginContextExtensions,
  type ToolCallResolver,
} from "./plugin.ts";
import type { CustomToolDefinition, FunctionToolDefinition, RegisteredTool, ToolResult } from "./tool.ts";
import type { ToolWrapper } from "./tool_middleware.ts";

/** Where a loaded plugin came from (shown by `codex plugins list`). */
export interface LoadedPlugin {
  name: string;
  version?: string;
  source: string;
}

function normalizeResult(result: ToolResult | string): ToolResult {
  return typeof result === "string" ? { output: result, success: true } : result;
}

function zodIssuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`).join("; ");
}

/** Wraps a tool definition into its wire spec and a validating invoker. */
export function registerTool<S extends z.ZodType>(
  def: FunctionToolDefinition<S> | CustomToolDefinition,
  owner: string = def.name,
): RegisteredTool {
  const enabled = def.enabled ?? (() => true);
  const parallel = def.parallel ?? false;
  if (def.kind === "custom") {
    return {
      name: def.name,
      hookNames: [def.name, ...(def.hookNames ?? [])],
      owner,
      kind: "custom",
      spec: {
        type: "custom",
        name: def.name,
        description: def.description,
        ...(def.format ? { format: def.format } : {}),
      },
      parallel,
      enabled,
      parseInput: (raw) => raw,
      invoke: async (raw, ctx) => normalizeResult(await def.execute(raw, ctx)),
    };
  }
  const schema = def.jsonSchema ?? toolParametersSchema(def.parameters);
  const parseInput = (raw: string): unknown => {
    try {
      return JSON.parse(raw || "{}");
    } catch {
      return raw;
    }
  };
  return {
    name: def.name,
    hookNames: [def.name, ...(def.hookNames ?? [])],
    owner,
    kind: "function",
    spec: {
      type: "function",
      name: def.name,
      description: def.description,
      strict: false,
      parameters: schema,
    },
    parallel,
    enabled,
    parseInput,
    invoke: async (raw, ctx) => {
      let json: unknown;
      try {
        json = JSON.parse(raw || "{}");
      } catch (err) {
        return { output: `failed to parse function arguments: ${(err as Error).message}`, success: false };
      }
      const parsed = def.parameters.safeParse(json);
      if (!parsed.success) {
        return {
          output: `failed to parse function arguments: ${zodIssuesText(parsed.error)}`,
          success: false,
        };
      }
      return normalizeResult(await def.execute(parsed.data as SchemaOutput<S>, ctx));
    },
  };
}

/** Holds everything plugins registered. */
export abstract class Registry {
  readonly tools = new Map<string, RegisteredTool>();
  /** Shared lists plugins contribute to (`ctx.contribute`), by kind. */
  readonly contributions = new Map<string, unknown[]>();
  /** Resolvers of namespaced tool calls (`ctx.resolveToolCall`). */
  readonly toolResolvers: ToolCallResolver[] = [];
  readonly hooks = new HookBus();
  /** Tool wrappers plugins registered (`ctx.wrapTool`), in registration order. */
  readonly toolWrappers: ToolWrapper[] = [];
  readonly plugins: LoadedPlugin[] = [];
  /** Top-level config tables owned by plugins that declare a `config` schema. */
  readonly ownedConfigKeys: string[] = [];
  /** Non-fatal problems plugins reported during setup (`ctx.warn`). */
  readonly warnings: string[] = [];

  /**
   * Sets up `plugins` in order. `sources` maps plugins to where they came from. A plugin with a `config`
   * schema gets its own table: `options.pluginConfig` (the host's validating reader) when given, else the
   * schema's parse of `config[<configKey>]`.
   */
  async load(
    plugins: Plugin[],
    config: Config,
    sources: Map<Plugin, string> = new Map(),
    options: { pluginConfig?: (plugin: Plugin) => unknown } = {},
  ): Promise<void> {
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
      const own = plugin.config ? this.#ownConfig(plugin, config, options.pluginConfig) : config;
      try {
        await plugin.setup(this.#context(plugin, config, own));
      } catch (err) {
        if (err instanceof CodexError) throw err;
        throw new PluginError(`plugin '${plugin.name}' (${source}) failed in setup: ${describeError(err)}`);
      }
      this.plugins.push({ name: plugin.name, version: plugin.version, source });
    }
  }

  #ownConfig(plugin: Plugin, config: Config, reader?: (plugin: Plugin) => unknown): unknown {
    const key = pluginConfigKey(plugin);
    this.ownedConfigKeys.push(key);
    if (reader) return reader(plugin);
    const parsed = plugin.config!.safeParse((config as Record<string, unknown>)[key] ?? {});
    if (parsed.success) return parsed.data;
    throw new PluginError(
      `invalid configuration for plugin '${plugin.name}': ${key}: ${zodIssuesText(parsed.error)}`,
    );
  }

  /** The host's registration methods for plugin `owner` (see `PluginContextExtensions`). */
  protected abstract extensions(owner: string): PluginContextExtensions<unknown>;

  /** The canonical name of hook event `name` (which may be an alias); undefined when unknown. */
  protected abstract hookEvent(name: string): HookEvent | undefined;

  /** The error for plugin `owner` registering a `kind` named `name` that another plugin registered. */
  protected duplicate(owner: string, kind: string, name: string): PluginError {
    return new PluginError(
      `plugin '${owner}' registers ${kind} '${name}', which another plugin already registered`,
    );
  }

  #context(plugin: Plugin, config: Config, own: unknown): PluginContext<unknown, unknown> {
    const owner = plugin.name;
    const dup = (kind: string, name: string) => this.duplicate(owner, kind, name);
    return {
      ...this.extensions(owner),
      config: own,
      hostConfig: config,
      tool: (def) => {
        if (this.tools.has(def.name)) throw dup("tool", def.name);
        this.tools.set(def.name, registerTool(def, owner));
      },
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
      contribute: (kind, value) => {
        const list = this.contributions.get(kind) ?? [];
        list.push(value);
        this.contributions.set(kind, list);
      },
      contributions: <T>(kind: string) => {
        if (!this.contributions.has(kind)) this.contributions.set(kind, []);
        return this.contributions.get(kind) as T[];
      },
      resolveToolCall: (resolver) => {
        this.toolResolvers.push(resolver);
      },
      warn: (message) => {
        this.warnings.push(message);
      },
    };
  }

  /** The tool a call names: by name, or for a namespaced call through the plugins' resolvers. */
  resolveTool(call: { namespace?: string; name: string }): RegisteredTool | undefined {
    const namespace = call.namespace;
    if (namespace) {
      for (const resolve of this.toolResolvers) {
        const name = resolve({ namespace, name: call.name });
        if (name !== undefined && this.tools.has(name)) return this.tools.get(name);
      }
    }
    return this.tools.get(call.name);
  }
}
