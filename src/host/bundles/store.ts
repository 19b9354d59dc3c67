/**
 * Marketplaces and installed bundles on disk and in config.toml, as Codex 0.171 keeps them:
 * `[marketplaces.<name>] source_type = "local" | "git", source = "..."`, `[plugins."<name>@<market>"]
 * enabled = true`, and each installed bundle copied to `$CODEX_HOME/plugins/cache/<market>/<name>/<version>`.
 * Git marketplaces are cloned with the system `git` into `$CODEX_HOME/plugins/marketplaces/<name>`.
 * config.toml is edited table by table, so comments and everything else stay as written.
 * @module
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "../../../lib/fs.ts";
import { dirname, isAbsolute, join, resolve } from "../../../lib/path.ts";
import type { Config } from "../../config/schema.ts";
import type { Requirements } from "../../config/requirements.ts";
import { appendBlock, hasTable, removeTable, tomlKey, tomlValue } from "../../config/toml_edit.ts";
import { CodexError, ConfigError } from "../../kernel/errors.ts";
import {
  entryPath,
  MARKETPLACE_FILE,
  marketplaceFile,
  type MarketplaceManifest,
  readMarketplace,
  readPluginManifest,
} from "./manifest.ts";

/** Where marketplaces and bundles live for one `$CODEX_HOME`. */
export interface BundleHome {
  codexHome: string;
  /** The effective config (marketplaces and plugins tables). */
  config: Config;
  requirements?: Requirements;
}

/** A configured marketplace with its root folder. */
export interface Marketplace {
  name: string;
  sourceType: "local" | "git";
  source: string;
  ref?: string;
  root: string;
}

/** `name@market`, split. */
export interface Selector {
  name: string;
  market: string;
}

/** The folder holding installed bundles' copies. */
export function cacheRoot(codexHome: string): string {
  return join(codexHome, "plugins", "cache");
}

/** The folder holding git marketplaces' clones. */
export function clonesRoot(codexHome: string): string {
  return join(codexHome, "plugins", "marketplaces");
}

/** Parses `PLUGIN@MARKET` or `PLUGIN` with `--marketplace MARKET`. */
export function parseSelector(selector: string, marketplace?: string): Selector {
  const at = selector.lastIndexOf("@");
  if (at > 0) {
    const market = selector.slice(at + 1);
    if (marketplace && marketplace !== market) {
      throw new CodexError(`plugin ${selector}: --marketplace ${marketplace} names another marketplace`);
    }
    return { name: selector.slice(0, at), market };
  }
  if (!marketplace) {
    throw new CodexError(
      `plugin '${selector}': plugin requires --marketplace unless passed as <plugin>@<marketplace>`,
    );
  }
  return { name: selector, market: marketplace };
}

/** The configured marketplaces, with their roots. */
export function marketplaces(home: BundleHome): Marketplace[] {
  return Object.entries(home.config.marketplaces ?? {}).map(([name, m]) => {
    const sourceType = m.source_type ?? "local";
    return {
      name,
      sourceType,
      source: m.source,
      ref: m.ref,
      root: sourceType === "git" ? join(clonesRoot(home.codexHome), name) : m.source,
    };
  });
}

/** Whether requirements.toml lets `market` (by name or source) be used. */
export function marketplaceAllowed(home: BundleHome, market: { name: string; source?: string }): boolean {
  const allowed = home.requirements?.allowed_marketplaces;
  return !allowed || allowed.includes(market.name) || (!!market.source && allowed.includes(market.source));
}

/** Whether requirements.toml lets bundle `name@market` be used. */
export function pluginAllowed(home: BundleHome, s: Selector): boolean {
  const allowed = home.requirements?.allowed_plugins;
  return !allowed || allowed.includes(`${s.name}@${s.market}`) || allowed.includes(`*@${s.market}`);
}

function configPath(home: BundleHome): string {
  return join(home.codexHome, "config.toml");
}

function readConfigText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return "";
    throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

function editConfig(home: BundleHome, edit: (text: string) => string): void {
  const path = configPath(home);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, edit(readConfigText(path)));
}

/** Whether `source` names a git repository rather than a marketplace folder. */
export function isGitSource(source: string): boolean {
  if (/^(https?|ssh|git|file):\/\//.test(source) || /^[\w.-]+@[\w.-]+:/.test(source)) return true;
  if (/^[\w.-]+\/[\w.-]+(@[\w./-]+)?$/.test(source) && !existsSync(source)) return true; // owner/repo[@ref]
  // A local bare repository (or any git checkout without a catalogue at its root).
  return existsSync(join(source, "HEAD")) && existsSync(join(source, "objects"));
}

function gitUrl(source: string): { url: string; ref?: string } {
  const m = /^([\w.-]+\/[\w.-]+)(?:@([\w./-]+))?$/.exec(source);
  if (m && !existsSync(source)) return { url: `https://github.com/${m[1]}.git`, ref: m[2] };
  if (!/^[a-z]+:\/\//.test(source) && !/^[\w.-]+@[\w.-]+:/.test(source)) return { url: resolve(source) };
  return { url: source };
}

function git(args: string[], cwd?: string): void {
  const out = new Deno.Command("git", { args, cwd, stdout: "piped", stderr: "piped", stdin: "null" })
    .outputSync();
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-2).join(" ");
    throw new CodexError(`git ${args[0]} failed: ${err || `exit ${out.code}`}`);
  }
}

