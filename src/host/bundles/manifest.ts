/**
 * The files of plugin bundles and marketplaces: `.agents/plugins/marketplace.json` (a marketplace; Claude
 * Code's `.claude-plugin/marketplace.json` is read too) and
 * the plugin manifest of a bundle in any of the three layouts this CLI reads, `.codex-plugin/plugin.json`
 * (Codex), `.claude-plugin/plugin.json` (Claude Code) and `.plugin/plugin.json` (Open Plugins). Errors
 * name the file and the field, with what was expected and what was found.
 * @module
 */
import { existsSync, readFileSync } from "../../../lib/fs.ts";
import { join, resolve } from "../../../lib/path.ts";
import { z } from "zod";
import { ConfigError } from "../../kernel/errors.ts";

/** Where a marketplace keeps its catalogue, relative to its root (Codex's place). */
export const MARKETPLACE_FILE = join(".agents", "plugins", "marketplace.json");

/** Catalogue places looked for, in order: Codex's, then Claude Code's. */
export const MARKETPLACE_FILES = [MARKETPLACE_FILE, join(".claude-plugin", "marketplace.json")] as const;

/** Manifest folders, in the order they are looked for. */
export const MANIFEST_DIRS = [".codex-plugin", ".claude-plugin", ".plugin"] as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const name = z.string().regex(NAME, "a name of letters, digits, '.', '_' and '-'");

/** One entry of a marketplace's catalogue. */
export const MarketplaceEntrySchema = z.looseObject({
  name,
  /** A folder relative to the marketplace root (`./plugins/x`), or `{ source: "local", path }`. */
  source: z.union([z.string(), z.looseObject({ source: z.string().optional(), path: z.string() })]),
  description: z.string().optional(),
  version: z.string().optional(),
});

/** `.agents/plugins/marketplace.json`. */
export const MarketplaceManifestSchema = z.looseObject({
  name,
  owner: z.looseObject({ name: z.string().optional() }).optional(),
  plugins: z.array(MarketplaceEntrySchema),
});

/** A bundle's `plugin.json` (the keys this CLI reads; others are kept and ignored). */
export const PluginManifestSchema = z.looseObject({
  name,
  version: z.string().optional(),
  description: z.string().optional(),
  /**
   * A TypeScript plugin (this CLI's own plugin API) shipped in the bundle: `entry` relative to the bundle
   * root, and an optional `sha256` pin of that file.
   */
  /** The skills folder, relative to the bundle root (default `skills/`). */
  skills: z.string().optional(),
  /** The markdown commands folder, relative to the bundle root (default `commands/`). */
  commands: z.string().optional(),
  /** Hooks: a hooks.json path relative to the bundle root (default `hooks/hooks.json`), or inline. */
  hooks: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  /** MCP servers: a `.mcp.json`-style file relative to the bundle root (default `.mcp.json`), or inline. */
  mcpServers: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  typescript: z.strictObject({
    entry: z.string(),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, "a 64-digit hex sha256").optional(),
  }).optional(),
});

/** A marketplace catalogue. */
export type MarketplaceManifest = z.output<typeof MarketplaceManifestSchema>;
/** A bundle manifest. */
export type PluginManifest = z.output<typeof PluginManifestSchema>;

function readJson<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    const why = err instanceof SyntaxError ? `invalid JSON: ${err.message}` : (err as Error).message;
    throw new ConfigError(`${file}: ${why}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new ConfigError(`${file}: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** The catalogue file of the marketplace at `root` (Codex's place, else Claude Code's); undefined when none. */
export function marketplaceFile(root: string): string | undefined {
  return MARKETPLACE_FILES.map((f) => join(root, f)).find((f) => existsSync(f));
}

/** Reads a marketplace's catalogue from its root folder. */
export function readMarketplace(root: string): MarketplaceManifest {
  const file = marketplaceFile(root);
  if (!file) {
    throw new ConfigError(
      `${root}: not a plugin marketplace (expected ${MARKETPLACE_FILES.join(" or ")})`,
    );
  }
  return readJson(file, MarketplaceManifestSchema);
}

/** The manifest file of the bundle at `root`, in the first layout found; undefined when none. */
export function manifestFile(root: string): string | undefined {
  for (const dir of MANIFEST_DIRS) {
    const file = join(root, dir, "plugin.json");
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Reads the bundle manifest at `root` (any layout). */
export function readPluginManifest(root: string): PluginManifest {
  const file = manifestFile(root);
  if (!file) {
    throw new ConfigError(
      `${root}: not a plugin bundle (expected ${MANIFEST_DIRS.map((d) => `${d}/plugin.json`).join(", or ")})`,
    );
  }
  return readJson(file, PluginManifestSchema);
}

/**
 * The folder of a catalogue entry, resolved against the marketplace root; a folder outside the
 * marketplace is an error.
 */
export function entryPath(marketRoot: string, entry: z.output<typeof MarketplaceEntrySchema>): string {
  const rel = typeof entry.source === "string" ? entry.source : entry.source.path;
  const root = resolve(marketRoot);
  const path = resolve(root, rel);
  if (path !== root && !path.startsWith(root + "/")) {
    throw new ConfigError(
      `marketplace ${root}: plugin '${entry.name}': source: expected a folder inside the marketplace, found '${rel}'`,
    );
  }
  return path;
}
