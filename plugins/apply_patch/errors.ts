/**
 * Errors raised while verifying or writing a patch. Each carries the text Codex prints in standalone
 * mode (`message`) and the text the tool answers the model with (`toolMessage`).
 * @module
 */

/** A patch that parsed but cannot be applied: a missing file, context not found, a binary file… */
export class PatchApplyError extends Error {
  /** What the `apply_patch` tool tells the model (after `apply_patch verification failed: `). */
  readonly toolMessage: string;
  /** The 1-based patch line of the hunk or chunk at fault, when known. */
  readonly patchLine?: number;

  constructor(message: string, options: { toolMessage?: string; patchLine?: number } = {}) {
    super(message);
    this.name = "PatchApplyError";
    this.toolMessage = options.toolMessage ?? message;
    this.patchLine = options.patchLine;
  }
}

/** A write, delete or rename failed; everything already written was restored. */
export class PatchWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatchWriteError";
  }
}

/**
 * The OS part of a filesystem error, in the form Rust prints it (`No such file or directory (os
 * error 2)`), dropping Deno's `: readfile '/path'` suffix.
 */
export function osReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const m = /^(.*?\(os error \d+\))/.exec(message);
  return m ? m[1] : message;
}
