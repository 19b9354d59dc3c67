/**
 * Where config lives: `$CODEX_HOME` and the project root. Written with Deno's own APIs only (no TOML, no
 * zod, no `node:` modules, whose compatibility layer costs about 12 MB at startup), so `mod.ts` can export
 * it without weight. POSIX and Windows separators are both accepted.
 * @module
 */

const SEP = Deno.build.os === "windows" ? "\\" : "/";

function isAbsolutePath(p: string): boolean {
  return p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");
}

/** `parts` joined and normalized (`.` and `..` resolved), relative to the current directory if relative. */
function resolvePath(...parts: string[]): string {
  let path = "";
  for (const p of parts) path = isAbsolutePath(p) ? p : path ? `${path}${SEP}${p}` : p;
  if (!isAbsolutePath(path)) path = `${Deno.cwd()}${SEP}${path}`;
  const drive = /^[A-Za-z]:/.exec(path)?.[0] ?? "";
  const out: string[] = [];
  for (const seg of path.slice(drive.length).split(/[\\/]+/)) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return `${drive}${SEP}${out.join(SEP)}`;
}

function parentOf(dir: string): string {
  return resolvePath(dir, "..");
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** `$CODEX_HOME`, else `~/.codex`. */
export function defaultCodexHome(env: (k: string) => string | undefined = (k) => Deno.env.get(k)): string {
  const fromEnv = env("CODEX_HOME");
  if (fromEnv) return resolvePath(fromEnv);
  return resolvePath(env("HOME") ?? env("USERPROFILE") ?? ".", ".codex");
}

/** The nearest ancestor of `cwd` (or `cwd`) holding one of `markers`; `cwd` when none does. */
export function findProjectRoot(cwd: string, markers: string[]): string {
  if (markers.length === 0) return cwd;
  let dir = cwd;
  while (true) {
    if (markers.some((m) => exists(`${dir}${dir.endsWith(SEP) ? "" : SEP}${m}`))) return dir;
    const parent = parentOf(dir);
    if (parent === dir) return cwd;
    dir = parent;
  }
}

/** Directories from `root` down to `cwd`, inclusive (just `cwd` when `root` is not an ancestor). */
export function dirsFromRoot(root: string, cwd: string): string[] {
  const dirs: string[] = [];
  let dir = cwd;
  while (true) {
    dirs.unshift(dir);
    if (dir === root) break;
    const parent = parentOf(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dirs;
}
