/**
 * Skill discovery: the skill roots of a session, a bounded recursive scan of each for `SKILL.md` files,
 * frontmatter validation and `[[skills.config]]` enable/disable entries. Problems become warnings, never
 * exceptions.
 * @module
 */
import { readdirSync, readFileSync, realpathSync, statSync } from "../../lib/fs.ts";
import { basename, dirname, fileURLToPath, join, relative, resolve } from "../../lib/path.ts";
import { dirsFromRoot, findProjectRoot, type HostConfig as Config } from "../../mod.ts";
import { FrontmatterError, parseFrontmatter } from "../../lib/frontmatter.ts";

/** Where a skill root comes from, highest precedence first. */
export type SkillScope = "repo" | "user" | "system" | "admin" | "plugin";

/** A folder scanned for skills. */
export interface SkillRoot {
  path: string;
  scope: SkillScope;
  /** Prepended to the names of the skills found here (`prefix:name`); plugin bundles set it. */
  prefix?: string;
  /** The folder the model's skill roots table shows for this root (an ancestor of `path`); default `path`. */
  listedAs?: string;
}

/**
 * A skill folder contributed by a plugin (`ctx.contribute("skills", …)`): a `file:` URL, or a URL with a
 * prefix that namespaces its skills as `prefix:name` (plugin bundles use their name).
 */
export type SkillContribution = URL | { url: URL; prefix?: string; listedAs?: string };

/** A discovered skill. */
export interface Skill {
  name: string;
  description: string;
  shortDescription?: string;
  /** Absolute path of its SKILL.md. */
  path: string;
  /** The root it was found under. */
  root: string;
  scope: SkillScope;
  /** False when a `[[skills.config]]` entry disables it. */
  enabled: boolean;
}

/** The result of a discovery. */
export interface SkillDiscovery {
  /** Existing roots, in precedence order. */
  roots: SkillRoot[];
  /** Skills in precedence order (a name appears once: the first definition wins). */
  skills: Skill[];
  /** Malformed SKILL.md files, shadowed names, unusable roots. */
  warnings: string[];
}

/** Inputs of `discoverSkills`. */
export interface DiscoverOptions {
  cwd: string;
  codexHome: string;
  config: Config;
  /** Roots registered by plugins through `ctx.contribute("skills", url | { url, prefix })`. */
  pluginRoots?: readonly SkillContribution[];
  /** Environment lookup (`HOME`, `CODEX_SYSTEM_SKILLS_DIR`). */
  env?: (key: string) => string | undefined;
}

/** Deepest directory level scanned below a root. */
export const MAX_SCAN_DEPTH = 6;
/** Most directories scanned per root. */
export const MAX_SCAN_DIRS = 2000;
/** Limits from the SKILL.md format. */
export const MAX_NAME_CHARS = 64;
export const MAX_DESCRIPTION_CHARS = 1024;
/** The admin skill folder (overridable with `CODEX_SYSTEM_SKILLS_DIR`, e.g. for tests). */
export const DEFAULT_ADMIN_SKILLS_DIR = "/etc/codex/skills";

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The candidate roots of a session, in precedence order (missing folders are dropped by the scan). */
export function skillRoots(o: DiscoverOptions, warnings: string[] = []): SkillRoot[] {
  const env = o.env ?? ((k: string) => Deno.env.get(k));
  const cwd = resolve(o.cwd);
  const project = findProjectRoot(cwd, o.config.project_root_markers ?? [".git"]);
  const chain = dirsFromRoot(project, cwd);
  const roots: SkillRoot[] = [
    ...chain.map((d) => ({ path: join(d, ".agents", "skills"), scope: "repo" as const })),
    ...chain.map((d) => ({ path: join(d, ".codex", "skills"), scope: "repo" as const })),
    { path: join(o.codexHome, "skills"), scope: "user" },
  ];
  const home = env("HOME");
  if (home) roots.push({ path: join(home, ".agents", "skills"), scope: "user" });
  roots.push({ path: join(o.codexHome, "skills", ".system"), scope: "system" });
  roots.push({ path: env("CODEX_SYSTEM_SKILLS_DIR") || DEFAULT_ADMIN_SKILLS_DIR, scope: "admin" });
  for (const c of o.pluginRoots ?? []) {
    const url = c instanceof URL ? c : c.url;
    const prefix = c instanceof URL ? undefined : c.prefix;
    const listedAs = c instanceof URL ? undefined : c.listedAs;
    if (!(url instanceof URL) || url.protocol !== "file:") {
      const found = url instanceof URL ? url.protocol : typeof url;
      warnings.push(`skill root ${String(url)}: expected a file: URL, found ${found}`);
      continue;
    }
    roots.push({
      path: fileURLToPath(url),
      scope: "plugin",
      ...(prefix ? { prefix } : {}),
      ...(listedAs ? { listedAs } : {}),
    });
  }
  return roots;
}

