/**
 * `@path` mentions: files named in a prompt are attached as text parts, and Tab completes paths with a
 * fuzzy (subsequence) match over the workspace's files.
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { ContentPart } from "../../kernel/model.ts";

/** Largest file attached as text. */
const MAX_ATTACH_BYTES = 256 * 1024;
/** `@path`, `@"path with spaces"` or `@'path'` after a space or at the start. */
const MENTION = /(^|\s)@(?:"([^"]+)"|'([^']+)'|([^\s"']\S*))/g;
const SKIP_DIRS = new Set([".git", "node_modules", "dist", "target", ".venv", "__pycache__"]);

/** Files mentioned with `@` that exist under cwd, as text parts to send after the prompt. */
export function attachmentParts(prompt: string, cwd: string): { parts: ContentPart[]; notes: string[] } {
  const parts: ContentPart[] = [];
  const notes: string[] = [];
  for (const m of prompt.matchAll(MENTION)) {
    const name = m[2] ?? m[3] ?? m[4].replace(/[.,;:!?)]+$/, "");
    const path = resolve(cwd, name);
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) {
        notes.push(`@${name} is not a file; not attached`);
        continue;
      }
      size = st.size;
    } catch {
      notes.push(`@${name}: no such file under ${cwd}; not attached`);
      continue;
    }
    if (size > MAX_ATTACH_BYTES) {
      notes.push(`@${name} is ${size} bytes; larger than ${MAX_ATTACH_BYTES}, not attached`);
      continue;
    }
    const bytes = readFileSync(path);
    if (bytes.includes(0)) {
      notes.push(`@${name} looks binary; not attached`);
      continue;
    }
    parts.push({
      type: "input_text",
      text: `<file path="${relative(cwd, path)}">\n${bytes.toString("utf8")}\n</file>`,
    });
  }
  return { parts, notes };
}

/** Workspace files (relative paths), skipping VCS and build folders; at most `limit`. */
export function listFiles(cwd: string, limit = 5000): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (out.length >= limit || depth > 8) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= limit) return;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(join(dir, e.name), depth + 1);
      } else if (e.isFile()) out.push(relative(cwd, join(dir, e.name)));
    }
  };
  walk(cwd, 0);
  return out;
}

/** Subsequence score: lower is better; undefined when `query` is not a subsequence of `candidate`. */
export function fuzzyScore(query: string, candidate: string): number | undefined {
  const q = query.toLowerCase();
  const c = candidate.toLowerCase();
  let pos = -1;
  let gaps = 0;
  for (const ch of q) {
    const next = c.indexOf(ch, pos + 1);
    if (next < 0) return undefined;
    gaps += next - pos - 1;
    pos = next;
  }
  return gaps + (c.includes(q) ? 0 : 100) + candidate.length / 1000;
}

/** `@path` as typed: quoted when the path holds spaces or quotes. */
export function mentionOf(path: string): string {
  if (!/[\s"']/.test(path)) return `@${path}`;
  return path.includes('"') ? `@'${path}'` : `@"${path}"`;
}

/** A completer for `@path` at the end of `before` (the text before the cursor). */
export function mentionCompleter(files: () => string[]): (before: string) => [string[], string] {
  return (before) => {
    const m = before.match(/(?:^|\s)(@(?:"[^"]*|'[^']*|[^\s"']*))$/);
    if (!m) return [[], ""];
    const word = m[1];
    const query = word.slice(1).replace(/^["']/, "");
    const ranked = files()
      .map((f) => [f, fuzzyScore(query, f)] as const)
      .filter((x): x is readonly [string, number] => x[1] !== undefined)
      .sort((a, b) => a[1] - b[1])
      .slice(0, 20)
      .map(([f]) => mentionOf(f));
    return [ranked, word];
  };
}
