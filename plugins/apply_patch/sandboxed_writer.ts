/**
 * Writing a verified patch inside the command sandbox. The CLI plans the patch (parse, verify, compute
 * every file's new content and the change summary), then re-runs itself as
 * `<cli> apply_patch --codex-write-plan` wrapped by the session's sandbox backend, with the planned
 * writes as JSON on stdin. The helper performs them all-or-nothing and answers one JSON line. So the
 * kernel (Landlock rules, bubblewrap's read-only mounts), not a path check in the CLI, decides what a
 * patch may write: a directory swapped for a symlink between the check and the write leads nowhere.
 * @module
 */
import { existsSync } from "../../lib/fs.ts";
import { fileURLToPath } from "../../lib/path.ts";
import type { SandboxRuntime } from "../../mod.ts";
import type { PlannedWrite } from "./apply.ts";
import { isCompiledBinary } from "../../lib/apply_patch/path_helper.ts";
import { serializeWritePlan, WRITE_PLAN_FLAG, type WriteOutcome } from "./write_plan.ts";

export {
  parseWritePlan,
  performWritePlan,
  runWritePlanHelper,
  WRITE_PLAN_FLAG,
  type WriteOutcome,
  type WritePlan,
} from "./write_plan.ts";

/**
 * The argv that runs the helper: the compiled binary's `apply_patch` subcommand, or under `deno run`
 * `write_plan.ts` directly (it loads only the writer).
 */
export function writePlanHelperArgv(): string[] | undefined {
  if (isCompiledBinary()) return [Deno.execPath(), "apply_patch", WRITE_PLAN_FLAG];
  const self = new URL("./write_plan.ts", import.meta.url);
  if (self.protocol !== "file:" || !existsSync(self)) return undefined;
  return [
    Deno.execPath(),
    "run",
    "--allow-read",
    "--allow-write",
    "--quiet",
    "--no-lock",
    "--no-config",
    "--cached-only",
    fileURLToPath(self),
    WRITE_PLAN_FLAG,
  ];
}

/** The helper's environment: only what Deno needs to start (no secrets reach the sandbox). */
function helperEnv(): Record<string, string> {
  const env: Record<string, string> = { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  for (const k of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "LANG"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  if (!env.DENO_DIR && !isCompiledBinary()) {
    const cache = env.XDG_CACHE_HOME ?? (env.HOME ? `${env.HOME}/.cache` : undefined);
    if (cache) env.DENO_DIR = `${cache}/deno`;
  }
  return env;
}

/**
 * Performs `writes` inside `sandbox` (the session's backend and policy) with `cwd` as working
 * directory. Never throws: a helper that cannot start or answers garbage becomes a failed outcome.
 */
export async function writeInSandbox(
  writes: PlannedWrite[],
  sandbox: SandboxRuntime,
  cwd: string,
): Promise<WriteOutcome> {
  const argv = writePlanHelperArgv();
  if (!argv) {
    return { ok: false, written: [], error: "cannot find the CLI entry point to run the sandboxed writer" };
  }
  try {
    const spec = await sandbox.wrap({ argv, cwd, env: helperEnv() });
    const child = new Deno.Command(spec.argv[0], {
      args: spec.argv.slice(1),
      cwd: spec.cwd,
      env: spec.env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(serializeWritePlan(writes)));
    await writer.close();
    const out = await child.output();
    const text = new TextDecoder().decode(out.stdout).trim().split("\n").pop() ?? "";
    try {
      const outcome = JSON.parse(text) as WriteOutcome;
      if (typeof outcome.ok === "boolean") return outcome;
    } catch {
      // fall through
    }
    const stderr = new TextDecoder().decode(out.stderr).trim();
    return {
      ok: false,
      written: [],
      error: `the sandboxed patch writer exited with code ${out.code} without a result${
        stderr ? `: ${stderr.split("\n").slice(-3).join(" ")}` : ""
      }`,
    };
  } catch (err) {
    return {
      ok: false,
      written: [],
      error: `cannot run the sandboxed patch writer: ${(err as Error).message}`,
    };
  }
}
