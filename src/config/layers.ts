/**
 * Loads and merges config layers, lowest precedence first:
 * `/etc/codex/config.toml` → `$CODEX_HOME/config.toml` → profile (`$CODEX_HOME/<name>.config.toml`, or a
 * legacy `[profiles.<name>]` table) → project `.codex/config.toml` files from the project root down to cwd
 * (trusted projects only) → `-c` overrides and dedicated flags.
 * @module
 */
import { applyHooksFiles, hooksFilePaths } from "./hooks_files.ts";
import { existsSync, readFileSync, statSync } from "../../lib/fs.ts";
import { dirname, join } from "../../lib/path.ts";
import { parse, TomlError } from "smol-toml";
import { ConfigError } from "../kernel/errors.ts";
import type { Config } from "./schema.ts";
import { isTable, mergeTables, type Override, parseOverride, setPath, type Table } from "./overrides.ts";
import { validateLayer } from "./validate.ts";
import { defaultCodexHome, dirsFromRoot, findProjectRoot } from "./paths.ts";

export { defaultCodexHome, dirsFromRoot, findProjectRoot };

/** Where a layer came from. */
export type LayerKind = "system" | "user" | "profile" | "project" | "flags";

/** One loaded layer (kept so `/config` can show where each value came from). */
export interface ConfigLayer {
  kind: LayerKind;
  /** File path, or `-c flags`. */
  source: string;
  values: Table;
}

/** Inputs of `loadConfig`. */
export interface LoadConfigOptions {
  codexHome: string;
  cwd: string;
  /** `--profile NAME`. */
  profile?: string;
  /** Raw `-c key=value` flags, in order. */
  overrides?: string[];
  /** Values set by dedicated flags (`-m`, `-s`, …) as dotted key → value; applied after `-c`. */
  flagValues?: [string[], unknown][];
  /**
   * `--strict-config`: unknown keys are errors at once. A host that loads plugins leaves it off and
   * rejects the unknown keys no plugin owns afterwards (`rejectUnownedKeys`, from `unknownKeys`).
   */
  strict?: boolean;
  /** `--ignore-user-config`: skip `$CODEX_HOME/config.toml`. */
  ignoreUserConfig?: boolean;
  /** System config path (tests point it elsewhere). Default `/etc/codex/config.toml`. */
  systemConfigPath?: string;
}

/** The keys of one source (a file or a `-c` flag) that the host's schema does not know. */
export interface UnknownKeys {
  source: string;
  /** Dotted key paths, as in the warnings. */
  keys: string[];
}

/** The effective configuration and how it was assembled. */
export interface LoadedConfig {
  config: Config;
  layers: ConfigLayer[];
  /** Non-fatal problems (unknown keys, skipped untrusted project config). */
  warnings: string[];
  /** Every source's unknown keys (a plugin may own some: its `[<name>]` table). */
  unknownKeys: UnknownKeys[];
  /** The project root (nearest ancestor with a root marker), or cwd. */
  projectRoot: string;
}

/** Reads and parses a TOML file; undefined when it does not exist. Syntax errors name file:line:column. */
export function readTomlFile(path: string): Table | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return undefined;
    throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return parse(text) as Table;
  } catch (err) {
    if (err instanceof TomlError) {
      const start = unterminatedString(text.split("\n")[err.line - 1] ?? "");
      if (start !== undefined || /unfinished string/.test(err.message)) {
        const col = start ?? err.column;
        throw new ConfigError(
          `${path}:${err.line}:${col}: invalid TOML: unterminated string (the string starting at line ${err.line}, column ${col} has no closing quote)`,
        );
      }
      const first = err.message.split("\n")[0];
      throw new ConfigError(`${path}:${err.line}:${err.column}: invalid TOML: ${first}`);
    }
    throw new ConfigError(`${path}: invalid TOML: ${(err as Error).message}`);
  }
}

/** The 1-based column where a one-line TOML string opens but never closes on `line`, if any. */
export function unterminatedString(line: string): number | undefined {
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === "#") return undefined;
    if (line.startsWith('"""', i) || line.startsWith("'''", i)) return undefined; // multi-line
    if (c === '"' || c === "'") {
      const start = i;
      i++;
      while (i < line.length && line[i] !== c) i += c === '"' && line[i] === "\\" ? 2 : 1;
      if (i >= line.length) return start + 1;
    }
    i++;
  }
  return undefined;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `dir` or one of its ancestors is marked trusted in `projects`. */
