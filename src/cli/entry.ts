/**
 * The process entry: answers the quick paths (`--version`, `apply_patch`, the sandbox helper) before
 * anything heavy (commander, zod, providers) loads, then hands over to the command tree. Used by `mod.ts`
 * and by the entry module `scripts/build.ts` generates.
 * @module
 */
import type { Plugin } from "../kernel/plugin.ts";
import { quickPath } from "./quick_path.ts";
import { runQuickPath } from "./quick_run.ts";
import { mark } from "../../lib/startup_trace.ts";

/** Runs the CLI and exits the process with its exit code. */
export async function main(args: string[], plugins: Plugin[] = []): Promise<never> {
  const quick = quickPath(args);
  if (quick) Deno.exit(await runQuickPath(quick));
  mark("entry");
  const { runCli } = await import("./main.ts");
  mark("main.ts loaded");
  Deno.exit(await runCli(args, { plugins }));
}
