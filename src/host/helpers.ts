/**
 * The binary's helper entry points that must not load the command tree: `apply_patch` (Codex's arg0
 * dispatch and the subcommand the shell's PATH helper runs) and the Landlock `sandbox-exec-helper`.
 * Each imports its implementation lazily.
 * @module
 */

/** Applies the patch in `args` (or stdin) in the current directory; resolves to the exit code. */
export async function runApplyPatch(args: string[]): Promise<number> {
  const { runStandalone } = await import("../../plugins/apply_patch/standalone.ts");
  return await runStandalone(args);
}

/** Runs the Landlock sandbox helper (applies the rules, then execs the command); returns on failure only. */
export async function runSandboxHelper(args: string[]): Promise<number> {
  const { runHelper } = await import("../../sandbox/landlock/helper.ts");
  return runHelper(args);
}
