/**
 * The process entry: answers `--version` before anything heavy (commander, zod, providers) loads, then
 * hands over to the command tree. Used by `mod.ts` and by the entry module `scripts/build.ts` generates.
 * @module
 */
import type { Plugin } from "../kernel/plugin.ts";
import { PROGRAM_NAME, VERSION } from "../../lib/version.ts";

/**
 * The name this process was started under (argv[0]'s basename). A compiled binary reached through a
 * symlink or hardlink named `apply_patch` reports its real path in `Deno.execPath()`, so Linux's
 * /proc/self/cmdline is preferred.
 */
function invokedName(): string {
  let argv0: string;
  try {
    argv0 = Deno.readTextFileSync("/proc/self/cmdline").split("\0")[0];
  } catch {
    argv0 = Deno.execPath();
  }
  return argv0.slice(argv0.lastIndexOf("/") + 1).replace(/\.exe$/i, "");
}

/** Runs the CLI and exits the process with its exit code. */
export async function main(args: string[], plugins: Plugin[] = []): Promise<never> {
  const invoked = invokedName();
  const patchArgs = invoked === "apply_patch" || invoked === "applypatch"
    ? args // Codex's arg0 dispatch: `apply_patch PATCH` applies a patch in the current directory.
    : args[0] === "apply_patch" || args[0] === "applypatch"
    ? args.slice(1) // the subcommand, without loading the command tree (the shell's helper runs it often)
    : undefined;
  if (patchArgs !== undefined) {
    const { runApplyPatch } = await import("../host/helpers.ts");
    Deno.exit(await runApplyPatch(patchArgs));
  }
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
    console.log(`${PROGRAM_NAME} ${VERSION}`);
    Deno.exit(0);
  }
  if (args[0] === "sandbox-exec-helper") {
    // The Landlock helper runs before every sandboxed command: it must not load the command tree.
    const { runSandboxHelper } = await import("../host/helpers.ts");
    Deno.exit(await runSandboxHelper(args.slice(1)));
  }
  const { runCli } = await import("./main.ts");
  Deno.exit(await runCli(args, { plugins }));
}
