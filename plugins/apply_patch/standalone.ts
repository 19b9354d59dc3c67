/**
 * Standalone `apply_patch PATCH` (also `echo PATCH | apply_patch`), as Codex runs when invoked under
 * that name (spec §5.4): the patch from the single argument or stdin, relative to the current
 * directory, messages and exit codes as Codex prints them. Writes are all-or-nothing; confinement is
 * left to the OS sandbox of whatever runs this (e.g. the shell tool).
 * @module
 */
import { planPatch, summaryText } from "./apply.ts";
import { commitWrites } from "./commit.ts";
import { PatchApplyError, PatchWriteError } from "./errors.ts";
import { parsePatch, PatchParseError } from "./parser.ts";
import { readStdinUtf8 } from "./stdin.ts";
import { runWritePlanHelper, WRITE_PLAN_FLAG } from "./write_plan.ts";

/** Where standalone mode reads and writes; defaults are the process's own. */
export interface StandaloneIo {
  cwd?: string;
  /** Reads all of stdin (text or UTF-8 bytes); returns null when stdin is a terminal (nothing piped). */
  readStdin?: () => Promise<string | Uint8Array | null>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

const USAGE = "Usage: apply_patch 'PATCH'\n       echo 'PATCH' | apply_patch\n";

const HELP = `Apply a patch in Codex's format (*** Begin Patch ... *** End Patch) to files under the current
directory. Paths in the patch are relative to it; the writes are all-or-nothing.

${USAGE}`;

function readProcessStdin(): Promise<Uint8Array | null> {
  return Promise.resolve(Deno.stdin.isTerminal() ? null : readStdinUtf8());
}

function writer(stream: { writeSync(p: Uint8Array): number }): (text: string) => void {
  const enc = new TextEncoder();
  return (text) => {
    const bytes = enc.encode(text);
    for (let off = 0; off < bytes.length;) off += stream.writeSync(bytes.subarray(off));
  };
}

/** Applies `text` (or its UTF-8 bytes) in `cwd`; returns the exit code after printing Codex's messages. */
export async function applyPatchText(
  text: string | Uint8Array,
  cwd: string,
  out: (t: string) => void,
  err: (t: string) => void,
): Promise<number> {
  try {
    const parsed = parsePatch(text);
    if (parsed.hunks.length === 0) {
      err("No files were modified.\n");
      return 1;
    }
    const plan = await planPatch(parsed, { cwd });
    await commitWrites(plan.writes);
    out(summaryText(plan.operations));
    return 0;
  } catch (e) {
    if (e instanceof PatchParseError || e instanceof PatchApplyError || e instanceof PatchWriteError) {
      err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** Runs standalone mode on `args` (the words after `apply_patch`). Returns the exit code. */
export async function runStandalone(args: string[], io: StandaloneIo = {}): Promise<number> {
  const out = io.stdout ?? writer(Deno.stdout);
  const err = io.stderr ?? writer(Deno.stderr);
  const cwd = io.cwd ?? Deno.cwd();
  if (args.length === 1 && args[0] === WRITE_PLAN_FLAG) return await runWritePlanHelper();
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    out(HELP);
    return 0;
  }
  if (args.length > 1) {
    err("Error: apply_patch accepts exactly one argument.\n");
    return 2;
  }
  let text: string | Uint8Array | null = args[0] ?? null;
  if (text === null) {
    text = await (io.readStdin ?? readProcessStdin)();
    if (text === null || text.length === 0) {
      err(USAGE);
      return 2;
    }
  }
  return await applyPatchText(text, cwd, out, err);
}
