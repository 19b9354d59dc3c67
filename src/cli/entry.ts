/**
 * The process entry: answers `--version` before anything heavy (commander, zod, providers) loads, then
 * hands over to the command tree. Used by `mod.ts` and by the entry module `scripts/build.ts` generates.
 * @module
 */
import type { Plugin } from "../kernel/plugin.ts";
import { PROGRAM_NAME, VERSION } from "./version.ts";

/** Runs the CLI and exits the process with its exit code. */
export async function main(args: string[], plugins: Plugin[] = []): Promise<never> {
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
    console.log(`${PROGRAM_NAME} ${VERSION}`);
    Deno.exit(0);
  }
  const { runCli } = await import("./main.ts");
  Deno.exit(await runCli(args, { plugins }));
}
