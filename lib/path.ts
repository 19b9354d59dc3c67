/**
 * The subset of `node:path` and `node:url` this CLI uses (`join`, `resolve`, `dirname`, `basename`,
 * `relative`, `isAbsolute`, `sep`, `fileURLToPath`, `pathToFileURL`), with Node's POSIX semantics,
 * without `node:` imports: loading any `node:` module starts Deno's Node compatibility layer, which
 * costs 50-200 ms of a run's startup. On Windows these are `node:path`'s and `node:url`'s own functions.
 * @module
 */

type NodePath = typeof import("node:path");
type NodeUrl = typeof import("node:url");

const WINDOWS = Deno.build.os === "windows";
// Not literals, so that other platforms never load them (Deno loads literally named modules at startup).
const [NODE_PATH, NODE_URL] = ["node:path", "node:url"];
const win: { path: NodePath; url: NodeUrl } | undefined = WINDOWS
  ? { path: await import(NODE_PATH), url: await import(NODE_URL) }
  : undefined;

/** Resolves `.` and `..` segments of `path` (no leading slash handling). */
function normalizeSegments(path: string, allowAboveRoot: boolean): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (allowAboveRoot) out.push("..");
      continue;
    }
    out.push(segment);
  }
  return out.join("/");
}

function posixNormalize(path: string): string {
  if (path === "") return ".";
  const absolute = path.startsWith("/");
  const trailing = path.endsWith("/");
  let out = normalizeSegments(path, !absolute);
  if (out === "" && !absolute) out = ".";
  if (out !== "" && trailing) out += "/";
  return absolute ? `/${out}` : out;
}

function posixResolve(...paths: string[]): string {
  let resolved = "";
  let absolute = false;
  for (let i = paths.length - 1; i >= -1 && !absolute; i--) {
    const path = i >= 0 ? paths[i] : Deno.cwd();
    if (path === "") continue;
    resolved = `${path}/${resolved}`;
    absolute = path.startsWith("/");
  }
  const out = normalizeSegments(resolved, !absolute);
  return absolute ? `/${out}` : (out || ".");
}

function posixJoin(...paths: string[]): string {
  const joined = paths.filter((p) => p !== "").join("/");
  return joined === "" ? "." : posixNormalize(joined);
}

function posixDirname(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  let end = -1;
  let trailing = true;
  for (let i = path.length - 1; i >= 1; i--) {
    if (path[i] !== "/") trailing = false;
    else if (!trailing) {
      end = i;
      break;
    }
  }
  if (end === -1) return rooted ? "/" : ".";
  if (rooted && end === 1) return "//";
  return path.slice(0, end);
}

function posixBasename(path: string, suffix?: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === "/") end--;
  if (end === 0) return "";
  const base = path.slice(path.lastIndexOf("/", end - 1) + 1, end);
  if (suffix !== undefined && suffix !== base && base.endsWith(suffix)) {
    return base.slice(0, base.length - suffix.length);
  }
  return base;
}

function posixRelative(from: string, to: string): string {
  const a = posixResolve(from).split("/").filter((s) => s !== "");
  const b = posixResolve(to).split("/").filter((s) => s !== "");
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}

function posixFileURLToPath(url: string | URL): string {
  const u = typeof url === "string" ? new URL(url) : url;
  if (u.protocol !== "file:") throw new TypeError(`The URL must be of scheme file, found '${u.protocol}'`);
  if (u.hostname !== "") {
    throw new TypeError(`File URL host must be "localhost" or empty on ${Deno.build.os}`);
  }
  if (/%2f/i.test(u.pathname)) {
    throw new TypeError("File URL path must not include encoded / characters");
  }
  return decodeURIComponent(u.pathname);
}

function posixPathToFileURL(path: string): URL {
  let resolved = posixResolve(path);
  if (path.endsWith("/") && !resolved.endsWith("/")) resolved += "/";
  const url = new URL("file:///");
  url.pathname = resolved.replace(/%/g, "%25").replace(/\\/g, "%5C").replace(/\n/g, "%0A")
    .replace(/\r/g, "%0D").replace(/\t/g, "%09");
  return url;
}

/** The path separator. */
export const sep: string = win ? win.path.sep : "/";
/** `node:path`'s `join`. */
export const join: (...paths: string[]) => string = win ? win.path.join : posixJoin;
/** `node:path`'s `resolve`. */
export const resolve: (...paths: string[]) => string = win ? win.path.resolve : posixResolve;
/** `node:path`'s `normalize`. */
export const normalize: (path: string) => string = win ? win.path.normalize : posixNormalize;
/** `node:path`'s `dirname`. */
export const dirname: (path: string) => string = win ? win.path.dirname : posixDirname;
/** `node:path`'s `basename`. */
export const basename: (path: string, suffix?: string) => string = win ? win.path.basename : posixBasename;
/** `node:path`'s `relative`. */
export const relative: (from: string, to: string) => string = win ? win.path.relative : posixRelative;
/** `node:path`'s `isAbsolute`. */
export const isAbsolute: (path: string) => boolean = win
  ? win.path.isAbsolute
  : (path: string) => path.startsWith("/");
/** `node:url`'s `fileURLToPath`. */
export const fileURLToPath: (url: string | URL) => string = win ? win.url.fileURLToPath : posixFileURLToPath;
/** `node:url`'s `pathToFileURL`. */
export const pathToFileURL: (path: string) => URL = win ? win.url.pathToFileURL : posixPathToFileURL;
