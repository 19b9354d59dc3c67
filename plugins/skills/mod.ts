/**
 * The skills plugin: finds SKILL.md skills (project `.agents/skills` and `.codex/skills` from the project
 * root down to cwd, `$CODEX_HOME/skills`, `$HOME/.agents/skills`, `$CODEX_HOME/skills/.system`,
 * `/etc/codex/skills` or `$CODEX_SYSTEM_SKILLS_DIR`, and plugins' `ctx.contribute("skills", url | { url, prefix })` folders, whose skills are
 * named `prefix:name`), lists the
 * enabled ones to the model in a `<skills_instructions>` developer block, adds a skill's body when a
 * prompt mentions `$name`, and offers `/skills`. Project skills load whether or not the project is
 * trusted: like AGENTS.md they are text for the model, not configuration.
 * @module
 */
import { defaultCodexHome, definePlugin, type HostConfig as Config, type Plugin } from "../../mod.ts";
import { discoverSkills, type SkillContribution, type SkillDiscovery } from "./discover.ts";
import { mentionContext } from "./mentions.ts";
import { renderSkillsInstructions } from "./render.ts";

/** Formats a discovery for `/skills`. */
export function formatSkillList(discovery: SkillDiscovery): string[] {
  const lines: string[] = [];
  if (discovery.skills.length === 0) lines.push("No skills found.");
  else {
    const width = Math.max(...discovery.skills.map((s) => s.name.length));
    lines.push(`Skills (${discovery.skills.length}):`);
    for (const s of discovery.skills) {
      const state = s.enabled ? "enabled " : "disabled";
      lines.push(`  ${s.name.padEnd(width)}  ${state}  ${s.shortDescription ?? s.description}`);
      lines.push(`  ${" ".repeat(width)}            ${s.path}`);
    }
  }
  for (const w of discovery.warnings) lines.push(`warning: ${w}`);
  return lines;
}

/**
 * The skills plugin. `env` looks up `HOME` and `CODEX_SYSTEM_SKILLS_DIR` (default: the process
 * environment; tests pass their own).
 */
export function createSkillsPlugin(
  env: (key: string) => string | undefined = (k) => Deno.env.get(k),
): Plugin {
  return definePlugin({
    name: "skills",
    version: "0.1.0",
    api: 1,
    setup(ctx) {
      let home: string | undefined;
      const discover = (cwd: string, codexHome: string, config: Config) =>
        discoverSkills({
          cwd,
          codexHome,
          config,
          pluginRoots: ctx.contributions<SkillContribution>("skills"),
          env,
        });

      ctx.instructions((thread) => {
        home = thread.codexHome;
        return renderSkillsInstructions(discover(thread.cwd, thread.codexHome, thread.config));
      });

      ctx.on("UserPromptSubmit", (input) => {
        if (!input.prompt.includes("$")) return;
        const found = discover(input.cwd, home ?? defaultCodexHome(env), ctx.config);
        const extra = mentionContext(input.prompt, found.skills);
        return extra ? { additionalContext: extra } : undefined;
      });

      ctx.command({
        name: "skills",
        description: "list skills (name, description, file, enabled)",
        run(_args, c) {
          for (const line of formatSkillList(discover(c.session.cwd, c.session.codexHome, c.config))) {
            c.print(line);
          }
        },
      });
    },
  });
}

/** Registers the skills instructions, the `$name` mention hook and `/skills`. */
export const skillsPlugin: Plugin = createSkillsPlugin();

export default skillsPlugin;
export * from "./discover.ts";
export * from "../../lib/frontmatter.ts";
export * from "./mentions.ts";
export * from "./render.ts";
