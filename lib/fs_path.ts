/**
 * The few path operations `apply_patch` needs (resolve, dirname, basename, join), with Deno's own APIs
 * only: importing any `node:` module loads Deno's Node compatibility layer, which costs the standalone
 * `apply_patch` (and the sandboxed write helper, started once per patch) tens of milliseconds and
 * megabytes. Results equal `node:path`'s on POSIX paths; on Windows both separators are accepted and `\`
 * is written.
 * @module
 */

const WINDOWS = Deno.build.os === "windows";
const SEP = WINDOWS ? "\\" : "/";

function isSep(code: number): boolean {
  return code === 47 || (WINDOWS && code === 92);
}

/** The root of `p` (`/`, `C:\`, `\\`), or "" for a relative path. */
function rootOf(p: string): string {
  if (!WINDOWS) return p.startsWith("/") ? "/" : "";
  const drive = /^[A-Za-z]:[\\/]/.exec(p);
  if (drive) return `${drive[0].slice(0, 2)}\\`;
  return p.startsWith("\\") || p.startsWith("/") ? "\\" : "";
}

/** Whether `p` is absolute. */
export function isAbsolute(p: string): boolean {
  return rootOf(p) !== "";
}

/** `segments` resolved right to left into an absolute, normalized path (like `node:path`'s `resolve`). */
export function resolve(...segments: string[]): string {
  let path = "";
  for (let i = segments.length - 1; i >= 0 && !isAbsolute(path); i--) {
    const s = segments[i];
    if (s === "") continue;
    path = path === "" ? s : `${s}${SEP}${path}`;
  }
  if (!isAbsolute(path)) path = path === "" ? Deno.cwd() : `${Deno.cwd()}${SEP}${path}`;
  const root = rootOf(path);
  const out: string[] = [];
  for (const seg of path.slice(root.length).split(WINDOWS ? /[\\/]+/ : /\/+/)) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return root + out.join(SEP);
}

/** `p` without its last segment (like `node:path`'s `dirname` on normalized paths): `/a/b` -> `/a`, `/a` -> `/`, `a` -> `.`. */
export function dirname(p: string): string {
  const root = rootOf(p);
  let end = p.length;
  while (end > root.length && isSep(p.charCodeAt(end - 1))) end--; // trailing separators
  let i = end - 1;
  while (i >= root.length && !isSep(p.charCodeAt(i))) i--;
  if (i < root.length) return root === "" ? "." : root;
  return p.slice(0, i);
}

/** The last segment of `p` (like `node:path`'s `basename` without a suffix). */
export function basename(p: string): string {
  let end = p.length;
  while (end > 1 && isSep(p.charCodeAt(end - 1))) end--;
  let i = end - 1;
  while (i >= 0 && !isSep(p.charCodeAt(i))) i--;
  return p.slice(i + 1, end);
}

/** `dir` and `name` joined with one separator (both already normalized). */
export function join(dir: string, name: string): string {
  return dir === "" ? name : isSep(dir.charCodeAt(dir.length - 1)) ? dir + name : dir + SEP + name;
}
