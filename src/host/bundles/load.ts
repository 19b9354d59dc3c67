/**
 * What the installed, enabled and allowed bundles bring to a session. Each bundle's components are
 * namespaced by the bundle's name, so two bundles cannot collide:
 * - skills (`skills/`) are listed as `bundle:skill`;
 * - markdown commands (`commands/*.md`) become `/bundle:command`;
 * - MCP servers (`.mcp.json`) become `[mcp_servers."bundle-server"]`;
 * - hooks (`hooks/hooks.json`, Codex's format) join the config's hooks, with `${CODEX_PLUGIN_ROOT}`,
 *   `${CLAUDE_PLUGIN_ROOT}` and `${PLUGIN_ROOT}` replaced by the bundle's folder;
 * - a TypeScript entry (`plugin.json` `typescript.entry`, optional `sha256`) joins `plugins_ts`, so the
 *   run-time plugin loader (its pins and requirements.toml's `allowed_plugins_ts`) loads it; both are checked
 *   here first, so a disallowed or tampered entry skips its bundle with a warning.
 * A disabled, missing or disallowed bundle contributes nothing; a broken one is a warning naming its file.
 * @module
 */
import { sha256Hex } from "../../../lib/hash.ts";
import { existsSync, readFileSync } from "../../../lib/fs.ts";
import { join, resolve } from "../../../lib/path.ts";
import type { z } from "zod";
import { HooksFileSchema } from "../../config/hooks_files.ts";
import type { Config, HookGroupSchema } from "../../config/schema.ts";
import { resolveHookEvent } from "../../kernel/hooks.ts";
import { manifestFile, type PluginManifest, readPluginManifest } from "./manifest.ts";
import {
  type BundleHome,
  cacheRoot,
  installedCopy,
  installedSelectors,
  marketplaceAllowed,
  marketplaces,
  pluginAllowed,
} from "./store.ts";

/** A bundle loaded into a session, and what it contributed. */
export interface LoadedBundle {
  /** `name@market`. */
  id: string;
  name: string;
  market: string;
  version: string;
  root: string;
  /** The marketplace's folder of installed copies (`$CODEX_HOME/plugins/cache/<market>`). */
  marketDir: string;
  manifest: string;
  /** Folders and names it contributed (for `/plugins` and `codex plugins list`). */
  skillsDir?: string;
  commandsDir?: string;
  mcpServers: string[];
  hookEvents: string[];
  typescriptEntry?: string;
}

type HookGroups = Record<string, z.output<typeof HookGroupSchema>[]>;

function expandRoot(command: string, root: string): string {
  return command.replace(/\$\{(CODEX_PLUGIN_ROOT|CLAUDE_PLUGIN_ROOT|PLUGIN_ROOT)\}/g, root);
}

function readJsonFile(file: string): unknown {
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: invalid JSON: ${(err as Error).message}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads hooks in Codex's hooks.json format (`{ "hooks": { Event: [{ matcher, hooks: [{ type, command,
 * timeout }] }] } }`, validated by the same schema as `$CODEX_HOME/hooks.json`); `raw` is the parsed file
 * or plugin.json's inline `hooks` (with or without the outer `hooks` key); `file` names where it came
 * from. Events this CLI does not know are skipped with a warning.
 */
function bundleHooks(root: string, file: string, raw: unknown, warnings: string[]): HookGroups {
  const parsed = HooksFileSchema.safeParse(isRecord(raw) && "hooks" in raw ? raw : { hooks: raw });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: field '${issue.path.join(".") || "(root)"}': ${issue.message}`);
  }
  const out: HookGroups = {};
  for (const [event, groups] of Object.entries(parsed.data.hooks)) {
    if (!resolveHookEvent(event)) {
      warnings.push(`${file}: hooks.${event}: this CLI has no hook event '${event}'; its hooks are skipped`);
      continue;
    }
    out[event] = groups.map((g) => ({
      ...g,
      hooks: g.hooks.map((h) => ({ ...h, command: expandRoot(h.command, root) })),
    }));
  }
  return out;
}

/**
 * Reads MCP servers in `.mcp.json`'s format (`{ "mcpServers": { name: { command, args, env } | { url,
 * headers } } }`); `raw` is the parsed file or plugin.json's inline `mcpServers` (with or without the
 * outer key); `file` names where it came from.
 */
