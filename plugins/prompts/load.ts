/**
 * Custom prompt files: every `$CODEX_HOME/prompts/*.md`, named after the file, with optional
 * frontmatter (`description`, `argument-hint`).
 * @module
 */
import { readdirSync, readFileSync, statSync } from "../../lib/fs.ts";
import { join } from "../../lib/path.ts";
import { parseFrontmatter } from "../../lib/frontmatter.ts";

/** A custom prompt file. */
export interface CustomPrompt {
  name: string;
  path: string;
  description?: string;
  argumentHint?: string;
  /** The text after any frontmatter. */
  body: string;
}

/** Names usable as a slash command. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Reads one prompt file. A file whose frontmatter cannot be parsed is used whole, without metadata. */
export function readPrompt(path: string, name: string): CustomPrompt {
  const text = readFileSync(path, "utf8");
  if (!/^\uFEFF?---\s*\r?\n/.test(text)) return { name, path, body: text };
  try {
    const fm = parseFrontmatter(text);
    const str = (k: string) => (typeof fm.values[k] === "string" ? fm.values[k] as string : undefined);
    return {
      name,
      path,
      ...(str("description") ? { description: str("description") } : {}),
      ...(str("argument-hint") ? { argumentHint: str("argument-hint") } : {}),
      body: fm.body.replace(/^\r?\n/, ""),
    };
  } catch {
    return { name, path, body: text };
  }
}

/** The prompts in `<codexHome>/prompts`, sorted by name; files whose names cannot be commands are skipped. */
export function loadPrompts(codexHome: string): CustomPrompt[] {
  return loadPromptDir(join(codexHome, "prompts"));
}

/** The `*.md` prompts of `dir`, sorted by name (a missing folder has none). */
export function loadPromptDir(dir: string): CustomPrompt[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const prompts: CustomPrompt[] = [];
  for (const file of names) {
    if (!file.endsWith(".md")) continue;
    const name = file.slice(0, -3);
    const path = join(dir, file);
    try {
      if (!NAME.test(name) || !statSync(path).isFile()) continue;
      prompts.push(readPrompt(path, name));
    } catch { /* unreadable: skipped */ }
  }
  return prompts;
}
