/**
 * A small line-oriented editor for config.toml: appends or removes whole tables (a `[a.b]` table with
 * all its `[a.b.*]` subtables) and leaves every other byte (comments, other keys, ordering) untouched.
 * It only looks at table header lines, skipping the insides of multi-line strings.
 * @module
 */

/** Splits a TOML key (`a."b.c".d`) into its parts; undefined when it is not a plain dotted key. */
export function splitKey(key: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  const s = key.trim();
  while (i < s.length) {
    while (s[i] === " " || s[i] === "\t") i++;
    if (s[i] === '"' || s[i] === "'") {
      const quote = s[i];
      let j = i + 1;
      let part = "";
      while (j < s.length && s[j] !== quote) {
        if (quote === '"' && s[j] === "\\" && j + 1 < s.length) {
          part += s[j + 1];
          j += 2;
          continue;
        }
        part += s[j++];
      }
      if (j >= s.length) return undefined;
      parts.push(part);
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
      if (!m) return undefined;
      parts.push(m[0]);
      i += m[0].length;
    }
    while (s[i] === " " || s[i] === "\t") i++;
    if (i < s.length) {
      if (s[i] !== ".") return undefined;
      i++;
    }
  }
  return parts;
}

/** The key path of a table header line (`[a.b]` or `[[a.b]]`), or undefined for any other line. */
export function headerPath(line: string): string[] | undefined {
  const m = /^\s*\[\[?([^\[\]]*(?:"[^"]*"[^\[\]]*)*)\]\]?\s*(?:#.*)?$/.exec(line);
  if (!m) return undefined;
  return splitKey(m[1]);
}

function isPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/** Splits text into lines that keep their line endings. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Indexes of lines that are table headers (outside multi-line strings), with their paths. */
function headers(lines: string[]): { index: number; path: string[] }[] {
  const out: { index: number; path: string[] }[] = [];
  let open: string | undefined;
  lines.forEach((line, index) => {
    if (open === undefined) {
      const path = headerPath(line);
      if (path) out.push({ index, path });
    }
    for (const delim of ['"""', "'''"]) {
      const count = line.split(delim).length - 1;
      if (count % 2 === 1 && (open === undefined || open === delim)) open = open ? undefined : delim;
    }
  });
  return out;
}

const isBlank = (line: string) => line.trim() === "";
const isComment = (line: string) => /^\s*#/.test(line);

/** Whether `text` has a table header for `path` or one of its subtables. */
export function hasTable(text: string, path: string[]): boolean {
  return headers(linesOf(text)).some((h) => isPrefix(path, h.path));
}

/**
 * Removes the table at `path` and its subtables. Each removed run spans from its header to its last
 * key line; comments and blank lines just before the next table stay with that table, and one blank
 * separator line before the removed run goes with it. Returns the text unchanged when there is none.
 */
export function removeTable(text: string, path: string[]): string {
  const lines = linesOf(text);
  const hs = headers(lines);
  const drop = new Set<number>();
  hs.forEach((h, k) => {
    if (!isPrefix(path, h.path)) return;
    const end = k + 1 < hs.length ? hs[k + 1].index : lines.length;
    let last = end - 1;
    while (last > h.index && (isBlank(lines[last]) || isComment(lines[last]))) last--;
    for (let i = h.index; i <= last; i++) drop.add(i);
  });
  if (drop.size === 0) return text;
  // A blank line that separated a removed run from what precedes it goes too, when the run is followed by
  // a blank line or the end of the file (so append-then-remove gives back the original bytes).
  for (const i of [...drop].sort((a, b) => a - b)) {
    if (drop.has(i - 1) || i === 0 || !isBlank(lines[i - 1])) continue;
    let j = i;
    while (drop.has(j)) j++;
    if (j >= lines.length || isBlank(lines[j])) drop.add(i - 1);
  }
  return lines.filter((_, i) => !drop.has(i)).join("");
}

/** Appends `block` (complete lines) after one blank separator line. */
export function appendBlock(text: string, block: string): string {
  if (text === "") return block;
  const base = text.endsWith("\n") ? text : text + "\n";
  return `${base}\n${block}`;
}

/** A TOML key: bare when possible, else a quoted string. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/** A TOML string or array of strings (JSON's escapes are valid TOML basic-string escapes). */
export function tomlValue(value: string | string[] | number | boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Sets `key = value` (value already TOML) in the table at `path`: replaces the key's line when the
 * table has it, else adds the line after the table's last key line, else appends a new table.
 */
export function setTableKey(text: string, path: string[], key: string, value: string): string {
  const lines = linesOf(text);
  const hs = headers(lines);
  const k = hs.findIndex((h) =>
    h.path.length === path.length && h.path.every((p, i) => p === path[i]) && !/^\s*\[\[/.test(lines[h.index])
  );
  const entry = `${tomlKey(key)} = ${value}\n`;
  if (k < 0) return appendBlock(text, `[${path.map(tomlKey).join(".")}]\n${entry}`);
  const start = hs[k].index + 1;
  const end = k + 1 < hs.length ? hs[k + 1].index : lines.length;
  const keyLine = new RegExp(`^\\s*(?:${escapeRe(key)}|"${escapeRe(key)}")\\s*=`);
  for (let i = start; i < end; i++) {
    if (keyLine.test(lines[i])) {
      lines[i] = entry;
      return lines.join("");
    }
  }
  let last = end - 1;
  while (last >= start && (isBlank(lines[last]) || isComment(lines[last]))) last--;
  const at = Math.max(last, start - 1);
  if (!lines[at].endsWith("\n")) lines[at] += "\n";
  lines.splice(at + 1, 0, entry);
  return lines.join("");
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
