/**
 * Organization plugins loaded at run time from config:
 *
 * ```toml
 * [plugins_ts]
 * paths = ["/opt/acme/codex-plugins/", "/home/me/guard.ts"]   # files, or folders of *.ts files
 * sha256 = { "/home/me/guard.ts" = "9f86d0…" }               # optional pins
 * ```
 *
 * Paths must be absolute (or file:// URLs). Project config only reaches this when the project is trusted
 * (untrusted project layers are not loaded at all); `/etc/codex/requirements.toml` may restrict which files
 * load (`allowed_plugins_ts`). Each module's default export must be a plugin (`definePlugin`).
 * @module
 */
import { readdirSync, readFileSync, statSync } from "../../lib/fs.ts";
import { fileURLToPath, isAbsolute, join, pathToFileURL } from "../../lib/path.ts";
import type { Config } from "../config/schema.ts";
import { PluginError } from "../kernel/errors.ts";
import type { Plugin } from "../kernel/plugin.ts";

/** Plugins loaded from config, with the file each came from. */
export interface LoadedRuntimePlugins {
  plugins: Plugin[];
  sources: Map<Plugin, string>;
}

function toPath(entry: string): string {
  const path = entry.startsWith("file://") ? fileURLToPath(entry) : entry;
  if (!isAbsolute(path)) {
    throw new PluginError(`plugins_ts.paths: expected an absolute path or file:// URL, found '${entry}'`);
  }
  return path;
}

function expand(path: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    throw new PluginError(`plugins_ts: cannot load ${path}: ${(err as Error).message}`);
  }
  if (!isDir) return [path];
  return readdirSync(path).filter((f) => f.endsWith(".ts") && !f.endsWith("_test.ts")).sort().map((f) =>
    join(path, f)
  );
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", readFileSync(path));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function isPlugin(v: unknown): v is Plugin {
  const p = v as Partial<Plugin> | null;
  return typeof p === "object" && p !== null && typeof p.name === "string" && typeof p.api === "number" &&
    typeof p.setup === "function";
}

/** Imports the plugins named in `plugins_ts`. `allowed` (from requirements.toml) restricts which files load. */
export async function loadRuntimePlugins(
  config: Config,
  allowed?: readonly string[],
  allowedBy = "requirements.toml",
): Promise<LoadedRuntimePlugins> {
  const spec = config.plugins_ts;
  const out: LoadedRuntimePlugins = { plugins: [], sources: new Map() };
  if (!spec?.paths?.length) return out;
  const pins = new Map(Object.entries(spec.sha256 ?? {}).map(([k, v]) => [toPath(k), v.toLowerCase()]));
  const allowedPaths = allowed?.map(toPath);
  for (const file of spec.paths.map(toPath).flatMap(expand)) {
    if (
      allowedPaths && !allowedPaths.some((a) => file === a || file.startsWith(a.endsWith("/") ? a : a + "/"))
    ) {
      throw new PluginError(
        `plugins_ts: ${file} is not allowed by ${allowedBy} (allowed_plugins_ts: ${
          allowedPaths.join(", ") || "none"
        })`,
      );
    }
    const pin = pins.get(file);
    if (pin) {
      const actual = await sha256(file);
      if (actual !== pin) {
        throw new PluginError(`plugins_ts: ${file}: expected sha256 ${pin}, found ${actual}`);
      }
    }
    let mod: { default?: unknown };
    try {
      mod = await import(pathToFileURL(file).href);
    } catch (err) {
      throw new PluginError(`plugins_ts: cannot load ${file}: ${(err as Error).message.split("\n")[0]}`);
    }
    if (!isPlugin(mod.default)) {
      throw new PluginError(
        `plugins_ts: ${file}: expected a default export made with definePlugin({ name, api, setup }), found ${
          mod.default === undefined ? "no default export" : typeof mod.default
        }`,
      );
    }
    out.plugins.push(mod.default);
    out.sources.set(mod.default, file);
  }
  return out;
}
