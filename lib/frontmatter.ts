/**
 * The small YAML subset used in the `---` frontmatter of SKILL.md and prompt files: top-level
 * `key: value` lines (plain values, which indented lines continue; `"double"` or `'single'` quoted
 * values; `|`/`>` block scalars), one level of nested `key: value` maps (`metadata:` →
 * `short-description: …`), comments and blank lines. Nested lists and deeper nesting are skipped.
 * No YAML dependency.
 * @module
 */

/** A frontmatter value: text, or a map of texts (one nesting level). */
export type FrontmatterValue = string | Record<string, string>;

/** A parsed document: its frontmatter values and the text after the closing `---`. */
export interface Frontmatter {
  values: Record<string, FrontmatterValue>;
  body: string;
}

/** A frontmatter syntax problem; the message says what was expected and what was found. */
export class FrontmatterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrontmatterError";
  }
}

const KEY_LINE = /^([A-Za-z0-9_.-]+)\s*:(?:\s+(.*)|\s*)$/;
const BLOCK = /^[|>][+-]?$/;

function show(line: string): string {
  return JSON.stringify(line.length > 60 ? line.slice(0, 60) + "…" : line);
}

/** One scalar: a quoted string, or plain text with any trailing ` # comment` removed. */
function scalar(raw: string, lineNo: number): string {
  const text = raw.trim();
  if (text.startsWith('"')) {
    const end = closingDoubleQuote(text);
    if (end < 0) throw new FrontmatterError(`line ${lineNo}: expected a closing '"', found ${show(text)}`);
    try {
      return JSON.parse(text.slice(0, end + 1).replace(/\\'/g, "'"));
    } catch {
      throw new FrontmatterError(
        `line ${lineNo}: expected a valid double-quoted string, found ${show(text)}`,
      );
    }
  }
  if (text.startsWith("'")) {
    let out = "";
    for (let i = 1; i < text.length; i++) {
      if (text[i] !== "'") out += text[i];
      else if (text[i + 1] === "'") {
        out += "'";
        i++;
      } else return out;
    }
    throw new FrontmatterError(`line ${lineNo}: expected a closing "'", found ${show(text)}`);
  }
  return text.replace(/\s+#.*$/, "").trim();
}

function closingDoubleQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Collects an indented `|` (literal) or `>` (folded) block starting at `lines[start]`. */
function blockScalar(lines: string[], start: number, style: string): { text: string; next: number } {
  const collected: string[] = [];
  let i = start;
  let indent = -1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") {
      collected.push("");
      continue;
    }
    const n = indentOf(line);
    if (n === 0) break;
    if (indent < 0) indent = n;
    if (n < indent) break;
    collected.push(line.slice(indent));
  }
  while (collected.length > 0 && collected.at(-1) === "") collected.pop();
  const text = style.startsWith("|")
    ? collected.join("\n")
    : collected.join("\n").replace(/([^\n])\n(?=[^\n])/g, "$1 ").replace(/\n\n/g, "\n");
  return { text, next: i };
}

/**
 * Parses a document that must start with a `---` line and contain a closing `---` line. Throws
 * `FrontmatterError` when the frontmatter is missing or malformed.
 */
export function parseFrontmatter(text: string): Frontmatter {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0].trim() !== "---") {
    throw new FrontmatterError(
      `expected the file to start with a '---' frontmatter line, found ${show(lines[0])}`,
    );
  }
  const close = lines.findIndex((l, i) => i > 0 && (l.trim() === "---" || l.trim() === "..."));
  if (close < 0) {
    throw new FrontmatterError("expected a closing '---' line after the frontmatter, found none");
  }
  const head = lines.slice(1, close);
  const values: Record<string, FrontmatterValue> = {};
  let parent: Record<string, string> | undefined;
  /** The key of the last top-level plain value, which indented lines continue (folded with a space). */
  let plainKey: string | undefined;
  for (let i = 0; i < head.length;) {
    const line = head[i];
    const lineNo = i + 2;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) {
      i++;
      continue;
    }
    if (indentOf(line) > 0) {
      if (plainKey !== undefined) {
        values[plainKey] = `${values[plainKey]} ${trimmed}`;
        i++;
        continue;
      }
      if (!parent) {
        throw new FrontmatterError(`line ${lineNo}: expected a top-level 'key: value', found ${show(line)}`);
      }
      const m = KEY_LINE.exec(trimmed);
      // Nested maps of one level; list items and deeper structures are ignored.
      if (m && indentOf(line) > 0 && !trimmed.startsWith("-")) {
        const rest = m[2] ?? "";
        if (BLOCK.test(rest.trim())) {
          const block = blockScalar(head, i + 1, rest.trim());
          parent[m[1]] = block.text;
          i = block.next;
          continue;
        }
        if (rest.trim() !== "") parent[m[1]] = scalar(rest, lineNo);
      }
      i++;
      continue;
    }
    const m = KEY_LINE.exec(line);
    if (!m) throw new FrontmatterError(`line ${lineNo}: expected 'key: value', found ${show(line)}`);
    const rest = (m[2] ?? "").trim();
    parent = undefined;
    plainKey = undefined;
    if (rest === "") {
      parent = {};
      values[m[1]] = parent;
      i++;
    } else if (BLOCK.test(rest)) {
      const block = blockScalar(head, i + 1, rest);
      values[m[1]] = block.text;
      i = block.next;
    } else {
      values[m[1]] = scalar(rest, lineNo);
      if (!/^["']/.test(rest)) plainKey = m[1];
      i++;
    }
  }
  return { values, body: lines.slice(close + 1).join("\n") };
}
