/**
 * The `<skills_instructions>` developer text: the skill roots (as short aliases), one line per enabled
 * skill, and how to use them. The model reads a SKILL.md itself when it decides to use the skill.
 * @module
 */
import { insideRoot, type SkillDiscovery } from "./discover.ts";

const HOW_TO_USE = `### How to use skills
- Use a skill when the user names it (\`$skill-name\`) or when the task clearly matches its description. Use as few skills as cover the task.
- The list above is only a summary. Before following a skill, read its SKILL.md with your shell tool (for example \`cat <file>\`), unless its contents were already given to you in this conversation.
- Paths inside a SKILL.md are relative to the skill's folder. Open its other files (references, scripts, assets) only when the SKILL.md points you to them, and prefer running its bundled scripts over rewriting them.
- If a skill's file is missing or cannot be read, say so in one sentence and continue without it.`;

/** Renders the instructions block; undefined when no skill is enabled. */
export function renderSkillsInstructions(discovery: SkillDiscovery): string | undefined {
  const enabled = discovery.skills.filter((s) => s.enabled);
  if (enabled.length === 0) return undefined;
  const listed = [...new Set(discovery.roots.map((r) => r.listedAs ?? r.path))];
  const usedRoots = listed.filter((path) => enabled.some((s) => s.root === path)).map((path) => ({ path }));
  const alias = new Map(usedRoots.map((r, i) => [r.path, `r${i}`]));
  const lines = [
    "<skills_instructions>",
    "## Skills",
    "A skill is a folder of local instructions (and sometimes scripts or reference files) for one kind of task, described by its `SKILL.md` file. These skills are available in this session.",
    "### Skill roots",
    ...usedRoots.map((r) => `- \`${alias.get(r.path)}\` = \`${r.path}\``),
    "### Available skills",
    ...enabled.map((s) => {
      const rel = insideRoot(s.root, s.path);
      const file = rel !== undefined ? `${alias.get(s.root)}/${rel}` : s.path;
      return `- ${s.name}: ${s.description} (file: ${file})`;
    }),
    HOW_TO_USE,
    "</skills_instructions>",
  ];
  return lines.join("\n");
}
