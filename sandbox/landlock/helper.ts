/**
 * The Landlock helper: `codex sandbox-exec-helper --policy <json> -- CMD ARGS...`. The CLI re-runs itself
 * with these arguments; the helper restores the command's environment, applies no_new_privs, Landlock
 * and (network off) seccomp to its main thread, then `execvp`s the command, which inherits all three.
 * It imports nothing but this folder and the kernel's sandbox types, so it starts fast.
 * @module
 */
import type { SandboxPolicy } from "../../mod.ts";
import { applyPolicy } from "./apply.ts";
import { execvp, LibcError, resetSigpipe } from "./ffi.ts";

/** The helper's subcommand name. */
export const HELPER_COMMAND = "sandbox-exec-helper";

/** What `--policy` carries. */
export interface HelperPayload {
  policy: SandboxPolicy;
  /** Variables the wrapper set for the helper's own runtime: a value restores it, null unsets it. */
  restoreEnv?: Record<string, string | null>;
}

/** Parses the helper's arguments (after the subcommand name). Throws with what was expected. */
export function parseHelperArgs(args: string[]): { payload: HelperPayload; argv: string[] } {
  const dashes = args.indexOf("--");
  if (args[0] !== "--policy" || args.length < 2 || dashes !== 2) {
    throw new Error(`expected '--policy <json> -- CMD...', found '${args.slice(0, 3).join(" ")}'`);
  }
  const argv = args.slice(3);
  if (argv.length === 0) throw new Error("expected a command after '--', found none");
  let payload: HelperPayload;
  try {
    payload = JSON.parse(args[1]);
  } catch (err) {
    throw new Error(
      `expected JSON after --policy, found ${JSON.stringify(args[1])}: ${(err as Error).message}`,
    );
  }
  const p = payload?.policy;
  if (
    !p || typeof p.mode !== "string" || !Array.isArray(p.writableRoots) || !Array.isArray(p.readOnlyPaths) ||
    typeof p.networkAccess !== "boolean"
  ) {
    throw new Error(
      "expected --policy to hold {policy: {mode, writableRoots, readOnlyPaths, networkAccess}}",
    );
  }
  return { payload, argv };
}

function fail(message: string, code: number): number {
  Deno.stderr.writeSync(new TextEncoder().encode(`codex sandbox: ${message}\n`));
  return code;
}

/**
 * Runs the helper. Returns an exit code only when something failed before or at `execvp` (1 for a
 * sandbox setup error, 127 for a missing command, 126 for one that cannot be executed).
 */
export function runHelper(args: string[]): number {
  let parsed;
  try {
    parsed = parseHelperArgs(args);
  } catch (err) {
    return fail((err as Error).message, 2);
  }
  for (const [k, v] of Object.entries(parsed.payload.restoreEnv ?? {})) {
    if (v === null) Deno.env.delete(k);
    else Deno.env.set(k, v);
  }
  try {
    applyPolicy(parsed.payload.policy);
  } catch (err) {
    return fail(`cannot apply the sandbox: ${(err as Error).message}`, 1);
  }
  resetSigpipe();
  const err = execvp(parsed.argv);
  const code = err instanceof LibcError && err.errno === 2 ? 127 : 126;
  return fail(`${parsed.argv[0]}: ${err.message}`, code);
}

if (import.meta.main) {
  const args = Deno.args[0] === HELPER_COMMAND ? Deno.args.slice(1) : Deno.args;
  Deno.exit(runHelper(args));
}
