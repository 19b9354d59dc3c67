/**
 * `codex sandbox linux|macos [--full-auto] [-s MODE] [-c k=v] [-C DIR] -- CMD...`: runs CMD under the
 * platform's backend (linux: landlock, else bwrap; macos: seatbelt) with the configured policy. The
 * first stderr line names the backend and why it was chosen; stdio is inherited and the exit code is the
 * command's (128 + signal number when it was killed by a signal).
 * @module
 */
import { CodexError } from "../kernel/errors.ts";
import { UsageError } from "../plugin_api/errors.ts";
import type { Plugin } from "../kernel/plugin.ts";
import { adminFlags, chooseBackend, commandEnv, killSession, openHost } from "../host/mod.ts";

/** Backends each platform name may use, in order of preference. */
export const PLATFORM_BACKENDS: Readonly<Record<string, string[]>> = {
  linux: ["landlock", "bwrap"],
  macos: ["seatbelt"],
};

const SIGNALS: Deno.Signal[] = ["SIGINT", "SIGQUIT", "SIGTERM", "SIGHUP"];

/** Runs the command; resolves to the exit code. */
export async function runSandboxCommand(
  platform: string,
  command: string[],
  opts: Record<string, unknown>,
  plugins: Plugin[],
): Promise<number> {
  const only = PLATFORM_BACKENDS[platform];
  if (!only) throw new UsageError(`codex sandbox: expected platform 'linux' or 'macos', found '${platform}'`);
  if (command.length === 0) throw new UsageError("codex sandbox: expected a command after --, found none");
  const setup = await openHost({ frontEnd: "sandbox", flags: adminFlags(opts), plugins });
  const forced = setup.loaded.config.sandbox_backend;
  if (forced && forced !== "auto" && !only.includes(forced)) {
    throw new CodexError(
      `sandbox_backend = "${forced}" is not a ${platform} backend: expected one of ${only.join(", ")}`,
    );
  }
  const runtime = await chooseBackend(setup.registry, setup.policy, forced, only);
  console.error(`sandbox: ${runtime.backend.id} (${runtime.reason})`);
  for (const w of setup.loaded.warnings) console.error(`warning: ${w}`);

  const env = commandEnv(setup.config, setup.policy);
  const spec = await runtime.wrap({ argv: command, cwd: setup.cwd, env });
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(spec.argv[0], {
      args: spec.argv.slice(1),
      cwd: spec.cwd,
      env: spec.env,
      clearEnv: true,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
  } catch (err) {
    throw new CodexError(`codex sandbox: cannot run '${spec.argv[0]}': ${(err as Error).message}`, 127);
  }
  // Terminal signals (Ctrl-C, Ctrl-\) reach the command itself (same process group): this process only
  // keeps waiting for its exit code. SIGTERM and SIGHUP sent to this process are passed on.
  const listeners: [Deno.Signal, () => void][] = [];
  for (const sig of SIGNALS) {
    const onSignal = sig === "SIGINT" || sig === "SIGQUIT" ? () => {} : () => {
      try {
        child.kill(sig);
      } catch { /* already gone */ }
    };
    try {
      Deno.addSignalListener(sig, onSignal);
      listeners.push([sig, onSignal]);
    } catch { /* not supported on this platform */ }
  }
  const status = await child.status;
  // What the command left running in its session (the landlock helper made it a session leader) ends too.
  killSession(child.pid);
  for (const [sig, fn] of listeners) Deno.removeSignalListener(sig, fn);
  // Deno reports a signal death as 128 + the signal number, as shells do.
  return status.code;
}