function bundleMcpServers(
  root: string,
  file: string,
  raw: unknown,
): Record<string, Record<string, unknown>> {
  const servers = isRecord(raw) && (isRecord(raw.mcpServers) || isRecord(raw.mcp_servers))
    ? (raw.mcpServers ?? raw.mcp_servers)
    : raw;
  if (!isRecord(servers)) throw new Error(`${file}: mcpServers: expected an object of servers`);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(servers)) {
    if (!isRecord(spec)) throw new Error(`${file}: mcpServers.${name}: expected an object`);
    const s: Record<string, unknown> = {};
    if (typeof spec.command === "string") s.command = expandRoot(spec.command, root);
    if (Array.isArray(spec.args)) s.args = spec.args.map((a) => expandRoot(String(a), root));
    if (isRecord(spec.env)) {
      s.env = Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, String(v)]));
    }
    if (typeof spec.url === "string") s.url = spec.url;
    if (isRecord(spec.headers)) {
      s.http_headers = Object.fromEntries(Object.entries(spec.headers).map(([k, v]) => [k, String(v)]));
    }
    if (typeof spec.cwd === "string") s.cwd = expandRoot(spec.cwd, root);
    if (s.command === undefined && s.url === undefined) {
      throw new Error(`${file}: mcpServers.${name}: expected a command or a url`);
    }
    out[name] = s;
  }
  return out;
}

/**
 * Refuses a TypeScript entry requirements.toml's `allowed_plugins_ts` does not allow, or whose file does not
 * match its pin, so the bundle is skipped with a warning instead of failing the session.
 */
function checkEntry(home: BundleHome, manifest: string, entry: string, pin?: string): void {
  const allowed = home.requirements?.allowed_plugins_ts;
  if (allowed && !allowed.some((a) => entry === a || entry.startsWith(a.endsWith("/") ? a : a + "/"))) {
    throw new Error(
      `${manifest}: typescript.entry: ${entry} is not allowed by ${
        home.requirements!.source
      } (allowed_plugins_ts)`,
    );
  }
  if (pin) {
    const actual = sha256Hex(readFileSync(entry));
    if (actual !== pin.toLowerCase()) {
      throw new Error(`${manifest}: typescript.sha256: expected ${pin} for ${entry}, found ${actual}`);
    }
  }
}

/** `rel` resolved inside the bundle `root`; a path leaving the bundle is an error naming `field`. */
function inside(root: string, manifest: string, field: string, rel: string): string {
  const path = resolve(root, rel);
  if (path !== root && !path.startsWith(root + "/")) {
    throw new Error(`${manifest}: ${field}: expected a path inside the bundle, found '${rel}'`);
  }
  return path;
}

/**
 * A JSON component: plugin.json's `field` (inline value, or a path to a JSON file in the bundle), else the
 * default file when it exists; undefined when there is none.
 */
function component(
  root: string,
  manifest: string,
  field: string,
  declared: unknown,
  defaultFile: string,
): { file: string; value: unknown } | undefined {
  if (declared !== undefined && typeof declared !== "string") {
    return { file: `${manifest}: ${field}`, value: declared };
  }
  const file = typeof declared === "string"
    ? inside(root, manifest, field, declared)
    : join(root, defaultFile);
  if (!existsSync(file)) {
    if (typeof declared === "string") throw new Error(`${manifest}: ${field}: no such file ${file}`);
    return undefined;
  }
  return { file, value: readJsonFile(file) };
}

/** A folder component: plugin.json's `field` (a path in the bundle), else `<root>/<field>` when it exists. */
function folder(
  root: string,
  manifest: string,
  field: string,
  declared: string | undefined,
): string | undefined {
  const dir = declared === undefined ? join(root, field) : inside(root, manifest, field, declared);
  if (existsSync(dir)) return dir;
  if (declared !== undefined) throw new Error(`${manifest}: ${field}: no such folder ${dir}`);
  return undefined;
}

function mergeHooks(config: Config, groups: HookGroups): void {
  const current = config.hooks;
  if (Array.isArray(current)) {
    for (const [event, gs] of Object.entries(groups)) {
      for (const g of gs) {
        for (const h of g.hooks) {
          current.push({
            event,
            command: h.command,
            ...(g.matcher ? { matcher: g.matcher } : {}),
            ...(h.timeout ? { timeout: h.timeout } : {}),
          });
        }
      }
    }
    return;
  }
  const table = (current ?? {}) as HookGroups;
  for (const [event, gs] of Object.entries(groups)) table[event] = [...(table[event] ?? []), ...gs];
  config.hooks = table as Config["hooks"];
}

