/**
 * Verifies a parsed patch against the filesystem and computes every resulting file in memory before
 * anything is written (all-or-nothing across files; a deliberate difference from Codex, which keeps
 * the hunks applied before a failing one). Hunks see the results of earlier hunks of the same patch.
 * @module
 */
import { dirname, resolve } from "../../lib/path.ts";
import { applyChunks } from "./chunks.ts";
import { type FileLines, splitFileLines } from "./file_lines.ts";
import { osReason, PatchApplyError } from "./errors.ts";
import { addFileBytes, type Hunk, type ParsedPatch } from "./parser.ts";
import { SplicedContent } from "./spliced.ts";
import { isUtf8 } from "./utf8_space.ts";

/** Bytes inspected for a NUL byte to tell binary files from text. */
export const BINARY_SNIFF_BYTES = 8192;

/** One file operation of a verified patch, in patch order. */
export interface FileOperation {
  kind: "add" | "delete" | "update";
  /** The path as written in the patch. */
  path: string;
  /** `path` resolved against the working directory. */
  absPath: string;
  /** `*** Move to:` destination as written, for a moved update. */
  movePath?: string;
  /** `movePath` resolved against the working directory. */
  absMovePath?: string;
}

/**
 * The final state of one touched path: new content (text, its UTF-8 bytes, or those bytes as pieces of
 * other buffers), or `null` for deleted.
 */
export interface PlannedWrite {
  absPath: string;
  content: string | Uint8Array | SplicedContent | null;
}

/** A verified patch: what it does, and the writes that do it (first-touch order). */
export interface PatchPlan {
  operations: FileOperation[];
  writes: PlannedWrite[];
}

/** Options of `planPatch`. */
export interface PlanOptions {
  /** Directory relative paths resolve against. */
  cwd: string;
  /** Reject a patch with two hunks on the same path, as Codex's tool does (its standalone mode does not). */
  rejectDuplicatePaths?: boolean;
}

function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1;
}

/**
 * Reads a whole file into one buffer of its size (`Deno.readFile` grows a buffer and copies it, which
 * raises the peak memory of patching a large file by about its size).
 */
function readWhole(path: string): Uint8Array {
  using file = Deno.openSync(path);
  let bytes = new Uint8Array(file.statSync().size);
  let at = 0;
  for (;;) {
    if (at === bytes.length) {
      // Full: the end of the file, unless it grew since stat.
      const probe = new Uint8Array(1 << 12);
      const n = file.readSync(probe);
      if (n === null) return bytes;
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + n + (1 << 16)));
      grown.set(bytes);
      grown.set(probe.subarray(0, n), at);
      bytes = grown;
      at += n;
    }
    const n = file.readSync(bytes.subarray(at));
    if (n === null) return bytes.slice(0, at);
    at += n;
  }
}

/** Files as the patch has left them so far: pending content, `null` once deleted. */
class Overlay {
  readonly #state = new Map<string, string | Uint8Array | SplicedContent | null>();

  has(abs: string): boolean {
    return this.#state.has(abs);
  }

  get(abs: string): string | Uint8Array | SplicedContent | null | undefined {
    return this.#state.get(abs);
  }

  set(abs: string, content: string | Uint8Array | SplicedContent | null): void {
    this.#state.set(abs, content);
  }

  writes(): PlannedWrite[] {
    return [...this.#state].map(([absPath, content]) => ({ absPath, content }));
  }
}

function readForUpdate(abs: string, overlay: Overlay, patchLine: number): Uint8Array | FileLines {
  const fail = (reason: string) =>
    new PatchApplyError(`Failed to read file to update ${abs}: ${reason}`, { patchLine });
  if (overlay.has(abs)) {
    const content = overlay.get(abs);
    if (content === null) throw fail("No such file or directory (os error 2)");
    if (typeof content === "string") return new TextEncoder().encode(content);
    return content instanceof SplicedContent ? content.bytes() : content!;
  }
  let bytes: Uint8Array;
  try {
    bytes = readWhole(abs);
  } catch (err) {
    throw fail(osReason(err));
  }
  if (isBinary(bytes)) {
    throw fail(
      `binary file (a NUL byte in the first ${BINARY_SNIFF_BYTES} bytes); apply_patch edits text files only`,
    );
  }
  // Indexing the lines also tells whether the file is all ASCII, which needs no UTF-8 check.
  const lines = splitFileLines(bytes);
  if (!lines.ascii && !isUtf8(bytes)) throw fail("stream did not contain valid UTF-8");
  return lines;
}

function checkDeletable(abs: string, overlay: Overlay, patchLine: number): void {
  const fail = (reason: string) =>
    new PatchApplyError(`Failed to delete file ${abs}`, {
      toolMessage: `Failed to read ${abs}: ${reason}`,
      patchLine,
    });
  if (overlay.has(abs)) {
    if (overlay.get(abs) === null) throw fail("No such file or directory (os error 2)");
    return;
  }
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(abs);
  } catch (err) {
    throw fail(osReason(err));
  }
  if (info.isDirectory) throw fail("Is a directory (os error 21)");
}

