/**
 * `-c key=value` overrides: the value is parsed as a TOML value, else taken as a string (surrounding
 * quotes stripped); dotted keys create intermediate tables.
 * @module
 */
import { parse } from "smol-toml";
import { ConfigError } from "../plugin_api/errors.ts";

/** A parsed `-c` flag. */
export interface Override {
  /** The flag as written, for error messages. */
  raw: string;
  path: string[];
  value: unknown;
}

/** A plain TOML table. */
export type Table = Record<string, unknown>;

/** Whether `v` is a plain table (not an array, date or null). */
export function isTable(v: unknown): v is Table {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Splits a dotted key, honouring quoted segments (`projects."/a.b".trust_level`). */
export function splitKey(key: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let quote: string | null = null;
  for (const ch of key) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ".") {
      parts.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

/** Parses one `key=value` flag. Throws ConfigError when there is no `=` or the key is empty. */
export function parseOverride(raw: string): Override {
  const eq = raw.indexOf("=");
  if (eq < 0) throw new ConfigError(`-c ${raw}: expected key=value, found no '='`);
  const key = raw.slice(0, eq).trim();
  const text = raw.slice(eq + 1).trim();
  const path = splitKey(key);
  if (key === "" || path.some((p) => p === "")) {
    throw new ConfigError(`-c ${raw}: expected a dotted key before '=', found '${key}'`);
  }
  let value: unknown;
  try {
    value = parse(`_x_ = ${text}`)._x_;
  } catch {
    value = text.replace(/^(["'])(.*)\1$/s, "$2");
  }
  return { raw, path, value };
}

/** Sets `value` at `path` in `target`, creating (or replacing non-table) intermediates. */
export function setPath(target: Table, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isTable(node[key])) node[key] = {};
    node = node[key] as Table;
  }
  node[path[path.length - 1]] = value;
}

/** Deep-merges `top` over `base` (tables merge recursively; anything else replaces). Returns a new table. */
export function mergeTables(base: Table, top: Table): Table {
  const out: Table = { ...base };
  for (const [k, v] of Object.entries(top)) {
    out[k] = isTable(v) && isTable(out[k]) ? mergeTables(out[k] as Table, v) : v;
  }
  return out;
}