/**
 * Loads the enabled bundles into `config` (MCP servers, hooks, TypeScript entries) and returns them with
 * their skill and command folders, which the bundles plugin contributes. Problems become `warnings`.
 */
export function applyBundles(home: BundleHome, warnings: string[]): LoadedBundle[] {
  const config = home.config;
  const byMarket = new Map(marketplaces(home).map((m) => [m.name, m]));
  const out: LoadedBundle[] = [];
  for (const s of installedSelectors(home)) {
    if (!s.enabled) continue;
    const id = `${s.name}@${s.market}`;
    const market = byMarket.get(s.market);
    if (!market) {
      warnings.push(`plugin ${id}: marketplace '${s.market}' is not configured; the plugin is not loaded`);
      continue;
    }
    if (!marketplaceAllowed(home, market) || !pluginAllowed(home, s)) {
      warnings.push(
        `plugin ${id}: not allowed by ${home.requirements?.source ?? "requirements.toml"}; not loaded`,
      );
      continue;
    }
    const copy = installedCopy(home.codexHome, s);
    if (!copy) {
      warnings.push(`plugin ${id}: not installed (run: codex plugin add ${id})`);
      continue;
    }
    const root = copy.dir;
    let manifest: PluginManifest;
    try {
      manifest = readPluginManifest(root);
    } catch (err) {
      warnings.push(`plugin ${id}: ${(err as Error).message}`);
      continue;
    }
    const bundle: LoadedBundle = {
      id,
      name: s.name,
      market: s.market,
      version: copy.version,
      root,
      marketDir: join(cacheRoot(home.codexHome), s.market),
      manifest: manifestFile(root)!,
      mcpServers: [],
      hookEvents: [],
    };
    // Read every component first, so a broken one leaves the config untouched.
    let servers: Record<string, Record<string, unknown>> = {};
    let groups: HookGroups = {};
    let entry: string | undefined;
    let skillsDir: string | undefined;
    let commandsDir: string | undefined;
    try {
      const mcp = component(root, bundle.manifest, "mcpServers", manifest.mcpServers, ".mcp.json");
      if (mcp) servers = bundleMcpServers(root, mcp.file, mcp.value);
      const hooks = component(root, bundle.manifest, "hooks", manifest.hooks, join("hooks", "hooks.json"));
      if (hooks) groups = bundleHooks(root, hooks.file, hooks.value, warnings);
      skillsDir = folder(root, bundle.manifest, "skills", manifest.skills);
      commandsDir = folder(root, bundle.manifest, "commands", manifest.commands);
      if (manifest.typescript) {
        entry = inside(root, bundle.manifest, "typescript.entry", manifest.typescript.entry);
        if (!existsSync(entry)) {
          throw new Error(`${bundle.manifest}: typescript.entry: no such file ${entry}`);
        }
        checkEntry(home, bundle.manifest, entry, manifest.typescript.sha256);
      }
    } catch (err) {
      warnings.push(`plugin ${id}: ${(err as Error).message}`);
      continue;
    }
    if (skillsDir) bundle.skillsDir = skillsDir;
    if (commandsDir) bundle.commandsDir = commandsDir;
    const table = (config.mcp_servers ??= {}) as Record<string, unknown>;
    for (const [name, spec] of Object.entries(servers)) {
      const key = `${s.name}-${name}`;
      if (key in table) {
        warnings.push(`plugin ${id}: MCP server '${key}' is already configured; the bundle's is skipped`);
        continue;
      }
      table[key] = spec;
      bundle.mcpServers.push(key);
    }
    if (Object.keys(groups).length > 0) {
      mergeHooks(config, groups);
      bundle.hookEvents = Object.keys(groups);
    }
    if (manifest.typescript && entry) {
      const spec = (config.plugins_ts ??= {});
      spec.paths = [...(spec.paths ?? []), entry];
      if (manifest.typescript.sha256) spec.sha256 = { ...spec.sha256, [entry]: manifest.typescript.sha256 };
      bundle.typescriptEntry = entry;
    }
    out.push(bundle);
  }
  return out;
}
