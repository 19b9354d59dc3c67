/**
 * The CLI boundary's error report: one clear line on stderr and an exit code by type (usage errors 2,
 * others 1); no stack trace unless CODEX_DEBUG is set. Free of commander, so the fast `exec` path uses
 * it too.
 * @module
 */
import { CodexError, ExitCode } from "../kernel/errors.ts";

/** Prints `err` the way the CLI boundary promises and returns its exit code. */
export function reportError(err: unknown): number {
  const enc = new TextEncoder();
  if (err instanceof CodexError) {
    Deno.stderr.writeSync(enc.encode(`Error: ${err.message}\n`));
    if (Deno.env.get("CODEX_DEBUG")) console.error(err);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  Deno.stderr.writeSync(enc.encode(`Error: ${message}\n`));
  if (Deno.env.get("CODEX_DEBUG")) console.error(err);
  else Deno.stderr.writeSync(enc.encode("(internal error; set CODEX_DEBUG=1 for details)\n"));
  return ExitCode.Failure;
}
