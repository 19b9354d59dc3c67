/**
 * The memory file: `$CODEX_HOME/memory/memories.md`, a Markdown list with one memory per `- ` line under
 * a `# Memories` heading. Other lines (notes a person adds by hand) are kept but are not memories.
 * Written whole through a temporary file and a rename, mode 0600.
 * @module
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "../../lib/fs.ts";
import { join } from "../../lib/path.ts";

/** Path of the memory file under `codexHome`. */
export function memoryFile(codexHome: string): string {
  return join(codexHome, "memory", "memories.md");
}

/** The stored memories, oldest first; none when the file is missing. */
export function readMemories(codexHome: string): string[] {
  let text: string;
  try {
    text = readFileSync(memoryFile(codexHome), "utf8");
  } catch {
    return [];
  }
  return text.split(/\r?\n/).filter((l) => /^[-*] /.test(l)).map((l) => l.slice(2).trim()).filter(Boolean);
}

/** Replaces the stored memories with `memories`. */
export function writeMemories(codexHome: string, memories: readonly string[]): void {
  const path = memoryFile(codexHome);
  mkdirSync(join(codexHome, "memory"), { recursive: true, mode: 0o700 });
  const text = `# Memories\n\n${memories.map((m) => `- ${m}\n`).join("")}`;
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Appends one memory (whitespace, including newlines, collapsed to single spaces). Returns the new list. */
export function addMemory(codexHome: string, text: string): string[] {
  const memories = [...readMemories(codexHome), text.replace(/\s+/g, " ").trim()];
  writeMemories(codexHome, memories);
  return memories;
}

/** The developer block listing the memories; undefined when there are none. */
export function renderMemories(memories: readonly string[]): string | undefined {
  if (memories.length === 0) return undefined;
  return [
    "<memory>",
    "Things the user asked you to remember across sessions (newest last). Follow them unless the user says otherwise now:",
    ...memories.map((m) => `- ${m}`),
    "</memory>",
  ].join("\n");
}
