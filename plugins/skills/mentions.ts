/**
 * `$skill-name` mentions in a prompt: the mentioned skills' SKILL.md bodies, given to the model as extra
 * context for that turn.
 * @module
 */
import { readFileSync } from "../../lib/fs.ts";
import type { Skill } from "./discover.ts";
import { parseFrontmatter } from "../../lib/frontmatter.ts";

/** Bodies longer than this are cut (the model can still read the whole file). */
export const MAX_MENTION_BODY_CHARS = 32 * 1024;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The enabled skills `prompt` mentions as `$name`, in the order of the list. */
export function mentionedSkills(prompt: string, skills: readonly Skill[]): Skill[] {
  if (!prompt.includes("$")) return [];
  return skills.filter((s) =>
    s.enabled && new RegExp(`(^|[^\\w$])\\$${escapeRegExp(s.name)}(?![\\w-]|[:.][\\w])`).test(prompt)
  );
}

/** The text added for one mentioned skill: its SKILL.md body (frontmatter removed). */
export function skillContext(skill: Skill): string {
  let body: string;
  try {
    body = parseFrontmatter(readFileSync(skill.path, "utf8")).body.trim();
  } catch (err) {
    return `<skill name="${skill.name}" path="${skill.path}">\n(could not read this skill: ${
      (err as Error).message
    })\n</skill>`;
  }
  if (body.length > MAX_MENTION_BODY_CHARS) {
    body = `${
      body.slice(0, MAX_MENTION_BODY_CHARS)
    }\n[… cut at ${MAX_MENTION_BODY_CHARS} characters; read ${skill.path} for the rest]`;
  }
  return `<skill name="${skill.name}" path="${skill.path}">\nThe user mentioned this skill. Follow its instructions:\n\n${body}\n</skill>`;
}

/** The combined extra context for every skill mentioned in `prompt`; undefined when none is. */
export function mentionContext(prompt: string, skills: readonly Skill[]): string | undefined {
  const found = mentionedSkills(prompt, skills);
  return found.length > 0 ? found.map(skillContext).join("\n\n") : undefined;
}
