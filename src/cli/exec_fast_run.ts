/**
 * Runs a plain `exec` parsed by `exec_fast_path.ts`: `runExec` as the command tree would call it for a
 * new session, errors reported as at the CLI boundary.
 * @module
 */
import { runExec } from "../frontends/exec/mod.ts";
import type { Plugin } from "../kernel/plugin.ts";
import type { ExecInvocation } from "./exec_fast_path.ts";
import { reportError } from "./report_error.ts";

/** Runs `exec` and exits the process with its exit code. */
export async function runFastExec(exec: ExecInvocation, plugins: Plugin[] = []): Promise<never> {
  let code: number;
  try {
    code = await runExec(exec.prompt, exec.options, { plugins, source: { kind: "new" } });
  } catch (err) {
    code = reportError(err);
  }
  Deno.exit(code);
}
