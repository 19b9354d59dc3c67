/**
 * The import-graph check of DESIGN.md, run by `deno task check`:
 * - `src/kernel` imports only itself;
 * - `plugins/<name>/` and `sandbox/<name>/` import only their own folder, `mod.ts` and `lib/`;
 * - `src/frontends` and `src/cli` import `src/host` (and each other, config, session), never a plugin;
 * - `lib/` imports no plugin.
 * Package specifiers (`zod`, `npm:…`, `node:…`, `jsr:…`) are always allowed; tests (`*_test.ts`) are not
 * checked. Prints every violation as `file: imports target (rule)` and exits 1 when there is any.
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";

/** One import that breaks a rule. */
export interface Violation {
  file: string;
  target: string;
  rule: string;
}

const ROOTS = ["src", "lib", "plugins", "sandbox"];

/** Composition modules that list the built-in plugins and backends: allowed to import plugin folders. */
const COMPOSITION = new Set(["plugins/mod.ts", "sandbox/builtin.ts", "sandbox/mod.ts"]);

/**
 * Known violations waiting to be fixed, each `file -> target` (empty: the repository follows the rules). Remove entries as they are fixed; a
 * listed import that no longer exists is reported so the list only shrinks.
 */
export const PENDING: ReadonlySet<string> = new Set<string>([]);

/** Top-level sandbox modules shared by the host and the backends (the backend contract and chooser). */
const SANDBOX_SHARED = /^sandbox\/[^/]+\.ts$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) walk(path, out);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) out.push(path);
  }
  return out;
}

/** Removes comments so that examples in JSDoc are not read as imports. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** Every relative module specifier `source` imports or re-exports, statically or with `import()`. */
export function specifiers(source: string): string[] {
  const text = stripComments(source);
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]);
  return found.filter((s) => s.startsWith("."));
}

function area(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "src") return `src/${parts[1]}`;
  if ((parts[0] === "plugins" || parts[0] === "sandbox") && parts.length > 2) {
    return `${parts[0]}/${parts[1]}`;
  }
  return parts.length === 1 ? path : parts[0];
}

function isPluginFile(path: string): boolean {
  return (path.startsWith("plugins/") && path.split("/").length > 2) ||
    (path.startsWith("sandbox/") && path.split("/").length > 2);
}

/** The rule `file` importing `target` (both relative to the repo root) breaks, if any. */
export function ruleBroken(file: string, target: string): string | undefined {
  const from = area(file);
  const to = area(target);
  if (from === "src/kernel") {
    return to === "src/kernel" ? undefined : "src/kernel imports only itself";
  }
  if (isPluginFile(file)) {
    if (to === from || target === "mod.ts" || target.startsWith("lib/")) return undefined;
    return `${file.split("/")[0]}/* import only their own folder, mod.ts and lib/`;
  }
  if (from === "lib") {
    return isPluginFile(target) || target === "plugins/mod.ts" ? "lib/ imports no plugin" : undefined;
  }
  if (from === "src/frontends" || from === "src/cli") {
    if (isPluginFile(target) || target === "plugins/mod.ts") {
      return `${from} imports src/host, never a plugin`;
    }
  }
  return undefined;
}

/** Checks every module under the repo root `root`. */
export function checkImports(root: string): Violation[] {
  const violations: Violation[] = [];
  const pendingSeen = new Set<string>();
  for (const top of ROOTS) {
    for (const abs of walk(join(root, top))) {
      const file = relative(root, abs);
      if (COMPOSITION.has(file) || SANDBOX_SHARED.test(file)) continue;
      for (const spec of specifiers(Deno.readTextFileSync(abs))) {
        const target = relative(root, resolve(dirname(abs), spec));
        const rule = ruleBroken(file, target);
        if (!rule) continue;
        const key = `${file} -> ${target}`;
        if (PENDING.has(key)) pendingSeen.add(key);
        else violations.push({ file, target, rule });
      }
    }
  }
  for (const key of PENDING) {
    if (!pendingSeen.has(key)) {
      const [file, target] = key.split(" -> ");
      violations.push({ file, target, rule: "fixed: remove it from PENDING in scripts/check_imports.ts" });
    }
  }
  return violations;
}

if (import.meta.main) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
  const violations = checkImports(root);
  for (const v of violations) console.error(`${v.file}: imports ${v.target} (${v.rule})`);
  if (violations.length > 0) {
    console.error(`import check: ${violations.length} import(s) break DESIGN.md's rules`);
    Deno.exit(1);
  }
  console.log("import check: ok");
}
