/**
 * The plugin registry: runs each plugin's `setup` in order (enforce pre, normal, post; `requires`
 * honoured) and holds what they registered.
 * @module
 */
import type { z } from "zod";
import { toolParametersSchema } from "./json_schema.ts";
import type { Config } from "../config/schema.ts";
import { PluginError } from "./errors.ts";
import { HookBus, type HookEvent, type HookHandler, resolveHookEvent } from "./hooks.ts";
import type { ProviderRegistration } from "./model.ts";
import {
  type InstructionsContributor,
  type Plugin,
  PLUGIN_API,
  type PluginContext,
  type SlashCommand,
} from "./plugin.ts";
import type { SandboxBackend } from "./sandbox.ts";
import type { CustomToolDefinition, FunctionToolDefinition, RegisteredTool, ToolResult } from "./tool.ts";

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
      return normalizeResult(await def.execute(parsed.data, ctx));
    },
  };
}

/** Holds everything plugins registered. */
export class Registry {
  readonly tools = new Map<string, RegisteredTool>();
  readonly providers = new Map<string, ProviderRegistration>();
  readonly commands = new Map<string, SlashCommand>();
  readonly sandboxes = new Map<string, SandboxBackend>();
  readonly skillRoots: URL[] = [];
  readonly instructionContributors: { owner: string; contribute: InstructionsContributor }[] = [];
  readonly hooks = new HookBus();
  readonly plugins: LoadedPlugin[] = [];
  /** Non-fatal problems plugins reported during setup (`ctx.warn`). */
  readonly warnings: string[] = [];

  /** Sets up `plugins` in order. `sources` maps plugin names to where they came from. */
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
      await plugin.setup(this.#context(plugin, config));
      this.plugins.push({ name: plugin.name, version: plugin.version, source });
    }
  }

  #context(plugin: Plugin, config: Config): PluginContext {
    const owner = plugin.name;
    const dup = (kind: string, name: string) =>
      new PluginError(
        `plugin '${owner}' registers ${kind} '${name}', which another plugin already registered`,
      );
    return {
      config,
      tool: (def) => {
        if (this.tools.has(def.name)) throw dup("tool", def.name);
        this.tools.set(def.name, registerTool(def, owner));
      },
      provider: (reg) => {
        if (this.providers.has(reg.id)) throw dup("provider", reg.id);
        this.providers.set(reg.id, reg);
      },
      command: (cmd) => {
        for (const name of [cmd.name, ...(cmd.aliases ?? [])]) {
          if (this.commands.has(name)) throw dup("command", name);
        }
        this.commands.set(cmd.name, cmd);
        for (const alias of cmd.aliases ?? []) this.commands.set(alias, cmd);
      },
      sandbox: (backend) => {
        if (this.sandboxes.has(backend.id)) throw dup("sandbox backend", backend.id);
        this.sandboxes.set(backend.id, backend);
      },
      on: (event, handler, options) => {
        const canonical = resolveHookEvent(event);
        if (!canonical) {
          throw new PluginError(`plugin '${owner}' subscribes to unknown hook event '${event}'`);
        }
        this.hooks.on(canonical, handler as unknown as HookHandler<HookEvent>, options, owner);
      },
      skills: (root) => {
        this.skillRoots.push(root);
      },
      skillRoots: () => this.skillRoots,
      instructions: (contribute) => {
        this.instructionContributors.push({ owner, contribute });
      },
      warn: (message) => {
        this.warnings.push(message);
      },
    };
  }

  /** Finds the provider for a config entry: by exact id first, then by wire protocol. */
  providerFor(providerId: string, wire: "responses" | "chat"): ProviderRegistration | undefined {
    const exact = this.providers.get(providerId);
    if (exact) return exact;
    for (const reg of this.providers.values()) if (reg.wire === wire) return reg;
    return undefined;
  }
}
