/**
 * Writes a verified patch. Each file goes to a temporary sibling that is then renamed over the target
 * (a symlinked target is written through instead); deletions remove the file. If any step fails,
 * everything already done is undone in reverse order — restored files, removed new files and
 * directories — and a `PatchWriteError` says which file failed.
 * @module
 */
import { basename, dirname, join } from "../../lib/path.ts";
import type { PlannedWrite } from "./apply.ts";
import { osReason, PatchWriteError } from "./errors.ts";
import { type SplicedContent, writeContent } from "./spliced.ts";

/** What was at a path before the patch touched it. */
interface Original {
  absPath: string;
  /** Previous bytes, or null when the path did not exist. */
  bytes: Uint8Array | null;
  mode: number | null;
  /** For a deleted symlink: its target, so a rollback recreates the link itself. */
  link?: string;
  /**
   * The file exists but its bytes were not read: the last write of a patch replaces its file by a
   * rename, so a failure leaves it as it was; they are read only before a rewrite in place.
   */
  unread?: boolean;
}

const enc = new TextEncoder();

function snapshot(absPath: string, readBytes: boolean): Original {
  try {
    const info = Deno.statSync(absPath);
    if (!info.isFile) return { absPath, bytes: null, mode: null };
    if (!readBytes) return { absPath, bytes: null, mode: info.mode, unread: true };
    return { absPath, bytes: Deno.readFileSync(absPath), mode: info.mode };
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return { absPath, bytes: null, mode: null };
    throw err;
  }
}

function sameContent(path: string, bytes: Uint8Array): boolean {
  try {
    const now = Deno.readFileSync(path);
    return now.length === bytes.length && now.every((b, i) => b === bytes[i]);
  } catch {
    return false;
  }
}

function isSymlink(path: string): boolean {
  try {
    return Deno.lstatSync(path).isSymlink;
  } catch {
    return false;
  }
}

/** Creates the missing ancestors of `dir`; returns the topmost directory it created, if any. */
function ensureDir(dir: string): string | null {
  let top: string | null = null;
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    try {
      Deno.statSync(d);
      break;
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
      top = d;
    }
  }
  if (top !== null) Deno.mkdirSync(dir, { recursive: true });
  return top;
}

/**
 * Writes `bytes` to `absPath` via a temporary sibling and a rename, keeping `mode` when given.
 * `beforeInPlace` runs before the file itself is rewritten (through a symlink, or where the rename is
 * not allowed).
 */
export function writeAtomically(
  absPath: string,
  bytes: Uint8Array | SplicedContent,
  mode: number | null,
  beforeInPlace?: () => void,
): void {
  if (isSymlink(absPath)) {
    beforeInPlace?.();
    writeContent(absPath, bytes);
    return;
  }
  const tmp = join(
    dirname(absPath),
    `.${basename(absPath)}.${crypto.randomUUID().slice(0, 8)}.apply_patch.tmp`,
  );
  try {
    writeContent(tmp, bytes, mode === null ? undefined : mode & 0o7777);
    if (mode !== null) Deno.chmodSync(tmp, mode & 0o7777);
    Deno.renameSync(tmp, absPath);
  } catch (err) {
    try {
      Deno.removeSync(tmp);
    } catch {
      // never created
    }
    // Where new entries may not be created but existing files may be written (a Landlock rule on a
    // repository root, a read-only directory holding a writable file), rewrite the file in place.
    if (mode === null) throw err;
    beforeInPlace?.();
    writeContent(absPath, bytes);
  }
}

async function restore(originals: Original[], createdDirs: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const o of [...originals].reverse()) {
    if (o.unread) continue; // never rewritten in place, so unchanged
    try {
      if (o.bytes !== null && sameContent(o.absPath, o.bytes)) continue; // never changed
      if (o.link !== undefined) {
        if (!(isSymlink(o.absPath))) await Deno.symlink(o.link, o.absPath);
      } else if (o.bytes === null) {
        await Deno.remove(o.absPath).catch((err) => {
          if (!(err instanceof Deno.errors.NotFound)) throw err;
        });
      } else writeAtomically(o.absPath, o.bytes, o.mode);
    } catch (err) {
      problems.push(`${o.absPath}: ${osReason(err)}`);
    }
  }
  for (const dir of [...createdDirs].reverse()) {
    await Deno.remove(dir, { recursive: true }).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) problems.push(`${dir}: ${osReason(err)}`);
    });
  }
  return problems;
}

/** Performs `writes` in order; on failure restores what was already changed and throws `PatchWriteError`. */
export async function commitWrites(writes: PlannedWrite[]): Promise<void> {
  const originals: Original[] = [];
  const createdDirs: string[] = [];
  for (const [i, w] of writes.entries()) {
    try {
      // The last write's own failure leaves its file unchanged unless it is rewritten in place.
      const original = snapshot(w.absPath, w.content === null || i < writes.length - 1);
      if (w.content === null) {
        if (isSymlink(w.absPath)) {
          originals.push({
            absPath: w.absPath,
            bytes: null,
            mode: null,
            link: Deno.readLinkSync(w.absPath),
          });
        } else if (original.bytes === null) {
          continue; // added, then deleted by the same patch
        } else originals.push(original);
        Deno.removeSync(w.absPath);
      } else {
        const created = ensureDir(dirname(w.absPath));
        if (created !== null) createdDirs.push(created);
        originals.push(original);
        const bytes = typeof w.content === "string" ? enc.encode(w.content) : w.content;
        writeAtomically(w.absPath, bytes, original.mode, () => {
          if (!original.unread) return;
          original.bytes = Deno.readFileSync(w.absPath);
          original.unread = false;
        });
      }
    } catch (err) {
      const verb = w.content === null ? "delete" : "write";
      const problems = await restore(originals, createdDirs);
      const restored = problems.length === 0
        ? "every file already changed was restored"
        : `restoring failed for ${problems.join("; ")}`;
      throw new PatchWriteError(`Failed to ${verb} file ${w.absPath}: ${osReason(err)} (${restored})`);
    }
  }
}
