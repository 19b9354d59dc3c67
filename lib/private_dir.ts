/**
 * A per-process private directory for files the CLI hands to sandboxed commands and later uses
 * itself unsandboxed (the `apply_patch` helper scripts, BASH_ENV, the bwrap seccomp program). It must
 * lie outside every writable root, or a sandboxed command could rewrite what runs unsandboxed next.
 * @module
 */
import { join } from "./path.ts";

function isDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

function within(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith("/") ? root : `${root}/`);
}

function real(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    return path;
  }
}

/**
 * Where private directories go: `$XDG_RUNTIME_DIR`, else `/var/tmp`, else `~/.cache`, skipping any that lies in
 * `/tmp`, `$TMPDIR` or the working directory, the default writable roots. Undefined when
 * none fits (the caller then falls back to the system temp dir).
 */
export function privateBaseDir(
  getEnv: (k: string) => string | undefined = (k) => Deno.env.get(k),
  cwd: string = Deno.cwd(),
): string | undefined {
  const writable = ["/tmp", getEnv("TMPDIR"), cwd].filter((p): p is string => !!p).map(real);
  const home = getEnv("HOME");
  for (const candidate of [getEnv("XDG_RUNTIME_DIR"), "/var/tmp", home ? `${home}/.cache` : undefined]) {
    if (!candidate || !isDir(candidate)) continue;
    const dir = real(candidate);
    if (writable.some((root) => within(dir, root))) continue;
    return dir;
  }
  return undefined;
}

const made = new Map<string, string>();

/**
 * A fresh 0700 directory named `codex-<purpose>-*` under `privateBaseDir()`, made once per process and
 * purpose, removed when the process exits.
 */
export function privateDir(purpose: string): string {
  const known = made.get(purpose);
  if (known && isDir(known)) return known;
  const dir = Deno.makeTempDirSync({ prefix: `codex-${purpose}-`, dir: privateBaseDir() });
  made.set(purpose, dir);
  globalThis.addEventListener("unload", () => {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // already gone
    }
  });
  return dir;
}

/** Writes `bytes` to `name` in the private directory of `purpose` (once); returns the path. */
export function privateFile(purpose: string, name: string, bytes: Uint8Array): string {
  const path = join(privateDir(purpose), name);
  try {
    Deno.statSync(path);
  } catch {
    Deno.writeFileSync(path, bytes, { mode: 0o600 });
  }
  return path;
}
