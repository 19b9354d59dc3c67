/**
 * The host's plugin registry: the kernel's registry plus this CLI's registrations (tools from zod
 * definitions, slash commands, providers, sandbox backends, instructions contributors, shared
 * contributions, namespaced-call resolvers), plugins' own config tables and its hook events (Codex's,
 * with aliases).
 * @module
 */
import type { HostConfig as Config } from "../kernel/config.ts";
import { PluginError } from "../kernel/errors.ts";
import type { HookEvent } from "../kernel/hooks.ts";
import type { Plugin, PluginContextExtensions } from "../kernel/plugin.ts";
import type { RegisteredTool } from "../kernel/tool.ts";
import type { ToolCallResolver } from "../plugin_api/tools.ts";
import { Registry } from "../kernel/registry.ts";
import { pluginConfigKey } from "../plugin_api/config_key.ts";
import { registerTool, zodIssuesText } from "./register_tool.ts";
import type { InstructionsContributor, SlashCommand } from "../plugin_api/commands.ts";
import "../plugin_api/context.ts";
import { resolveHookEvent } from "../plugin_api/hooks.ts";
import type { ProviderRegistration } from "../plugin_api/provider.ts";
import type { SandboxBackend } from "../plugin_api/sandbox.ts";

/** The registry every session uses. */
export class HostRegistry extends Registry {
  /** Shared lists plugins contribute to (`ctx.contribute`), by kind. */
  readonly contributions = new Map<string, unknown[]>();
  /** Model providers (`ctx.provider`), by id. */
  readonly providers = new Map<string, ProviderRegistration>();
  /** Slash commands (`ctx.command`), by name and alias. */
  readonly commands = new Map<string, SlashCommand>();
  /** Sandbox backends (`ctx.sandbox`), by id. */
  readonly sandboxes = new Map<string, SandboxBackend>();
  /** Instructions contributors (`ctx.instructions`), in registration order. */
  readonly instructionContributors: { owner: string; contribute: InstructionsContributor }[] = [];
  /** Resolvers of namespaced tool calls (`ctx.resolveToolCall`). */
  readonly toolResolvers: ToolCallResolver[] = [];
  /** Top-level config tables owned by plugins that declare a `config` schema. */
  readonly ownedConfigKeys: string[] = [];
  readonly #readConfig: ((plugin: Plugin) => unknown) | undefined;

  /**
   * `pluginConfig` reads (and validates) a plugin's own table from the config layers; without it, the
   * plugin's schema parses `config[<configKey>]`.
   */
  constructor(options: { pluginConfig?: (plugin: Plugin) => unknown } = {}) {
    super();
    this.#readConfig = options.pluginConfig;
  }

  protected override hookEvent(name: string): HookEvent | undefined {
    return resolveHookEvent(name);
  }

  protected override pluginConfig(plugin: Plugin, config: Config): unknown {
    const key = pluginConfigKey(plugin);
    this.ownedConfigKeys.push(key);
    if (this.#readConfig) return this.#readConfig(plugin);
    const parsed = plugin.config!.safeParse((config as Record<string, unknown>)[key] ?? {});
    if (parsed.success) return parsed.data;
    throw new PluginError(
      `invalid configuration for plugin '${plugin.name}': ${key}: ${zodIssuesText(parsed.error)}`,
    );
  }

  protected override extensions(owner: string): PluginContextExtensions<unknown> {
    const dup = (kind: string, name: string) =>
      new PluginError(
        `plugin '${owner}' registers ${kind} '${name}', which another plugin already registered`,
      );
    return {
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
      instructions: (contribute) => {
        this.instructionContributors.push({ owner, contribute });
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
    };
  }

  /** The tool a call names: by name, or for a namespaced call through the plugins' resolvers. */
  override resolveTool(call: { namespace?: string; name: string }): RegisteredTool | undefined {
    const namespace = call.namespace;
    if (namespace) {
      for (const resolve of this.toolResolvers) {
        const name = resolve({ namespace, name: call.name });
        if (name !== undefined && this.tools.has(name)) return this.tools.get(name);
      }
    }
    return this.tools.get(call.name);
  }

  /** Finds the provider for a config entry: by exact id first, then by wire protocol. */
  providerFor(providerId: string, wire: string): ProviderRegistration | undefined {
    const exact = this.providers.get(providerId);
    if (exact) return exact;
    for (const reg of this.providers.values()) if (reg.wire === wire) return reg;
    return undefined;
  }
}
