/**
 * Validation of one config layer against the schema, with messages that name the source (file or
 * `-c` flag), the key, what was expected and what was found.
 * @module
 */
import type { z } from "zod";
import { ConfigError } from "../kernel/errors.ts";
import { type Config, ConfigSchema } from "./schema.ts";
import { isTable, type Table } from "./overrides.ts";

/** The outcome of validating a layer: its typed value and unknown-key warnings. */
export interface ValidatedLayer {
  config: Config;
  unknownKeys: string[];
}

function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (v instanceof Date) return "a date";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "object") return "a table";
  return `${typeof v} ${String(v)}`;
}

function keyPath(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === "string" && /^[A-Za-z0-9_-]+$/.test(p) ? p : JSON.stringify(p))).join(
    ".",
  );
}

/** One line per issue: `key: expected X, found Y` (`prefix` is prepended to the key path). */
function describeIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[] = []): string {
  const key = keyPath([...prefix, ...issue.path]) || "(top level)";
  const found = describeValue((issue as { input?: unknown }).input);
  switch (issue.code) {
    case "invalid_type":
      return `${key}: expected ${issue.expected}, found ${found}`;
    case "invalid_value":
      return `${key}: expected one of ${
        issue.values.map((v) => JSON.stringify(v)).join(", ")
      }, found ${found}`;
    case "too_big":
    case "too_small":
      return `${key}: ${issue.message}, found ${found}`;
    default:
      return `${key}: ${issue.message}`;
  }
}

function deleteAt(root: Table, path: PropertyKey[], key: string): void {
  let node: unknown = root;
  for (const p of path) node = isTable(node) ? node[p as string] : undefined;
  if (isTable(node)) delete node[key];
}

/** The `--strict-config` error for `keys`, unknown in `source`. */
export function unknownKeysError(source: string, keys: readonly string[]): ConfigError {
  return new ConfigError(
    `${source}: unknown configuration field${keys.length > 1 ? "s" : ""} ${
      keys.map((k) => `\`${k}\``).join(", ")
    }`,
  );
}

/**
 * Validates `raw` (a parsed TOML table) from `source`. Unknown keys are removed and returned; a badly
 * typed key throws ConfigError naming the source and key. With `strict`, unknown keys throw too.
 */
export function validateLayer(raw: Table, source: string, strict = false): ValidatedLayer {
  const copy = structuredClone(raw);
  const unknownKeys: string[] = [];
  for (let pass = 0; pass < 2; pass++) {
    const result = ConfigSchema.safeParse(copy, { reportInput: true });
    if (result.success) return { config: result.data, unknownKeys };
    const problems: string[] = [];
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const k of issue.keys) {
          unknownKeys.push(keyPath([...issue.path, k]));
          deleteAt(copy, issue.path, k);
        }
      } else problems.push(describeIssue(issue));
    }
    if (strict && unknownKeys.length > 0) throw unknownKeysError(source, unknownKeys);
    if (problems.length > 0) {
      throw new ConfigError(`invalid configuration in ${source}: ${problems.join("; ")}`);
    }
  }
  throw new ConfigError(`invalid configuration in ${source}`);
}

/**
 * Validates `raw`, the value at key path `prefix` in `source`, against a plugin's own `schema`; throws a
 * ConfigError naming the source, the full key, what was expected and what was found. With `partial`
 * (one layer of several), missing keys are not errors: another layer may set them.
 */
export function validateWith<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  source: string,
  prefix: string[],
  partial = false,
): T | undefined {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.filter((issue) =>
    !(partial && issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined)
  );
  if (issues.length === 0) return undefined;
  const problems = issues.map((issue) => describeIssue(issue, prefix));
  throw new ConfigError(`invalid configuration in ${source}: ${problems.join("; ")}`);
}
