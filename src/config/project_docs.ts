/**
 * User instructions from AGENTS.md files: the global one in `$CODEX_HOME` (`AGENTS.override.md` wins
 * over `AGENTS.md`), then, for every directory from the project root down to cwd, the first of
 * `AGENTS.override.md`, `AGENTS.md` and `project_doc_fallback_filenames`. Project docs share a budget of
 * `project_doc_max_bytes` (0 disables them); the file that crosses it is cut.
 * @module
 */
import { lstatSync, readFileSync, statSync } from "../../lib/fs.ts";
import { join } from "../../lib/path.ts";
import type { Config } from "./schema.ts";
import { dirsFromRoot, findProjectRoot } from "./layers.ts";

/** Default total budget for project docs. */
export const DEFAULT_PROJECT_DOC_MAX_BYTES = 32 * 1024;

/** Separator between global instructions and project docs. */
export const PROJECT_DOC_SEPARATOR = "\n\n--- project-doc ---\n\n";

/** Reports an instructions file that exists but cannot be read. */
export type DocWarn = (message: string) => void;

function readIfFile(path: string, warn?: DocWarn): string | undefined {
  try {
    lstatSync(path);
  } catch {
    return undefined; // absent: nothing to say
  }
  try {
    if (!statSync(path).isFile()) {
      warn?.(`ignoring ${path}: expected a readable file, found something else (a directory?)`);
      return undefined;
    }
    return readFileSync(path, "utf8");
  } catch (err) {
    warn?.(`ignoring ${path}: cannot read it: ${(err as Error).message}`);
    return undefined;
  }
}

/** The global instructions (`$CODEX_HOME/AGENTS.override.md` if non-empty, else `AGENTS.md`), trimmed. */
export function globalInstructions(codexHome: string, warn?: DocWarn): string | undefined {
  for (const name of ["AGENTS.override.md", "AGENTS.md"]) {
    const text = readIfFile(join(codexHome, name), warn)?.trim();
    if (text) return text;
  }
  return undefined;
}

/** The project docs found between the project root and cwd, with their paths, within the byte budget. */
export function projectDocs(config: Config, cwd: string, warn?: DocWarn): { path: string; text: string }[] {
  const budget = config.project_doc_max_bytes ?? DEFAULT_PROJECT_DOC_MAX_BYTES;
  if (budget === 0) return [];
  const root = findProjectRoot(cwd, config.project_root_markers ?? [".git"]);
  const names = ["AGENTS.override.md", "AGENTS.md", ...(config.project_doc_fallback_filenames ?? [])];
  const encoder = new TextEncoder();
  const docs: { path: string; text: string }[] = [];
  let left = budget;
  for (const dir of dirsFromRoot(root, cwd)) {
    if (left <= 0) break;
    for (const name of names) {
      const path = join(dir, name);
      const text = readIfFile(path, warn);
      if (text === undefined || text.trim() === "") continue;
      const bytes = encoder.encode(text);
      const kept = bytes.length <= left
        ? text
        : new TextDecoder().decode(bytes.subarray(0, left)).replace(/\uFFFD$/, "");
      left -= Math.min(bytes.length, left);
      docs.push({ path, text: kept.trim() });
      break;
    }
  }
  return docs;
}

/** The whole user-instructions text: config `instructions` and global AGENTS.md, then project docs. */
export function userInstructions(
  config: Config,
  codexHome: string,
  cwd: string,
  warn?: DocWarn,
): string | undefined {
  const head = [config.instructions?.trim(), globalInstructions(codexHome, warn)].filter(Boolean).join(
    "\n\n",
  );
  const docs = projectDocs(config, cwd, warn).map((d) => d.text).join("\n\n");
  if (!docs) return head || undefined;
  return head ? `${head}${PROJECT_DOC_SEPARATOR}${docs}` : docs;
}
