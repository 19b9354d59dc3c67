/**
 * Checks a verified patch's writes against the session's sandbox policy — the same `SandboxPolicy` the
 * shell's commands run under: nothing under `read-only`, only inside the working directory or a
 * writable root under `workspace-write` (never inside `.git`/`.codex`/`.agents`), anything under
 * `danger-full-access`. Paths are compared after resolving symlinks, so a link cannot lead outside.
 * @module
 */
import { basename, dirname, join, relative, resolve } from "../../lib/path.ts";
import type { SandboxPolicy } from "../../mod.ts";
import type { FileOperation } from "./apply.ts";

/** Why a patch may not be written. The tool answers `patch rejected: <message>`. */
export class PatchRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatchRejectedError";
  }
}

/** `path` with symlinks resolved as far as it exists; the missing tail is appended as written. */
export function canonicalPath(path: string): string {
  const abs = resolve(path);
  const tail: string[] = [];
  for (let p = abs;; p = dirname(p)) {
    try {
      return join(Deno.realPathSync(p), ...tail.reverse());
    } catch {
      if (p === dirname(p)) return abs;
      tail.push(basename(p));
    }
  }
}

/** Whether `path` is `root` or inside it (both absolute and canonical). */
export function isWithin(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
}

/** Every absolute path a set of operations writes or deletes. */
export function writtenPaths(operations: FileOperation[]): string[] {
  const out: string[] = [];
  for (const op of operations) {
    out.push(op.absPath);
    if (op.absMovePath !== undefined) out.push(op.absMovePath);
  }
  return out;
}

/**
 * Throws `PatchRejectedError` for the first path `policy` does not allow writing. `cwd` is the turn's
 * working directory, writable under `workspace-write` like the policy's roots.
 */
export function checkPolicy(operations: FileOperation[], policy: SandboxPolicy, cwd: string): void {
  if (policy.mode === "danger-full-access") return;
  const paths = writtenPaths(operations);
  if (policy.mode === "read-only") {
    throw new PatchRejectedError(
      `the sandbox is read-only: cannot write ${paths[0]}; run with --sandbox workspace-write to allow edits`,
    );
  }
  const roots = [cwd, ...policy.writableRoots].map(canonicalPath);
  const readOnly = policy.readOnlyPaths.map(canonicalPath);
  for (const path of paths) {
    const real = canonicalPath(path);
    if (!roots.some((root) => isWithin(real, root))) {
      const where = real === path ? path : `${path} (resolves to ${real})`;
      throw new PatchRejectedError(
        `${where} is outside the working directory ${cwd} and the writable roots ` +
          `(${policy.writableRoots.join(", ") || "none"}); use a path inside the workspace`,
      );
    }
    const protectedBy = readOnly.find((ro) => isWithin(real, ro));
    if (protectedBy !== undefined) {
      throw new PatchRejectedError(`${path} is inside ${protectedBy}, which stays read-only in the sandbox`);
    }
  }
}
