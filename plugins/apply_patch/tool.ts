/**
 * The `apply_patch` tool, in Codex's two shapes: freeform (custom tool with a Lark grammar, the
 * default) and a JSON function taking `{input}` (`apply_patch_tool_type = "function"`). Both verify
 * the whole patch, check it against the sandbox policy, emit a `file_change` item and write
 * all-or-nothing.
 * @module
 */
import { z } from "zod";
import type {
  CustomToolDefinition,
  FileChangeItem,
  FileUpdateChange,
  FunctionToolDefinition,
  ToolContext,
  ToolResult,
} from "../../mod.ts";
import { type FileOperation, planPatch, summaryText } from "./apply.ts";
import { commitWrites } from "./commit.ts";
import { PatchApplyError, PatchWriteError } from "./errors.ts";
import { APPLY_PATCH_LARK_GRAMMAR, FREEFORM_DESCRIPTION, FUNCTION_DESCRIPTION } from "./grammar.ts";
import { parsePatch, PatchParseError } from "./parser.ts";
import { checkPolicy, PatchRejectedError } from "./policy.ts";
import { writeInSandbox } from "./sandboxed_writer.ts";

/** The tool's name in both shapes. */
export const APPLY_PATCH_TOOL_NAME = "apply_patch";

/** Arguments of the function variant. */
export const ApplyPatchParams = z.object({
  input: z.string().describe("The entire contents of the apply_patch command"),
});

/** Parsed arguments of the function variant. */
export type ApplyPatchArgs = z.output<typeof ApplyPatchParams>;

type FileChangePayload = Omit<FileChangeItem, "id">;

/** Wall time as Codex prints it for apply_patch: seconds rounded to 0.1, shortest form ("0", "0.3", "2"). */
export function formatWallTime(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** The `changes` of a `file_change` item: absolute paths in patch order; a move is an update of its source. */
export function fileChanges(operations: FileOperation[]): FileUpdateChange[] {
  return operations.map((op) => ({ path: op.absPath, kind: op.kind }));
}

function failure(output: string): ToolResult {
  return { output, success: false };
}

/** Options of `runApplyPatch`. */
export interface RunApplyPatchOptions {
  /**
   * Directory the patch's relative paths resolve against (a shell heredoc's `cd`/`workdir`); default
   * `ctx.cwd`. Only `ctx.cwd`, the turn's working directory, counts as writable: never this one.
   */
  patchCwd?: string;
  /** Write without the sandbox (a command a person approved to run unsandboxed). */
  unsandboxed?: boolean;
}

/** Whether the writes of a patch must go through the sandboxed writer (a confining backend is active). */
function confined(ctx: ToolContext, options: RunApplyPatchOptions): boolean {
  return !options.unsandboxed && ctx.sandbox.policy.mode !== "danger-full-access" &&
    ctx.sandbox.backend.id !== "none";
}

/**
 * Applies `patch` for the model with `ctx.cwd` as working directory. Never throws: every problem
 * becomes the text the model sees, and nothing is written unless everything can be. The policy check
 * here only gives early, readable refusals; under a confining backend the writes themselves happen in
 * a helper inside the same sandbox as commands (see `sandboxed_writer.ts`), so the kernel enforces
 * the writable roots.
 */
export async function runApplyPatch(
  patch: string,
  ctx: ToolContext,
  options: RunApplyPatchOptions = {},
): Promise<ToolResult> {
  const startedAt = performance.now();
  const patchCwd = options.patchCwd ?? ctx.cwd;
  let operations: FileOperation[];
  let writes;
  try {
    const parsed = parsePatch(patch);
    if (parsed.hunks.length === 0) return failure("patch rejected: empty patch");
    ({ operations, writes } = await planPatch(parsed, { cwd: patchCwd, rejectDuplicatePaths: true }));
    if (!options.unsandboxed) checkPolicy(operations, ctx.sandbox.policy, ctx.cwd);
  } catch (err) {
    if (err instanceof PatchParseError) {
      return failure(`apply_patch verification failed: ${err.toolMessage()}`);
    }
    if (err instanceof PatchApplyError) return failure(`apply_patch verification failed: ${err.toolMessage}`);
    if (err instanceof PatchRejectedError) return failure(`patch rejected: ${err.message}`);
    throw err;
  }
  const item = ctx.items.start<FileChangePayload>({
    type: "file_change",
    changes: fileChanges(operations),
    status: "in_progress",
    patch,
  });
  let writeError: string | undefined;
  if (confined(ctx, options)) {
    const outcome = await writeInSandbox(writes, ctx.sandbox, patchCwd);
    if (!outcome.ok) writeError = outcome.error ?? "the sandboxed patch writer failed";
  } else {
    try {
      await commitWrites(writes);
    } catch (err) {
      writeError = err instanceof PatchWriteError ? err.message : String(err);
    }
  }
  if (writeError !== undefined) {
    item.complete({ status: "failed" });
    const message = writeError;
    const wall = formatWallTime(performance.now() - startedAt);
    return failure(`Exit code: 1\nWall time: ${wall} seconds\nOutput:\n${message}\n`);
  }
  item.complete({ status: "completed" });
  const wall = formatWallTime(performance.now() - startedAt);
  return {
    output: `Exit code: 0\nWall time: ${wall} seconds\nOutput:\n${summaryText(operations)}`,
    success: true,
  };
}

/** The freeform (custom) tool definition: raw patch text, constrained by a Lark grammar. */
export function freeformApplyPatchTool(): CustomToolDefinition {
  return {
    kind: "custom",
    name: APPLY_PATCH_TOOL_NAME,
    description: FREEFORM_DESCRIPTION,
    format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
    execute: (input, ctx) => runApplyPatch(input, ctx),
  };
}

/** The JSON function tool definition: `{input: "<patch>"}`. */
export function functionApplyPatchTool(): FunctionToolDefinition<typeof ApplyPatchParams> {
  return {
    name: APPLY_PATCH_TOOL_NAME,
    description: FUNCTION_DESCRIPTION,
    parameters: ApplyPatchParams,
    execute: (args, ctx) => runApplyPatch(args.input, ctx),
  };
}
