/**
 * The invocations the CLI answers without its command tree or its plugin API: `--version`, `--help`, Codex's
 * `apply_patch` (by argv[0] or as the first word) and the Landlock `sandbox-exec-helper`. Deciding which
 * one applies imports nothing heavy, so `mod.ts` and the compiled entry can both ask first.
 * @module
 */
import { PROGRAM_NAME, VERSION } from "../../lib/version.ts";
import { TOP_LEVEL_HELP } from "./help_text.ts";

/** A quick answer and its arguments. */
export type QuickPath =
  | { kind: "version" }
  | { kind: "help" }
  | { kind: "apply_patch"; args: string[] }
  | { kind: "sandbox_helper"; args: string[] };

/**
 * The name this process was started under (argv[0]'s basename). A compiled binary reached through a
 * symlink or hardlink named `apply_patch` reports its real path in `Deno.execPath()`, so Linux's
 * /proc/self/cmdline is preferred.
 */
export function invokedName(): string {
  let argv0: string;
  try {
    argv0 = Deno.readTextFileSync("/proc/self/cmdline").split("\0")[0];
  } catch {
    argv0 = Deno.execPath();
  }
  return argv0.slice(argv0.lastIndexOf("/") + 1).replace(/\.exe$/i, "");
}

/** Which quick answer `args` asks for, if any. */
export function quickPath(args: string[]): QuickPath | undefined {
  const invoked = invokedName();
  // Codex's arg0 dispatch: `apply_patch PATCH` applies a patch in the current directory.
  if (invoked === "apply_patch" || invoked === "applypatch") return { kind: "apply_patch", args };
  // The subcommand, which the shell's PATH helper runs often.
  if (args[0] === "apply_patch" || args[0] === "applypatch") {
    return { kind: "apply_patch", args: args.slice(1) };
  }
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) return { kind: "version" };
  // The top-level help, pre-rendered (commander alone costs about 100 ms and 18 MB to load).
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) return { kind: "help" };
  // The Landlock helper runs before every sandboxed command.
  if (args[0] === "sandbox-exec-helper") return { kind: "sandbox_helper", args: args.slice(1) };
  return undefined;
}

/** The `--version` line. */
export function versionLine(): string {
  return `${PROGRAM_NAME} ${VERSION}`;
}

/** What the quick answers that only print (`--version`, `--help`) print; undefined for the others. */
export function quickText(quick: QuickPath): string | undefined {
  if (quick.kind === "version") return versionLine() + "\n";
  if (quick.kind === "help") return TOP_LEVEL_HELP;
  return undefined;
}
