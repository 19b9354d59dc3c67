/**
 * Declares Codex's `codex plugin add|list|remove` and `codex plugin marketplace add|list|upgrade|remove`
 * (plugin bundles and their marketplaces) on the command tree. Their implementations are imported only
 * when they run.
 * @module
 */
import type { Command } from "commander";

/** Registers the plugin bundle commands on `program`. */
export function addPluginCommands(program: Command, setExit: (p: Promise<number>) => void): void {
  const run = (fn: (m: typeof import("./plugin_bundles.ts")) => number) =>
    setExit(import("./plugin_bundles.ts").then(fn));
  const plugin = program.command("plugin")
    .description("manage plugin bundles (skills, hooks, MCP servers, commands) from marketplaces");
  plugin.command("add").description("install a plugin bundle from a configured marketplace")
    .argument("<plugin>", "PLUGIN@MARKETPLACE, or PLUGIN with --marketplace")
    .option("--marketplace <name>", "the marketplace to install from")
    .option("--json", "print JSON")
    .action((sel: string, opts: { marketplace?: string; json?: boolean }) =>
      run((m) => m.pluginAddCommand(sel, opts.marketplace, opts.json === true))
    );
  plugin.command("list").description("list the plugins the configured marketplaces offer")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) => run((m) => m.pluginListCommand(opts.json === true)));
  plugin.command("remove").description("uninstall a plugin bundle")
    .argument("<plugin>", "PLUGIN@MARKETPLACE, or PLUGIN with --marketplace")
    .option("--marketplace <name>", "the marketplace it came from")
    .action((sel: string, opts: { marketplace?: string }) =>
      run((m) => m.pluginRemoveCommand(sel, opts.marketplace))
    );

  const market = plugin.command("marketplace").description("manage plugin marketplaces");
  market.command("add")
    .description("add a marketplace: a local folder, owner/repo[@ref], or a git URL (https, ssh, file://)")
    .argument("<source>", "local path, owner/repo[@ref], or git URL")
    .option("--ref <ref>", "git branch or tag to check out")
    .action((source: string, opts: { ref?: string }) =>
      run((m) => m.marketplaceAddCommand(source, opts.ref))
    );
  market.command("list").description("list configured marketplaces")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) => run((m) => m.marketplaceListCommand(opts.json === true)));
  market.command("upgrade").description("refresh git marketplaces and re-install their installed plugins")
    .argument("[name]", "only this marketplace")
    .action((name: string | undefined) => run((m) => m.marketplaceUpgradeCommand(name)));
  market.command("remove").description("remove a marketplace from config.toml")
    .argument("<name>", "marketplace name")
    .action((name: string) => run((m) => m.marketplaceRemoveCommand(name)));
}
