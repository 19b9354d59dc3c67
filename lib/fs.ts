/**
 * The synchronous subset of `node:fs` this CLI uses, on Deno's own file APIs and with Node's error
 * messages (`ENOENT: no such file or directory, open '/x'`) and `code`s, without a `node:` import:
 * loading any `node:` module starts Deno's Node compatibility layer, which costs 50-200 ms of a run's
 * startup.
 * @module
 */

/** Node's wording of the errors file operations meet. */
const DESCRIPTIONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EEXIST: "file already exists",
  EISDIR: "illegal operation on a directory",
  ENOTDIR: "not a directory",
  ENOTEMPTY: "directory not empty",
  ELOOP: "too many symbolic links encountered",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EBUSY: "resource busy or locked",
  EXDEV: "cross-device link not permitted",
};

/** A file-system error as Node reports it: `code`, `syscall`, `path` and Node's message. */
export class FsError extends Error {
  readonly code: string | undefined;
  readonly syscall: string;
  readonly path: string;
  constructor(cause: unknown, syscall: string, path: string) {
    const code = (cause as { code?: string } | null)?.code;
    const description = code ? DESCRIPTIONS[code] : undefined;
    super(
      code && description
        ? `${code}: ${description}, ${syscall} '${path}'`
        : cause instanceof Error
        ? cause.message
        : String(cause),
      { cause },
    );
    this.name = "Error";
    this.code = code;
    this.syscall = syscall;
    this.path = path;
  }
}

function wrap<T>(syscall: string, path: string | URL, op: () => T): T {
  try {
    return op();
  } catch (err) {
    throw new FsError(err, syscall, String(path instanceof URL ? path.pathname : path));
  }
}

/** `node:fs` `Stats`, the parts this CLI reads. */
export interface Stats {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  isFIFO(): boolean;
  size: number;
  mtimeMs: number;
  mtime: Date;
  mode: number;
}

function stats(info: Deno.FileInfo): Stats {
  const mtime = info.mtime ?? new Date(0);
  return {
    isFile: () => info.isFile,
    isDirectory: () => info.isDirectory,
    isSymbolicLink: () => info.isSymlink,
    isFIFO: () => info.isFifo === true,
    size: info.size,
    mtimeMs: mtime.getTime(),
    mtime,
    mode: info.mode ?? 0,
  };
}

/** Whether `path` exists (following symlinks). */
export function existsSync(path: string | URL): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads a file: as text with an encoding (`"utf8"`), else as bytes. */
export function readFileSync(path: string | URL, encoding: "utf8" | "utf-8" | { encoding: "utf8" }): string;
export function readFileSync(path: string | URL): Uint8Array<ArrayBuffer>;
export function readFileSync(
  path: string | URL,
  encoding?: "utf8" | "utf-8" | { encoding: "utf8" },
): string | Uint8Array<ArrayBuffer> {
  return wrap("open", path, () => encoding ? Deno.readTextFileSync(path) : Deno.readFileSync(path));
}

/** Writes (replaces) a file; `mode` applies when the file is created. */
export function writeFileSync(
  path: string | URL,
  data: string | Uint8Array,
  options?: { mode?: number },
): void {
  wrap("open", path, () => {
    if (typeof data === "string") Deno.writeTextFileSync(path, data, { mode: options?.mode });
    else Deno.writeFileSync(path, data, { mode: options?.mode });
  });
}

/** `stat` (following symlinks). */
export function statSync(path: string | URL): Stats {
  return wrap("stat", path, () => stats(Deno.statSync(path)));
}

/** `lstat` (not following symlinks). */
export function lstatSync(path: string | URL): Stats {
  return wrap("lstat", path, () => stats(Deno.lstatSync(path)));
}

/** The names in a folder (in the order the OS lists them). */
export function readdirSync(path: string | URL): string[] {
  return wrap("scandir", path, () => [...Deno.readDirSync(path)].map((e) => e.name));
}

/** Creates a folder (`recursive`: with its parents, and no error when it exists). */
export function mkdirSync(path: string | URL, options?: { recursive?: boolean; mode?: number }): void {
  wrap("mkdir", path, () => Deno.mkdirSync(path, { recursive: options?.recursive, mode: options?.mode }));
}

/** Removes a file or folder (`recursive` for folders; `force`: no error when it does not exist). */
export function rmSync(path: string | URL, options?: { recursive?: boolean; force?: boolean }): void {
  try {
    Deno.removeSync(path, { recursive: options?.recursive });
  } catch (err) {
    if (options?.force && err instanceof Deno.errors.NotFound) return;
    throw new FsError(err, "rm", String(path));
  }
}

/** Changes a file's mode bits. */
export function chmodSync(path: string | URL, mode: number): void {
  wrap("chmod", path, () => Deno.chmodSync(path, mode));
}

/** Renames (moves) `from` to `to`, replacing a file at `to`. */
export function renameSync(from: string | URL, to: string | URL): void {
  wrap("rename", from, () => Deno.renameSync(from, to));
}

/** The canonical absolute path (symlinks resolved). */
export function realpathSync(path: string | URL): string {
  return wrap("realpath", path, () => Deno.realPathSync(path));
}

/** Opens `path` for appending (creating it when missing) and closes it again: whether it can be written. */
export function touchSync(path: string): void {
  wrap("open", path, () => Deno.openSync(path, { append: true, create: true }).close());
}

/** Up to `max` bytes from the start of a file. */
export function readHeadSync(path: string, max: number): Uint8Array {
  return wrap("read", path, () => {
    const file = Deno.openSync(path, { read: true });
    try {
      const buf = new Uint8Array(max);
      const n = file.readSync(buf) ?? 0;
      return buf.subarray(0, n);
    } finally {
      file.close();
    }
  });
}

/**
 * Copies a file or (with `recursive`) a folder tree, as `node:fs` `cpSync` does by default: symlinks are
 * copied as symlinks (relative targets made absolute), existing files are replaced, and `filter` may skip
 * an entry (and everything under it).
 */
export function cpSync(
  src: string,
  dest: string,
  options: { recursive?: boolean; filter?: (src: string, dest: string) => boolean } = {},
): void {
  if (options.filter && !options.filter(src, dest)) return;
  const info = wrap("lstat", src, () => Deno.lstatSync(src));
  if (info.isDirectory) {
    if (!options.recursive) throw new FsError({ code: "EISDIR" }, "cp", src);
    wrap("mkdir", dest, () => Deno.mkdirSync(dest, { recursive: true }));
    for (const name of readdirSync(src)) cpSync(`${src}/${name}`, `${dest}/${name}`, options);
  } else if (info.isSymlink) {
    const target = wrap("readlink", src, () => Deno.readLinkSync(src));
    const dir = src.slice(0, src.lastIndexOf("/")) || "/";
    wrap("symlink", dest, () => Deno.symlinkSync(target.startsWith("/") ? target : `${dir}/${target}`, dest));
  } else {
    wrap("copyfile", src, () => Deno.copyFileSync(src, dest));
  }
}