export function isTrusted(config: Config, dir: string): boolean {
  const projects = config.projects ?? {};
  let d = dir;
  while (true) {
    const level = projects[d]?.trust_level;
    if (level) return level === "trusted";
    const parent = dirname(d);
    if (parent === d) return false;
    d = parent;
  }
}

/** Loads all layers and returns the merged, validated configuration. */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const strict = options.strict ?? false;
  const layers: ConfigLayer[] = [];
  const warnings: string[] = [];
  const unknown: UnknownKeys[] = [];
  const validate = (values: Table, source: string) => {
    const { unknownKeys } = validateLayer(values, source, strict);
    for (const key of unknownKeys) warnings.push(`ignoring unknown config key \`${key}\` in ${source}`);
    if (unknownKeys.length > 0) unknown.push({ source, keys: unknownKeys });
  };
  const add = (kind: LayerKind, source: string, values: Table | undefined) => {
    if (!values) return;
    validate(values, source);
    layers.push({ kind, source, values });
  };
  const merged = () => layers.reduce<Table>((acc, l) => mergeTables(acc, l.values), {});

  add(
    "system",
    options.systemConfigPath ?? "/etc/codex/config.toml",
    readTomlFile(options.systemConfigPath ?? "/etc/codex/config.toml"),
  );
  const userPath = join(options.codexHome, "config.toml");
  if (!options.ignoreUserConfig) add("user", userPath, readTomlFile(userPath));

  const overrides: Override[] = (options.overrides ?? []).map(parseOverride);
  const flagsTable: Table = {};
  for (const o of overrides) setPath(flagsTable, o.path, o.value);
  for (const [path, value] of options.flagValues ?? []) setPath(flagsTable, path, value);
  // Validate each flag on its own so an error names the exact `-c` flag.
  for (const o of overrides) {
    const single: Table = {};
    setPath(single, o.path, o.value);
    validate(single, `-c ${o.raw}`);
  }
  const dedicated: Table = {};
  for (const [path, value] of options.flagValues ?? []) setPath(dedicated, path, value);
  validateLayer(dedicated, "command-line flags", true);

  // Profile: --profile wins, then a legacy top-level `profile` key from the layers so far or flags.
  const base = merged();
  const profile = options.profile ??
    (typeof flagsTable.profile === "string" ? flagsTable.profile : undefined) ??
    (typeof base.profile === "string" ? base.profile : undefined);
  if (profile) {
    if (!/^[A-Za-z0-9_.-]+$/.test(profile)) {
      throw new ConfigError(
        `--profile: expected a name of letters, digits, '-', '_' or '.', found '${profile}'`,
      );
    }
    const profilePath = join(options.codexHome, `${profile}.config.toml`);
    const fromFile = readTomlFile(profilePath);
    const legacy = isTable(base.profiles) ? base.profiles[profile] : undefined;
    if (fromFile) add("profile", profilePath, fromFile);
    else if (isTable(legacy)) add("profile", `${userPath} [profiles.${profile}]`, legacy);
    else {
      throw new ConfigError(
        `profile '${profile}' not found: expected ${profilePath} or a [profiles.${profile}] table in ${userPath}`,
      );
    }
  }

  // Project layers need the trust decision and root markers from the layers above plus flags.
  const preProject = validateLayer(mergeTables(merged(), flagsTable), "the merged configuration").config;
  const root = findProjectRoot(options.cwd, preProject.project_root_markers ?? [".git"]);
  const trusted = isTrusted(preProject, root) || isTrusted(preProject, options.cwd);
  for (const dir of dirsFromRoot(root, options.cwd)) {
    const path = join(dir, ".codex", "config.toml");
    if (!isDir(join(dir, ".codex")) || !existsSync(path)) continue;
    if (!trusted) {
      warnings.push(
        `ignoring ${path}: project ${root} is not trusted (add [projects."${root}"] trust_level = "trusted" to ${userPath})`,
      );
      continue;
    }
    add("project", path, readTomlFile(path));
  }

  if (Object.keys(flagsTable).length > 0) {
    layers.push({ kind: "flags", source: "command-line flags", values: flagsTable });
  }
  const { config } = validateLayer(merged(), "the merged configuration");
  const hookFiles = hooksFilePaths(options.codexHome, dirsFromRoot(root, options.cwd), trusted);
  applyHooksFiles(config, hookFiles, userPath);
  return { config, layers, warnings, unknownKeys: unknown, projectRoot: root };
}