/** Every SKILL.md below `root`: breadth first, hidden folders skipped, depth and count bounded. */
export function scanRoot(root: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  let queue: string[] = [root];
  for (let depth = 0; depth <= MAX_SCAN_DEPTH && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (seen.size >= MAX_SCAN_DIRS) return found;
      let real: string;
      try {
        real = realpathSync(dir);
      } catch {
        continue;
      }
      if (seen.has(real)) continue;
      seen.add(real);
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        continue;
      }
      if (names.includes("SKILL.md") && isFile(join(dir, "SKILL.md"))) found.push(join(dir, "SKILL.md"));
      for (const name of names) {
        if (!name.startsWith(".") && isDir(join(dir, name))) next.push(join(dir, name));
      }
    }
    queue = next;
  }
  return found;
}

/** Reads and validates one SKILL.md. Throws an Error whose message says what is wrong. */
export function readSkill(path: string, root: SkillRoot): Skill {
  let fm;
  try {
    fm = parseFrontmatter(readFileSync(path, "utf8"));
  } catch (err) {
    if (err instanceof FrontmatterError) throw err;
    throw new Error(`cannot read: ${(err as Error).message}`);
  }
  const { name: rawName, description, metadata } = fm.values;
  if (rawName !== undefined && typeof rawName !== "string") {
    throw new Error("name: expected a single line of text, found a nested table");
  }
  const name = (rawName ?? basename(dirname(path))).trim();
  if (name === "") throw new Error("name: expected a non-empty name, found an empty one");
  if (name.includes("\n")) throw new Error("name: expected a single line, found several");
  if (name.length > MAX_NAME_CHARS) {
    throw new Error(`name: expected at most ${MAX_NAME_CHARS} characters, found ${name.length}`);
  }
  if (typeof description !== "string" || description.trim() === "") {
    throw new Error(
      `description: expected text, found ${description === undefined ? "nothing" : "an empty value"}`,
    );
  }
  if (description.length > MAX_DESCRIPTION_CHARS) {
    throw new Error(
      `description: expected at most ${MAX_DESCRIPTION_CHARS} characters, found ${description.length}`,
    );
  }
  const short = typeof metadata === "object" ? metadata["short-description"] : undefined;
  if (short !== undefined && short.length > MAX_DESCRIPTION_CHARS) {
    throw new Error(
      `metadata.short-description: expected at most ${MAX_DESCRIPTION_CHARS} characters, found ${short.length}`,
    );
  }
  return {
    name: root.prefix ? `${root.prefix}:${name}` : name,
    description: description.trim().replace(/\s*\n\s*/g, " "),
    ...(short ? { shortDescription: short.trim() } : {}),
    path,
    root: root.listedAs ?? root.path,
    scope: root.scope,
    enabled: true,
  };
}

function expandPath(path: string, codexHome: string, env: (k: string) => string | undefined): string {
  if (path === "~" || path.startsWith("~/")) return join(env("HOME") ?? "/", path.slice(1));
  return resolve(codexHome, path);
}

/** Applies `[[skills.config]]` entries in order (a later entry wins). */
export function applySkillConfig(
  skills: Skill[],
  config: Config,
  codexHome: string,
  env: (k: string) => string | undefined = (k) => Deno.env.get(k),
): void {
  for (const entry of config.skills?.config ?? []) {
    const target = entry.path !== undefined ? expandPath(entry.path, codexHome, env) : undefined;
    for (const skill of skills) {
      const byPath = target !== undefined && (target === skill.path || target === dirname(skill.path));
      const byName = entry.name !== undefined && entry.name === skill.name;
      if (byPath || byName) skill.enabled = entry.enabled ?? true;
    }
  }
}

/** Finds every skill of a session. Never throws: problems are returned as warnings. */
export function discoverSkills(o: DiscoverOptions): SkillDiscovery {
  const warnings: string[] = [];
  const roots: SkillRoot[] = [];
  const skills: Skill[] = [];
  const seenRoots = new Set<string>();
  const seenFiles = new Set<string>();
  const byName = new Map<string, Skill>();
  for (const root of skillRoots(o, warnings)) {
    let real: string;
    try {
      real = realpathSync(root.path);
    } catch {
      continue;
    }
    const rootKey = `${root.prefix ?? ""}\0${real}`;
    if (seenRoots.has(rootKey) || !isDir(real)) continue;
    seenRoots.add(rootKey);
    roots.push(root);
    for (const file of scanRoot(root.path)) {
      let realFile = file;
      try {
        realFile = realpathSync(file);
      } catch { /* keep the path as found */ }
      if (seenFiles.has(realFile)) continue;
      seenFiles.add(realFile);
      let skill: Skill;
      try {
        skill = readSkill(file, root);
      } catch (err) {
        warnings.push(`skipped skill ${file}: ${(err as Error).message}`);
        continue;
      }
      const first = byName.get(skill.name);
      if (first) {
        warnings.push(`skill '${skill.name}' at ${file} is shadowed by the one at ${first.path}`);
        continue;
      }
      byName.set(skill.name, skill);
      skills.push(skill);
    }
  }
  applySkillConfig(skills, o.config, o.codexHome, o.env);
  return { roots, skills, warnings };
}

/** `path` relative to `root` when inside it, else undefined. */
export function insideRoot(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  return rel && !rel.startsWith("..") && !rel.startsWith("/") ? rel : undefined;
}
