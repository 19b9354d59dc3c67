/**
 * The common end of `exec_command` and `write_stdin`: wait for exit / yield / abort, then either report
 * the exit (completing the item and forgetting the process) or keep the process and report its session id.
 * @module
 */
import type { ToolContext, ToolResult } from "../../mod.ts";
import { formatExecOutput, newChunkId } from "./format.ts";
import { completeItem, type ProcessStore, reportedExitCode, type TrackedProcess } from "./sessions.ts";

/** Inputs of `respond`. */
export interface RespondOptions {
  ctx: ToolContext;
  store: ProcessStore;
  /** How long to wait for the process to exit before answering. */
  waitMs: number;
  maxOutputTokens: number;
  /** `performance.now()` when the call began (for `Wall time`). */
  startedAt: number;
}

/** Waits on `tp` and builds the model's answer. Never throws. */
export async function respond(tp: TrackedProcess, opts: RespondOptions): Promise<ToolResult> {
  const outcome = await tp.proc.wait(opts.waitMs, opts.ctx.signal);
  if (outcome === "aborted") {
    tp.aborted = true;
    tp.proc.kill();
    await tp.proc.exited;
  }
  // Read the exit before the output: once `exit` is set the pipes are drained, so nothing is lost.
  const exit = tp.proc.exit;
  const output = tp.proc.takeOutput();
  const chunkId = newChunkId();
  const common = { chunkId, output, maxOutputTokens: opts.maxOutputTokens };
  if (!exit) {
    const sessionId = tp.sessionId ?? opts.store.add(tp);
    tp.lastUsed = Date.now();
    const wallTimeMs = performance.now() - opts.startedAt;
    return { output: formatExecOutput({ ...common, wallTimeMs, sessionId }), success: true, bounded: true };
  }
  completeItem(tp);
  if (tp.sessionId !== undefined) opts.store.remove(tp.sessionId);
  if (tp.aborted) {
    // Codex's words for a shell call cut short by an interrupt.
    const seconds = (performance.now() - opts.startedAt) / 1000;
    return {
      output: `Wall time: ${seconds.toFixed(1)} seconds\naborted by user`,
      success: false,
      aborted: true,
    };
  }
  const exitCode = reportedExitCode(exit);
  const note = exit.timedOut ? `command timed out after ${tp.timeoutMs} milliseconds` : undefined;
  const wallTimeMs = performance.now() - opts.startedAt;
  return {
    output: formatExecOutput({ ...common, wallTimeMs, exitCode, note }),
    success: exitCode === 0,
    bounded: true,
  };
}
