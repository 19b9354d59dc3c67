/**
 * The host-made plugin "bundles": what the session's loaded plugin bundles bring that is not config.
 * It contributes each bundle's `skills/` folder to the skills plugin (skills named `bundle:skill`) and its
 * `commands/` folder to the custom-prompts plugin (commands `/bundle:command`), adds Codex's
 * `<plugins_instructions>` developer text when any bundle is loaded, and registers `/plugins`, which
 * lists the bundles and what each contributed. (MCP servers, hooks and TypeScript entries were merged
 * into the config by `applyBundles` before the plugins were set up.)
 * @module
 */
import { pathToFileURL } from "../../../lib/path.ts";
import { definePlugin, type Plugin } from "../../kernel/plugin.ts";
import type { LoadedBundle } from "./load.ts";

/** Codex 0.171's `<plugins_instructions>` developer text (recorded from its requests). */
export const PLUGINS_INSTRUCTIONS = `<plugins_instructions>
## Plugins
A plugin is a local bundle of skills, MCP servers, and apps.
### How to use plugins
- Skill naming: If a plugin contributes skills, those skill entries are prefixed with \`plugin_name:\` in the Skills list.
- MCP naming: Plugin-provided MCP tools keep standard MCP identifiers such as \`mcp__server__tool\`; use tool provenance to tell which plugin they come from.
- Trigger rules: If the user explicitly names a plugin, prefer capabilities associated with that plugin for that turn.
- Relationship to capabilities: Plugins are not invoked directly. Use their underlying skills, MCP tools, and app tools to help solve the task.
- Relevance: Determine what a plugin can help with from explicit user mention or from the plugin-associated skills, MCP tools, and apps exposed elsewhere in this turn.
- Missing/blocked: If the user requests a plugin that does not have relevant callable capabilities for the task, say so briefly and continue with the best fallback.
</plugins_instructions>`;

/** The lines `/plugins` prints for `bundles`. */
export function formatBundles(bundles: readonly LoadedBundle[]): string[] {
  if (bundles.length === 0) {
    return ["No plugin bundles loaded (install one: codex plugin add PLUGIN@MARKETPLACE)."];
  }
  const lines = [`Plugin bundles (${bundles.length}):`];
  for (const b of bundles) {
    lines.push(`  ${b.id}  ${b.version}  ${b.root}`);
    const parts: string[] = [];
    if (b.skillsDir) parts.push(`skills: ${b.skillsDir}`);
    if (b.commandsDir) parts.push(`commands: ${b.commandsDir}`);
    if (b.mcpServers.length) parts.push(`MCP servers: ${b.mcpServers.join(", ")}`);
    if (b.hookEvents.length) parts.push(`hooks: ${b.hookEvents.join(", ")}`);
    if (b.typescriptEntry) parts.push(`TypeScript plugin: ${b.typescriptEntry}`);
    if (parts.length === 0) parts.push("(contributes nothing)");
    for (const p of parts) lines.push(`    ${p}`);
  }
  return lines;
}

/** The "bundles" plugin for a session's loaded `bundles`. */
export function bundlesPlugin(bundles: readonly LoadedBundle[]): Plugin {
  return definePlugin({
    name: "bundles",
    version: "0.1.0",
    api: 1,
    setup(ctx) {
      for (const b of bundles) {
        if (b.skillsDir) {
          // Listed under the marketplace's cache folder, as Codex lists them (`r1/hello/1.0.0/skills/…`).
          const listedAs = b.skillsDir.startsWith(b.marketDir + "/") ? b.marketDir : undefined;
          ctx.contribute("skills", { url: pathToFileURL(b.skillsDir + "/"), prefix: b.name, listedAs });
        }
        if (b.commandsDir) ctx.contribute("prompts", { dir: b.commandsDir, prefix: b.name });
      }
      if (bundles.length > 0) ctx.instructions(() => PLUGINS_INSTRUCTIONS);
      ctx.command({
        name: "plugins",
        description: "list the plugin bundles loaded in this session and what each contributed",
        run(_args, c) {
          for (const line of formatBundles(bundles)) c.print(line);
        },
      });
    },
  });
}