/** Clones `url` at `ref` into a fresh staging folder under `codexHome`; returns it. */
function cloneStaging(codexHome: string, url: string, ref?: string): string {
  const staging = join(clonesRoot(codexHome), `.staging-${crypto.randomUUID()}`);
  mkdirSync(dirname(staging), { recursive: true });
  git(["clone", "--quiet", "--depth", "1", ...(ref ? ["--branch", ref] : []), url, staging]);
  return staging;
}

const print = (text: string) => console.log(text);

/** `codex plugin marketplace add SOURCE [--ref REF]`. */
export function marketplaceAdd(home: BundleHome, source: string, ref?: string): number {
  let manifest: MarketplaceManifest;
  let root: string;
  let table: { source_type: "local" | "git"; source: string; ref?: string };
  if (isGitSource(source)) {
    const g = gitUrl(source);
    const wantRef = ref ?? g.ref;
    const staging = cloneStaging(home.codexHome, g.url, wantRef);
    try {
      manifest = readMarketplace(staging);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    root = join(clonesRoot(home.codexHome), manifest.name);
    table = { source_type: "git", source: g.url, ...(wantRef ? { ref: wantRef } : {}) };
    if (!marketplaceAllowed(home, { name: manifest.name, source: g.url })) {
      rmSync(staging, { recursive: true, force: true });
      throw new CodexError(notAllowed(home, `marketplace '${manifest.name}' (${g.url})`));
    }
    if (alreadyAdded(home, manifest.name, table, root)) {
      rmSync(staging, { recursive: true, force: true });
      return 0;
    }
    rmSync(root, { recursive: true, force: true });
    renameSync(staging, root);
  } else {
    root = isAbsolute(source) ? source : resolve(source);
    manifest = readMarketplace(root);
    table = { source_type: "local", source: root };
    if (!marketplaceAllowed(home, { name: manifest.name, source: root })) {
      throw new CodexError(notAllowed(home, `marketplace '${manifest.name}' (${root})`));
    }
    if (alreadyAdded(home, manifest.name, table, root)) return 0;
  }
  const lines = [`[marketplaces.${tomlKey(manifest.name)}]`];
  for (const [k, v] of Object.entries(table)) lines.push(`${k} = ${tomlValue(v)}`);
  editConfig(home, (text) => appendBlock(text, lines.join("\n") + "\n"));
  print(`Added marketplace \`${manifest.name}\` from ${table.source}.`);
  print(`Installed marketplace root: ${root}`);
  return 0;
}

/**
 * True (after saying so, as Codex does) when marketplace `name` is already added from the same source;
 * an error when it is added from another one.
 */
function alreadyAdded(
  home: BundleHome,
  name: string,
  table: { source: string; ref?: string },
  root: string,
): boolean {
  const path = configPath(home);
  const existing = home.config.marketplaces?.[name];
  if (!existing && !hasTable(readConfigText(path), ["marketplaces", name])) return false;
  if (existing && existing.source === table.source && existing.ref === table.ref) {
    print(`Marketplace \`${name}\` is already added from ${table.source}.`);
    print(`Installed marketplace root: ${root}`);
    return true;
  }
  throw new CodexError(
    `marketplace '${name}' is already configured in ${path} from ${
      existing?.source ?? "another source"
    }; remove it first: codex plugin marketplace remove ${name}`,
  );
}

function notAllowed(home: BundleHome, what: string): string {
  const src = home.requirements?.source ?? "requirements.toml";
  const why = home.requirements?.message ?? home.requirements?.reason;
  return `${what} is not allowed by ${src}${why ? `: ${why}` : ""}`;
}

/** `codex plugin marketplace list`. */
export function marketplaceList(home: BundleHome, json: boolean): number {
  const all = marketplaces(home);
  if (json) {
    console.log(JSON.stringify(
      {
        marketplaces: all.map((m) => ({
          name: m.name,
          root: m.root,
          marketplaceSource: { sourceType: m.sourceType, source: m.source },
        })),
      },
      null,
      2,
    ));
    return 0;
  }
  if (all.length === 0) {
    print("No plugin marketplaces in scope.");
    return 0;
  }
  const width = Math.max("MARKETPLACE".length, ...all.map((m) => m.name.length));
  print(`${"MARKETPLACE".padEnd(width)}  ROOT`);
  for (const m of all) print(`${m.name.padEnd(width)}  ${m.root}`);
  return 0;
}

function findMarketplace(home: BundleHome, name: string): Marketplace {
  const m = marketplaces(home).find((x) => x.name === name);
  if (!m) throw new CodexError(`no marketplace named '${name}' (see: codex plugin marketplace list)`);
  return m;
}

/** `codex plugin marketplace upgrade [NAME]`: refreshes git snapshots and re-installs their bundles. */
export function marketplaceUpgrade(home: BundleHome, name?: string): number {
  if (name && findMarketplace(home, name).sourceType !== "git") {
    throw new CodexError(`marketplace \`${name}\` is not configured as a Git marketplace`);
  }
  const targets = (name ? [findMarketplace(home, name)] : marketplaces(home)).filter((m) =>
    m.sourceType === "git"
  );
  if (targets.length === 0) {
    print("No configured Git marketplaces to upgrade.");
    return 0;
  }
  let failed = false;
  for (const m of targets) {
    const staging = cloneStaging(home.codexHome, m.source, m.ref);
    try {
      readMarketplace(staging);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    rmSync(m.root, { recursive: true, force: true });
    renameSync(staging, m.root);
    print(`Upgraded marketplace \`${m.name}\`.`);
    for (const s of installedSelectors(home).filter((s) => s.market === m.name)) {
      try {
        const installed = install(home, s);
        print(`Updated plugin \`${s.name}\` to ${installed.version}.`);
      } catch (err) {
        console.error(`warning: plugin ${s.name}@${s.market} not updated: ${(err as Error).message}`);
        failed = true;
      }
    }
  }
  return failed ? 1 : 0;
}

/** `codex plugin marketplace remove NAME`. */
export function marketplaceRemove(home: BundleHome, name: string): number {
  const m = findMarketplace(home, name);
  editConfig(home, (text) => removeTable(text, ["marketplaces", name]));
  if (m.sourceType === "git") rmSync(m.root, { recursive: true, force: true });
  print(`Removed marketplace \`${name}\`.`);
  return 0;
}

/** The `[plugins."n@m"]` entries of the config, as selectors. */
export function installedSelectors(home: BundleHome): (Selector & { enabled: boolean })[] {
  return Object.entries(home.config.plugins ?? {}).flatMap(([id, v]) => {
    const at = id.lastIndexOf("@");
    if (at <= 0) return [];
    return [{ name: id.slice(0, at), market: id.slice(at + 1), enabled: v.enabled !== false }];
  });
}

/** The installed copy of `s`: its folder and version, or undefined when it is not in the cache. */
export function installedCopy(codexHome: string, s: Selector): { dir: string; version: string } | undefined {
  const base = join(cacheRoot(codexHome), s.market, s.name);
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => !v.startsWith("."));
  if (versions.length === 0) return undefined;
  const version = versions.sort().at(-1)!;
  return { dir: join(base, version), version };
}

interface Installed {
  version: string;
  dir: string;
  source: string;
}

/** Copies bundle `s` from its marketplace into the cache (replacing any older copy). */
function install(home: BundleHome, s: Selector): Installed {
  const m = findMarketplace(home, s.market);
  const manifest = readMarketplace(m.root);
  const entry = manifest.plugins.find((p) => p.name === s.name);
  if (!entry) {
    throw new CodexError(
      `plugin \`${s.name}\` was not found in marketplace \`${s.market}\` (it has: ${
        manifest.plugins.map((p) => p.name).join(", ") || "none"
      })`,
    );
  }
  const source = entryPath(m.root, entry);
  const bundle = readPluginManifest(source);
  const version = bundle.version ?? entry.version ?? "local";
  const base = join(cacheRoot(home.codexHome), s.market, s.name);
  const dir = join(base, version);
  const staging = join(base, `.staging-${crypto.randomUUID()}`);
  mkdirSync(base, { recursive: true });
  cpSync(source, staging, { recursive: true, filter: (p) => !p.split("/").includes(".git") });
  for (const old of readdirSync(base)) {
    if (!old.startsWith(".staging")) rmSync(join(base, old), { recursive: true, force: true });
  }
  renameSync(staging, dir);
  return { version, dir, source };
}

/** `codex plugin add PLUGIN[@MARKET] [--marketplace M] [--json]`. */
export function pluginAdd(home: BundleHome, s: Selector, json: boolean): number {
  const m = findMarketplace(home, s.market);
  if (!marketplaceAllowed(home, m)) throw new CodexError(notAllowed(home, `marketplace '${m.name}'`));
  if (!pluginAllowed(home, s)) throw new CodexError(notAllowed(home, `plugin '${s.name}@${s.market}'`));
  const installed = install(home, s);
  const id = `${s.name}@${s.market}`;
  editConfig(
    home,
    (text) => appendBlock(removeTable(text, ["plugins", id]), `[plugins.${tomlKey(id)}]\nenabled = true\n`),
  );
  if (json) {
    console.log(JSON.stringify(
      {
        pluginId: id,
        name: s.name,
        marketplaceName: s.market,
        version: installed.version,
        installedPath: installed.dir,
        authPolicy: "ON_INSTALL",
      },
      null,
      2,
    ));
  } else {
    print(`Added plugin \`${s.name}\` from marketplace \`${s.market}\`.`);
    print(`Installed plugin root: ${installed.dir}`);
  }
  return 0;
}

/** `codex plugin remove PLUGIN[@MARKET] [--marketplace M]` (like Codex, removing an absent plugin succeeds). */
export function pluginRemove(home: BundleHome, s: Selector): number {
  const id = `${s.name}@${s.market}`;
  editConfig(home, (t) => removeTable(t, ["plugins", id]));
  rmSync(join(cacheRoot(home.codexHome), s.market, s.name), { recursive: true, force: true });
  print(`Removed plugin \`${s.name}\` from marketplace \`${s.market}\`.`);
  return 0;
}

/** One row of `codex plugin list`. */
export interface PluginRow {
  pluginId: string;
  name: string;
  marketplaceName: string;
  version: string | null;
  installed: boolean;
  enabled: boolean;
  allowed: boolean;
  source: { source: "local"; path: string };
  marketplaceSource: { sourceType: "local" | "git"; source: string };
}

/** A catalogue entry's folder for listing (an entry pointing outside its marketplace is shown as written). */
function listedPath(root: string, entry: Parameters<typeof entryPath>[1]): string {
  try {
    return entryPath(root, entry);
  } catch {
    return typeof entry.source === "string" ? entry.source : entry.source.path;
  }
}

/** Every bundle offered by the configured marketplaces, with its install state. */
export function pluginRows(home: BundleHome): { market: Marketplace; file: string; rows: PluginRow[] }[] {
  const installed = new Map(installedSelectors(home).map((s) => [`${s.name}@${s.market}`, s]));
  return marketplaces(home).map((m) => {
    let manifest: MarketplaceManifest;
    try {
      manifest = readMarketplace(m.root);
    } catch (err) {
      console.error(`warning: ${(err as Error).message}`);
      return { market: m, file: marketplaceFile(m.root) ?? join(m.root, MARKETPLACE_FILE), rows: [] };
    }
    const rows = manifest.plugins.map((p): PluginRow => {
      const id = `${p.name}@${m.name}`;
      const inst = installed.get(id);
      const copy = inst ? installedCopy(home.codexHome, { name: p.name, market: m.name }) : undefined;
      return {
        pluginId: id,
        name: p.name,
        marketplaceName: m.name,
        version: copy?.version ?? null,
        installed: !!copy,
        enabled: !!copy && inst!.enabled,
        allowed: marketplaceAllowed(home, m) && pluginAllowed(home, { name: p.name, market: m.name }),
        source: { source: "local", path: listedPath(m.root, p) },
        marketplaceSource: { sourceType: m.sourceType, source: m.source },
      };
    });
    return { market: m, file: marketplaceFile(m.root) ?? join(m.root, MARKETPLACE_FILE), rows };
  });
}

/** `codex plugin list [--json]`. */
export function pluginList(home: BundleHome, json: boolean): number {
  const groups = pluginRows(home);
  if (json) {
    const all = groups.flatMap((g) => g.rows);
    const shape = ({ allowed: _a, ...r }: PluginRow) => ({
      ...r,
      installPolicy: _a ? "AVAILABLE" : "NOT_ALLOWED",
      authPolicy: "ON_INSTALL",
    });
    console.log(JSON.stringify(
      {
        installed: all.filter((r) => r.installed).map(shape),
        available: all.filter((r) => !r.installed).map(shape),
      },
      null,
      2,
    ));
    return 0;
  }
  if (groups.length === 0) {
    print("No marketplace plugins found.");
    return 0;
  }
  for (const g of groups) {
    print(`Marketplace \`${g.market.name}\``);
    print(g.file);
    print("");
    const cells = g.rows.map((r) => [
      r.pluginId,
      !r.allowed
        ? "not allowed"
        : r.installed
        ? (r.enabled ? "installed, enabled" : "installed, disabled")
        : "not installed",
      r.version ?? "",
      r.source.path,
    ]);
    const head = ["PLUGIN", "STATUS", "VERSION", "SOURCE"];
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const line = (c: string[]) => c.map((x, i) => i === c.length - 1 ? x : x.padEnd(widths[i])).join("  ");
    print(line(head));
    for (const c of cells) print(line(c));
  }
  return 0;
}
