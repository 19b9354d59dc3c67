/**
 * The host's plugin registry: the kernel's registry plus this CLI's registrations (slash commands,
 * providers, sandbox backends, instructions contributors) and its hook events (Codex's, with aliases).
 * @module
 */
import type { HookEvent } from "../kernel/hooks.ts";
import type { PluginContextExtensions } from "../kernel/plugin.ts";
import { Registry } from "../kernel/registry.ts";
import type { InstructionsContributor, SlashCommand } from "../plugin_api/commands.ts";
import "../plugin_api/context.ts";
import { resolveHookEvent } from "../plugin_api/hooks.ts";
import type { ProviderRegistration } from "../plugin_api/provider.ts";
import type { SandboxBackend } from "../plugin_api/sandbox.ts";

/** The registry every session uses. */
export class HostRegistry extends Registry {
  /** Model providers (`ctx.provider`), by id. */
  readonly providers = new Map<string, ProviderRegistration>();
  /** Slash commands (`ctx.command`), by name and alias. */
  readonly commands = new Map<string, SlashCommand>();
  /** Sandbox backends (`ctx.sandbox`), by id. */
  readonly sandboxes = new Map<string, SandboxBackend>();
  /** Instructions contributors (`ctx.instructions`), in registration order. */
  readonly instructionContributors: { owner: string; contribute: InstructionsContributor }[] = [];

  protected override hookEvent(name: string): HookEvent | undefined {
    return resolveHookEvent(name);
  }

  protected override extensions(owner: string): PluginContextExtensions<unknown> {
    const dup = (kind: string, name: string) => this.duplicate(owner, kind, name);
    return {
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
    };
  }

  /** Finds the provider for a config entry: by exact id first, then by wire protocol. */
  providerFor(providerId: string, wire: string): ProviderRegistration | undefined {
    const exact = this.providers.get(providerId);
    if (exact) return exact;
    for (const reg of this.providers.values()) if (reg.wire === wire) return reg;
    return undefined;
  }
}