function checkWritable(abs: string, overlay: Overlay, patchLine: number): void {
  if (overlay.has(abs)) return;
  try {
    const info = Deno.statSync(abs);
    if (info.isDirectory) {
      throw new PatchApplyError(`Failed to write file ${abs}: Is a directory (os error 21)`, { patchLine });
    }
  } catch (err) {
    if (err instanceof PatchApplyError) throw err;
    // Absent files are created; other problems surface when writing (and are rolled back).
  }
  // A regular file where a parent directory must go cannot be written either.
  const notDir = () =>
    new PatchApplyError(`Failed to write file ${abs}: Not a directory (os error 20)`, { patchLine });
  for (let dir = dirname(abs); dir !== dirname(dir); dir = dirname(dir)) {
    if (overlay.has(dir)) {
      if (overlay.get(dir) !== null) throw notDir();
      continue; // deleted by this patch: the directory will be created
    }
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(dir);
    } catch {
      continue; // absent: created on demand
    }
    if (!info.isDirectory) throw notDir();
    return;
  }
}

function emptyPathError(hunk: Hunk): PatchApplyError {
  const header = hunk.type === "add" ? "Add File" : hunk.type === "delete" ? "Delete File" : "Update File";
  return new PatchApplyError(
    `invalid hunk at line ${hunk.patchLine}: '*** ${header}:' needs a file path, found none`,
    { patchLine: hunk.patchLine },
  );
}

/**
 * Verifies `patch` and computes its result. Rejects with `PatchApplyError` (nothing written) when a file
 * is missing, binary or not UTF-8, a context is not found, or a target is a directory.
 */
export function planPatch(patch: ParsedPatch, options: PlanOptions): Promise<PatchPlan> {
  return new Promise((resolve) => resolve(planPatchSync(patch, options)));
}

/**
 * `planPatch` without the promise: files are read with synchronous calls (an asynchronous read of a
 * large file costs a thread hand-off and more memory, and a patch's files are local).
 */
export function planPatchSync(patch: ParsedPatch, options: PlanOptions): PatchPlan {
  const overlay = new Overlay();
  const operations: FileOperation[] = [];
  const seen = new Set<string>();
  for (const hunk of patch.hunks) {
    if (hunk.path.trim() === "") throw emptyPathError(hunk);
    const abs = resolve(options.cwd, hunk.path);
    if (options.rejectDuplicatePaths) {
      if (seen.has(abs)) {
        throw new PatchApplyError(`invalid patch: multiple operations target ${abs}`, {
          patchLine: hunk.patchLine,
        });
      }
      seen.add(abs);
    }
    if (hunk.type === "add") {
      checkWritable(abs, overlay, hunk.patchLine);
      overlay.set(abs, addFileBytes(hunk) ?? hunk.contents);
      operations.push({ kind: "add", path: hunk.path, absPath: abs });
    } else if (hunk.type === "delete") {
      checkDeletable(abs, overlay, hunk.patchLine);
      overlay.set(abs, null);
      operations.push({ kind: "delete", path: hunk.path, absPath: abs });
    } else {
      const content = applyChunks(readForUpdate(abs, overlay, hunk.patchLine), hunk.chunks, abs);
      const op: FileOperation = { kind: "update", path: hunk.path, absPath: abs };
      if (hunk.movePath !== undefined && hunk.movePath.trim() !== "") {
        const dest = resolve(options.cwd, hunk.movePath);
        op.movePath = hunk.movePath;
        op.absMovePath = dest;
        if (dest !== abs) {
          checkWritable(dest, overlay, hunk.patchLine);
          overlay.set(dest, content);
          overlay.set(abs, null);
        } else {
          overlay.set(abs, content);
        }
      } else {
        overlay.set(abs, content);
      }
      operations.push(op);
    }
  }
  return { operations, writes: overlay.writes() };
}

/** Codex's success text: `Success. Updated the following files:` then A, then M, then D lines. */
export function summaryText(operations: FileOperation[]): string {
  const added = operations.filter((o) => o.kind === "add").map((o) => `A ${o.path}\n`);
  const modified = operations.filter((o) => o.kind === "update").map((o) => `M ${o.movePath ?? o.path}\n`);
  const deleted = operations.filter((o) => o.kind === "delete").map((o) => `D ${o.path}\n`);
  return `Success. Updated the following files:\n${[...added, ...modified, ...deleted].join("")}`;
}
