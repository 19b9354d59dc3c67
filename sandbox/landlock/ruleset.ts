/**
 * Landlock rules for a sandbox policy: which access rights the ruleset handles for a given ABI, and the
 * list of `path_beneath` rules (read + execute everywhere, write under the writable roots).
 *
 * Landlock can only add rights, and a right granted on a directory covers everything beneath it. So a
 * writable root that contains a protected path (`.git`, `.codex`, or another root's protected path) is
 * not granted as a whole. Instead `planRules` walks down towards each protected path and grants full
 * write on every sibling directory, and write/truncate on every sibling regular file, that is not itself
 * protected or an ancestor of a protected path. The consequence, by design: in a directory that holds an
 * existing protected path (a repository root with `.git`), existing entries stay fully writable but new
 * entries cannot be created (or removed, or renamed) at that directory's own level. When the protected
 * paths below a directory do not exist yet (the workspace's `.codex`, a non-repository's `.git`), the
 * directory keeps every right except creating entries, so existing files stay writable and removable
 * but nothing new (not even a `.git` file) can appear at its level; its subdirectories keep every
 * right.
 * @module
 */
import { basename, dirname, join, relative, resolve, sep } from "../../lib/path.ts";
import type { SandboxPolicy } from "../../mod.ts";

/** `LANDLOCK_ACCESS_FS_*` bits. */
export const FS = {
  EXECUTE: 1 << 0,
  WRITE_FILE: 1 << 1,
  READ_FILE: 1 << 2,
  READ_DIR: 1 << 3,
  REMOVE_DIR: 1 << 4,
  REMOVE_FILE: 1 << 5,
  MAKE_CHAR: 1 << 6,
  MAKE_DIR: 1 << 7,
  MAKE_REG: 1 << 8,
  MAKE_SOCK: 1 << 9,
  MAKE_FIFO: 1 << 10,
  MAKE_BLOCK: 1 << 11,
  MAKE_SYM: 1 << 12,
  /** ABI 2. */
  REFER: 1 << 13,
  /** ABI 3. */
  TRUNCATE: 1 << 14,
} as const;

/** Every right that creates a directory entry (also needed as the destination of a rename or link). */
export const MAKE_ANY = FS.MAKE_CHAR | FS.MAKE_DIR | FS.MAKE_REG | FS.MAKE_SOCK | FS.MAKE_FIFO |
  FS.MAKE_BLOCK | FS.MAKE_SYM;

/** Rights that only read. */
export const READ_ACCESS = FS.EXECUTE | FS.READ_FILE | FS.READ_DIR;
/** Rights meaningful on a regular file (Landlock rejects directory-only rights on file rules). */
export const FILE_ACCESS_MASK = FS.EXECUTE | FS.WRITE_FILE | FS.READ_FILE | FS.TRUNCATE;

/**
 * The filesystem rights the ruleset handles for `abi`: every right up to TRUNCATE that the ABI knows.
 * `IOCTL_DEV` (ABI 5) is deliberately left unhandled: device ioctls are not a way to write files, and
 * handling it would break terminal ioctls on devices opened inside the sandbox.
 */
export function handledAccess(abi: number): number {
  let mask = (1 << 13) - 1;
  if (abi >= 2) mask |= FS.REFER;
  if (abi >= 3) mask |= FS.TRUNCATE;
  return mask;
}

/** Every handled right: what a writable directory gets. */
export function writeAccess(abi: number): number {
  return handledAccess(abi);
}

/** Device files any command may write (the policy's "write nowhere" still allows `/dev/null`). */
export const WRITABLE_DEVICES = [
  "/dev/null",
  "/dev/zero",
  "/dev/full",
  "/dev/tty",
  "/dev/random",
  "/dev/urandom",
];

/** One `LANDLOCK_RULE_PATH_BENEATH` rule. */
export interface PathRule {
  path: string;
  access: number;
}

/** The file-system view `planRules` needs (injected so plans can be tested on fake trees). */
export interface FsView {
  /** `lstat` kind, or undefined when missing. */
  kind(path: string): "dir" | "file" | "other" | undefined;
  /** Entry names of a directory. */
  list(path: string): string[];
  /** Canonical path (symlinks resolved), or undefined when missing. */
  real(path: string): string | undefined;
}

/** The real file system. */
export const realFs: FsView = {
  kind(path) {
    try {
      const st = Deno.lstatSync(path);
      return st.isDirectory ? "dir" : st.isFile ? "file" : st.isSymlink ? "other" : "other";
    } catch {
      return undefined;
    }
  },
  list(path) {
    try {
      return [...Deno.readDirSync(path)].map((e) => e.name);
    } catch {
      return [];
    }
  },
  real(path) {
    try {
      return Deno.realPathSync(path);
    } catch {
      return undefined;
    }
  },
};

function isWithin(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && rel !== "..");
}

/**
 * The rules for `policy` under ABI `abi`: read+execute on `/`, write on the writable devices, and write
 * on the writable roots minus protected paths (see the module doc for how subtraction is emulated).
 */
export function planRules(policy: SandboxPolicy, abi: number, fs: FsView = realFs): PathRule[] {
  const write = writeAccess(abi);
  const fileWrite = write & FILE_ACCESS_MASK;
  const rules: PathRule[] = [{ path: "/", access: READ_ACCESS }];
  for (const dev of WRITABLE_DEVICES) {
    if (fs.kind(dev) !== undefined) {
      rules.push({ path: dev, access: (READ_ACCESS | fileWrite) & FILE_ACCESS_MASK });
    }
  }
  if (policy.mode === "read-only") return rules;

  const roots = [...new Set(policy.writableRoots.map((r) => fs.real(r)).filter((r): r is string => !!r))]
    .filter((r) => fs.kind(r) === "dir");
  // Protected paths are canonicalised through their parent: the leaf itself may be missing.
  const protectedPaths = [
    ...new Set(policy.readOnlyPaths.map((p) => {
      const abs = resolve(p);
      return join(fs.real(dirname(abs)) ?? dirname(abs), basename(abs));
    })),
  ];
  for (const root of roots) grantBelow(root, protectedPaths, write, fs, rules);
  return rules;
}

/**
 * Grants write under `dir` except on the protected paths (see the module doc): the whole directory when
 * nothing protected lies below it, else its unprotected children one by one.
 */
function grantBelow(
  dir: string,
  protectedPaths: string[],
  write: number,
  fs: FsView,
  rules: PathRule[],
): void {
  const below = protectedPaths.filter((p) => p !== dir && isWithin(p, dir));
  if (below.length === 0) {
    rules.push({ path: dir, access: write });
    return;
  }
  // With only not-yet-existing protected paths below, the directory keeps every right except creating
  // entries (so the missing path can never appear: not as a directory, and not as a `.git` file
  // pointing git at a directory the sandbox wrote).
  const partial = below.every((p) => fs.kind(p) === undefined);
  if (partial) rules.push({ path: dir, access: write & ~MAKE_ANY });
  for (const name of fs.list(dir)) {
    const child = join(dir, name);
    if (below.includes(child)) continue;
    const kind = fs.kind(child);
    if (below.some((p) => isWithin(p, child))) {
      if (kind === "dir") grantBelow(child, below, write, fs, rules);
    } else if (kind === "dir") {
      rules.push({ path: child, access: write });
    } else if (kind === "file" && !partial) {
      rules.push({ path: child, access: (READ_ACCESS | write) & FILE_ACCESS_MASK });
    }
  }
}
