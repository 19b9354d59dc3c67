/**
 * The process entry: answers the quick paths (`--version`, `apply_patch`, the sandbox helper) before
 * anything heavy (commander, zod, providers) loads, runs a plain `exec` without the command tree
 * (`exec_fast_path.ts`), and hands everything else to the command tree. Used by `mod.ts`
 * and by the entry module `scripts/build.ts` generates.
 * @module
 */
import type { Plugin } from "../kernel/plugin.ts";
import { quickPath } from "./quick_path.ts";
import { runQuickPath } from "./quick_run.ts";
import { parseExecFast } from "./exec_fast_path.ts";

/** Runs the CLI and exits the process with its exit code. */
export async function main(args: string[], plugins: Plugin[] = []): Promise<never> {
  const quick = quickPath(args);
  if (quick) Deno.exit(await runQuickPath(quick));
  const exec = parseExecFast(args);
  if (exec) {
    const { runFastExec } = await import("./exec_fast_run.ts");
    return await runFastExec(exec, plugins);
  }
  const { runCli } = await import("./main.ts");
  Deno.exit(await runCli(args, { plugins }));
}
